"""The output convention on the write and exchange commands (docs/cli.md, "Output options"):
each says what it set, as it is now on the card; `merge` takes --json; --quiet on `add`,
`event`, `merge`, `import` and `export` prints nothing on success."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, ROOT, TODAY, run_cli, run_json, run_ok, tree_hashes

KEVIN = "---\ntier: B\nnext_followup: 2026-12-15\n---\n## Log\n- 2026-11-03 email: proposal\n"
FILES = {
    "People/Kevin O'Brien.md": KEVIN,
    "People/Lucia Bianchi.md": "---\n---\n",
    "People/Marco Bianchi.md": "---\n---\n",
    "Groups/Ottawa Chamber of Commerce.md": "---\ntype: group\n---\n",
}


@pytest.fixture
def vault(make_vault, monkeypatch):
    root = make_vault(FILES)
    monkeypatch.chdir(root)  # paths are shown from the current folder
    return root


def test_followup_says_the_date_the_card_has_already(vault):
    before = tree_hashes(vault)
    out = run_ok(["followup", "Kevin", "2026-12-15"], vault, today=TODAY).stdout
    assert out == "Kevin O'Brien: next follow-up 2026-12-15, unchanged (People/Kevin O'Brien.md)\n"
    assert tree_hashes(vault) == before


def test_intro_prints_the_entries_as_written_on_each_card(vault):
    (vault / ".netnotes/config.toml").write_text("[team]\nsign_entries = true\n")
    out = run_ok(["intro", "Kevin", "Lucia Bianchi", "--note", "her accountant"], vault, today=TODAY,
                 env={"NETNOTES_USER": "Dana"}).stdout
    kevin = (vault / "People/Kevin O'Brien.md").read_text(encoding="utf-8")
    entry = next(line[2:] for line in kevin.splitlines() if " intro " in line)
    assert entry.endswith("[by:: Dana]")  # what the card has, signature and all
    assert out.splitlines()[0] == f"Kevin O'Brien: logged {entry} (People/Kevin O'Brien.md)"
    assert out.splitlines()[1].startswith("Lucia Bianchi: logged 2026-11-20 intro [[Kevin O'Brien]]: her accountant")


def test_event_says_what_it_set_on_each_card(vault):
    out = run_ok(["event", "Mixer", "--date", "2026-12-14", "Kevin", "Ann Lee"], vault, today="2026-12-15").stdout
    assert out.splitlines() == [
        "created: Events/2026-12-14 Mixer.md",
        "Kevin O'Brien: met 2026-12-14 at [[2026-12-14 Mixer]] (People/Kevin O'Brien.md)",  # his 12-15 stays
        "Ann Lee: new card, met 2026-12-14 at [[2026-12-14 Mixer]]; next follow-up 2026-12-16 (People/Ann Lee.md)"]


def test_add_quiet_names_no_similar_card(vault):
    result = run_ok(["add", "Anna Bianchi", "--quiet"], vault, today=TODAY)
    assert (result.stdout, result.stderr) == ("", "")
    assert (vault / "People/Anna Bianchi.md").exists()
    loud = run_ok(["add", "Lucio Bianchi"], vault, today=TODAY)
    assert loud.stderr.startswith("note: similar names on other cards: ")


def test_quiet_keeps_warnings_about_what_was_written_as_text(vault):
    result = run_ok(["event", "Mixer", "--group", "Otawa Chamber", "Bo Chen", "Bo  Chen", "--quiet"], vault,
                    today=TODAY)
    assert result.stdout == ""
    assert result.stderr.startswith("warning: --group `Otawa Chamber` names no group note")
    assert "listed once" not in result.stderr  # a note, not a warning


# ---- merge ------------------------------------------------------------------------------------
A = "---\ncompany: Gervais Consulting\nemail: alain@gervais.example\n---\n## Log\n- 2026-10-21 coffee: hi\n"
B = "---\ncompany: Gervais Strategy\nphone: \"+1 613 555 0101\"\n---\n## Log\n- 2025-10-01 coffee: BNI\n"
LUNCH = "---\ntype: meeting\n---\nLunch with [[Al Gervais]].\n"


@pytest.fixture
def merge_vault(make_vault, monkeypatch):
    root = make_vault({"People/Alain Gervais.md": A, "People/Al Gervais.md": B, "Meetings/Lunch.md": LUNCH})
    monkeypatch.chdir(root)
    return root


def test_merge_json_is_the_plan_and_writes_nothing(merge_vault):
    before = tree_hashes(merge_vault)
    result = run_ok(["merge", "Alain Gervais", "Al Gervais", "--json"], merge_vault)
    assert result.stderr == ""  # the conflicts are in the JSON
    plan = json.loads(result.stdout)
    assert plan["applied"] is False
    assert {k: plan["a"][k] for k in ("name", "path", "action")} == {
        "name": "Alain Gervais", "path": "People/Alain Gervais.md", "action": "would be updated"}
    assert "+phone: " in plan["a"]["diff"] and "+- 2025-10-01 coffee: BNI" in plan["a"]["diff"]
    assert plan["b"] == {"name": "Al Gervais", "path": "People/Al Gervais.md", "trash": ".trash/Al Gervais.md",
                         "action": "would be moved"}
    assert [(r["path"], r["action"]) for r in plan["relinked"]] == [("Meetings/Lunch.md", "would be updated")]
    assert "+Lunch with [[Alain Gervais]]." in plan["relinked"][0]["diff"] and plan["links"] == 1
    assert plan["conflicts"] == [{"key": "company", "ours": "Gervais Consulting", "theirs": "Gervais Strategy"}]
    assert tree_hashes(merge_vault) == before


def test_merge_json_applied_says_what_was_written(merge_vault):
    done = run_json(["merge", "Alain Gervais", "Al Gervais", "--prefer", "company=B", "--apply", "--json"],
                    merge_vault)
    assert done == {"applied": True,
                    "a": {"name": "Alain Gervais", "path": "People/Alain Gervais.md", "action": "updated"},
                    "b": {"name": "Al Gervais", "path": "People/Al Gervais.md", "trash": ".trash/Al Gervais.md",
                          "action": "moved"},
                    "relinked": [{"path": "Meetings/Lunch.md", "action": "updated"}], "links": 1, "conflicts": []}
    assert (merge_vault / ".trash/Al Gervais.md").read_text() == B
    assert "[[Alain Gervais]]" in (merge_vault / "Meetings/Lunch.md").read_text()


def test_merge_quiet(merge_vault):
    before = tree_hashes(merge_vault)
    plan = run_ok(["merge", "Alain Gervais", "Al Gervais", "--quiet"], merge_vault)
    assert (plan.stdout, plan.stderr) == ("", "") and tree_hashes(merge_vault) == before
    refused = run_cli(["merge", "Alain Gervais", "Al Gervais", "--apply", "-q"], merge_vault, expect_error=True)
    assert refused.exit_code == 4 and refused.stdout == "" and tree_hashes(merge_vault) == before
    assert refused.stderr.startswith("conflict: company is 'Gervais Consulting' on A")  # what stops it is said
    applied = run_ok(["merge", "Alain Gervais", "Al Gervais", "--prefer", "company=A", "--apply", "-q"], merge_vault)
    assert (applied.stdout, applied.stderr) == ("", "")
    assert not (merge_vault / "People/Al Gervais.md").exists()


# ---- import and export ------------------------------------------------------------------------
VCF = FIXTURES / "import" / "contacts-3.0.vcf"
ICS = ROOT / "tests" / "fixtures" / "calendar" / "work.ics"


def test_import_quiet_plan_is_the_exit_status_only(vault):
    before = tree_hashes(vault)
    plan = run_ok(["import", "vcard", str(VCF), "--quiet"], vault)
    assert (plan.stdout, plan.stderr, plan.exit_code) == ("", "", 0)
    assert tree_hashes(vault) == before
    applied = run_ok(["import", "vcard", str(VCF), "--apply", "--quiet"], vault)
    assert (applied.stdout, applied.stderr) == ("", "")
    assert (vault / "People/Camille Lefèvre.md").exists()
    again = json.loads(run_ok(["import", "vcard", str(VCF), "--json", "--quiet"], vault).stdout)  # JSON wins
    assert {s["action"] for s in again["steps"]} == {"same"}


def test_import_ics_quiet(vault):
    result = run_ok(["import", "ics", str(ICS), "--quiet"], vault, today=TODAY)
    assert (result.stdout, result.stderr) == ("", "")


def test_export_quiet_writes_the_file_and_says_nothing(vault):
    result = run_ok(["export", "csv", "--out", "all.csv", "--quiet"], vault)
    assert (result.stdout, result.stderr) == ("", "")
    assert (vault / "all.csv").read_text(encoding="utf-8").startswith("name,")
    printed = run_ok(["export", "csv", "--quiet"], vault).stdout  # --out -: the export is the output
    assert printed == (vault / "all.csv").read_text(encoding="utf-8")
