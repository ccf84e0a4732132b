"""`netnotes validate` as a user sees it: file:line:col lines with a marker, JSON, exit codes,
the vault-wide rules, a corpus of broken cards, and the sample vault."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, diagnostics_json, run_cli, run_netnotes, tree_hashes
from netnotes.base.diagnostics import RULES

CORPUS = Path(__file__).resolve().parent / "corpus" / "broken"
SAMPLE = ROOT / "sample-vault"


def test_text_output_has_location_excerpt_and_marker(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\nname: Ann Lee\nmet: 2026-02-30\ntier: Z\n---\n",
        "People/Bob.md": "---\nname: Bob\nphone: 0612345678\n---\n",
    })
    result = run_cli(["validate"], vault)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "People/Ann Lee.md:3:6: error[invalid-date] `2026-02-30` is not a real date (day is out of range for "
        "month); write an existing day as YYYY-MM-DD",
        "  3 | met: 2026-02-30",
        "    |      ^^^^^^^^^^",
        "People/Ann Lee.md:4:7: error[unknown-tier] tier `Z` is not in the config; known tiers: A, B, C",
        "  4 | tier: Z",
        "    |       ^",
        'People/Bob.md:3:8: warning[unquoted-number] `phone: 0612345678` is read as a number by Obsidian and '
        'other YAML 1.2 tools (the leading 0 is lost); quote it: phone: "0612345678"',
        "  3 | phone: 0612345678",
        "    |        ^^^^^^^^^^",
    ]
    assert "2 notes checked: 2 errors, 1 warning" in result.stderr


def test_marker_lines_up_under_tabs_and_wide_line_numbers(make_vault):
    body = "\n" * 120 + "## Log\n-\t2026-02-30 call: hi\n"
    vault = make_vault({"People/Ann.md": "---\nname: Ann\n---\n" + body})
    lines = run_cli(["validate"], vault).stdout.splitlines()
    assert lines[0].startswith("People/Ann.md:125:3: error[invalid-date]")
    assert lines[1] == "  125 | - 2026-02-30 call: hi"
    assert lines[2] == "      |   ^^^^^^^^^^"


def test_json_output(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\nmet: 2026-02-30\n---\n"})
    result = run_cli(["validate", "--format", "json"], vault)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{
        "path": "People/Ann Lee.md", "line": 3, "col": 6, "code": "invalid-date",
        "message": "`2026-02-30` is not a real date (day is out of range for month); "
                   "write an existing day as YYYY-MM-DD",
        "severity": "error", "excerpt": "met: 2026-02-30",
    }]


def test_clean_vault_exits_0_and_says_so(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\ntier: A\n---\n"})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0
    assert result.stdout == "1 notes checked: 0 errors, 0 warnings\n"
    assert json.loads(run_cli(["validate", "--format", "json"], vault).stdout) == []


def test_warnings_only_exit_0_and_strict_makes_them_errors(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\nphone: 0612345678\nhobby: golf\n---\n"})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0
    assert "warning[unquoted-number]" in result.stdout
    assert "unknown-field" not in result.stdout  # strict only

    strict = run_cli(["validate", "--strict"], vault)
    assert strict.exit_code == 1
    assert "People/Ann Lee.md:3:8: error[unquoted-number]" in strict.stdout
    assert ("People/Ann Lee.md:4:1: error[unknown-field] unknown property `hobby`; list it in [vault] "
            "extra_fields of the config if you use it on purpose") in strict.stdout
    assert "  4 | hobby: golf\n    | ^^^^^" in strict.stdout
    assert "warning" not in strict.stdout


def test_extra_fields_silence_unknown_field(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\nhobby: golf\n---\n"},
                       config='[vault]\nextra_fields = ["hobby"]\n')
    assert run_cli(["validate", "--strict"], vault).exit_code == 0


def test_broken_links_in_link_properties(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": """\
---
name: Ann Lee
met_at: "[[BNI Capital]]"
introduced_by: "[[Bob Smit]]"
groups: ["[[Rotary Club]]", "[[Chamber]]"]
---
Body links to [[Nowhere]] are not checked.
""",
        "People/Bob Smith.md": "---\nname: Bob Smith\n---\n",
        "Groups/BNI Capital.md": "---\ntype: group\n---\n",
        "Groups/Ottawa Chamber.md": "---\ntype: group\naliases: [Chamber]\n---\n",
    })
    diags = diagnostics_json(vault)
    assert [(d["line"], d["col"], d["code"], d["severity"]) for d in diags] == [
        (4, 16, "broken-link", "warning"), (5, 9, "broken-link", "warning")]
    assert "[[Bob Smit]]" in diags[0]["message"] and "create the contact note" in diags[0]["message"]
    assert "[[Rotary Club]]" in diags[1]["message"]
    assert run_cli(["validate"], vault).exit_code == 0
    assert run_cli(["validate", "--strict"], vault).exit_code == 1


def test_links_resolve_by_file_name_name_alias_and_path_in_any_case(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": """\
---
name: Ann Lee
introduced_by: "[[robert smith]]"
met_at: "[[Events/Spring Gala|the gala]]"
groups: ["[[BNI#Members]]", "[[Groups/Rotary.md]]", "[[Chamber]]"]
---
""",
        "People/Bob.md": "---\nname: Robert Smith\n---\n",
        "Events/Spring Gala.md": "---\ntype: event\n---\n",
        "Groups/BNI.md": "---\ntype: group\n---\n",
        "Groups/Rotary.md": "---\ntype: group\n---\n",
        "Groups/Ottawa Chamber.md": "---\ntype: group\naliases: [chamber]\n---\n",
    })
    assert diagnostics_json(vault) == []


def test_ambiguous_link_names_both_notes(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": '---\nname: Ann Lee\ngroups: ["[[BNI]]"]\n---\n',
        "Groups/BNI.md": "---\ntype: group\n---\n",
        "Archive/BNI.md": "old",
    })
    (d,) = diagnostics_json(vault)
    assert d["code"] == "ambiguous-link"
    assert "Archive/BNI.md" in d["message"] and "Groups/BNI.md" in d["message"]


@pytest.mark.parametrize("first, second", [
    ("email: ann@lee.design", "email: [Ann@Lee.Design, other@x.com]"),
    ("name: Ann Lee", "name: ann  LEE"),
    ("name: Hélène Côté", "name: Helene Cote"),
    ("name: Jean-François Roy", "name: jean francois roy"),
    ("name: J. R. Smith", "name: j r smith"),
])
def test_duplicate_contacts(make_vault, first, second):
    vault = make_vault({
        "People/A.md": f"---\n{first}\n---\n",
        "People/B.md": f"---\n{second}\n---\n",
    })
    diags = diagnostics_json(vault)
    assert [(d["path"], d["line"], d["code"]) for d in diags] == [("People/B.md", 2, "duplicate-contact")]
    assert "People/A.md" in diags[0]["message"] and "two cards for one person" in diags[0]["message"]


def test_same_name_in_a_group_and_a_contact_is_not_a_duplicate(make_vault):
    vault = make_vault({"People/Rotary.md": "---\nname: Rotary\n---\n",
                        "Groups/Rotary Club.md": "---\nname: Rotary\ntype: group\n---\n",
                        "People/Ann.md": "---\nname: Ann\nemail: x@y.z\n---\n",
                        "People/Ann B.md": "---\nname: Ann B\nemail: [nope]\n---\n"})
    assert diagnostics_json(vault) == []


def test_unknown_tier_and_invalid_stage(make_vault):
    vault = make_vault({"People/Ann.md": "---\nname: Ann\ntier: Gold\nstage: bff\npipeline: Customer\n---\n"},
                       config='[tiers]\nA = "3w"\nB = "2m"\n')
    diags = diagnostics_json(vault)
    assert [(d["line"], d["col"], d["code"]) for d in diags] == [(3, 7, "unknown-tier"), (4, 8, "invalid-value")]
    assert "known tiers: A, B" in diags[0]["message"]
    assert "met, know, like, trust" in diags[1]["message"]


def test_yaml_error_shows_the_file_line_through_the_cli(make_vault):
    vault = make_vault({"People/Ann.md": "---\nname: Ann\ncompany: Acme\noffers: [design, print\ntier: A\n---\n"})
    lines = run_cli(["validate"], vault).stdout.splitlines()
    assert lines[0].startswith("People/Ann.md:4:9: error[yaml-syntax] YAML syntax error:")
    assert lines[1:] == ["  4 | offers: [design, print", "    |         ^"]


def test_every_rule_has_a_code_severity_and_summary():
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.severity.value in ("error", "warning")
        assert rule.summary.endswith(".") and len(rule.summary) > 20


# ---- the corpus of broken cards -------------------------------------------------------------
# what each file must at least produce (without --strict)
EXPECTED = {
    "Alain Gervais (tab).md": {"yaml-syntax"},
    "Ben Carter (old card).md": {"unquoted-number"},
    "Ben Carter.md": {"duplicate-contact", "invalid-value"},
    "Bob Tremblay (bom crlf).md": {"invalid-date"},
    "Carla Diaz (unclosed).md": {"unclosed-front-matter"},
    "Chris Tanaka (duplicate key).md": {"duplicate-key"},
    "Daniel Roy (broken links).md": {"broken-link"},
    "Emily Watson (bad log).md": {"log-syntax", "log-kind", "invalid-date"},
    "Evil Import (python tag).md": {"yaml-unsafe"},
    "Fatima Ali (wrong types).md": {"field-type"},
    "Grace Kim (unknown tier).md": {"unknown-tier"},
    "Hélène Côté (latin-1).md": {"encoding"},
    "Ingrid Olsen (norway).md": {"yaml-ambiguous"},
    "Jean-François Roy.md": {"invalid-date"},
    "Laughs (alias bomb).md": {"yaml-unsafe"},
    "Marc Lefebvre (phone number).md": {"unquoted-number"},
    "Nina Kaur (unclosed list).md": {"yaml-syntax"},
    "Omar Haddad (bad stage).md": {"invalid-value"},
    "Priya Shah (unquoted phone).md": {"unquoted-number"},
    "Sam Lee (meeting time).md": {"yaml-ambiguous"},
    "Tom Becker (list front matter).md": {"front-matter-type"},
    "Zoe Martin (bare links).md": {"unquoted-wikilink", "broken-link"},
    "jean francois roy (duplicate).md": {"duplicate-contact"},
}


@pytest.fixture
def corpus_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "corpus"
    (vault / ".netnotes").mkdir(parents=True)
    shutil.copytree(CORPUS, vault / "People")
    return vault


def test_corpus_lists_every_file():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert 15 <= len(EXPECTED) <= 25


@pytest.mark.parametrize("strict", [False, True])
def test_every_broken_card_is_reported_with_a_line_and_left_unchanged(corpus_vault, strict):
    before = tree_hashes(corpus_vault)
    args = ["validate", "--format", "json"] + (["--strict"] if strict else [])
    result = run_cli(args, corpus_vault)  # NETNOTES_DEBUG: an internal error would raise here
    assert result.exit_code == 1
    diags = json.loads(result.stdout)
    found: dict[str, set[str]] = {}
    for d in diags:
        assert d["path"].startswith("People/")
        assert d["line"] >= 1 and d["col"] >= 1, d
        assert d["code"] in RULES
        found.setdefault(d["path"].removeprefix("People/"), set()).add(d["code"])
    for name, codes in EXPECTED.items():
        assert codes <= found.get(name, set()), f"{name}: expected {codes}, got {found.get(name)}"
    if strict:
        assert {d["severity"] for d in diags} == {"error"}
        assert "unknown-field" in found["Ingrid Olsen (norway).md"]
    assert tree_hashes(corpus_vault) == before


def test_corpus_in_a_real_process_has_no_traceback_and_no_hang(corpus_vault):
    before = tree_hashes(corpus_vault)
    proc = run_netnotes(["validate"], cwd=corpus_vault, timeout=30)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "internal error" not in proc.stderr
    assert f"{len(EXPECTED)} notes checked" in proc.stderr
    for name in EXPECTED:
        assert f"People/{name}:" in proc.stdout
    # a second run reads the cache and says the same
    again = run_netnotes(["validate"], cwd=corpus_vault, timeout=30)
    assert (again.returncode, again.stdout) == (proc.returncode, proc.stdout)
    assert tree_hashes(corpus_vault) == before


# ---- the sample vault ---------------------------------------------------------------------
@pytest.mark.skipif(not (SAMPLE / "People").is_dir(), reason="sample-vault/People/ is not written yet")
def test_sample_vault_validates(tmp_path):
    vault = tmp_path / "sample-vault"
    shutil.copytree(SAMPLE, vault, ignore=shutil.ignore_patterns("cache"))
    before = tree_hashes(vault)
    proc = run_netnotes(["validate", "sample-vault"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "notes checked: 0 errors, 0 warnings" in proc.stdout
    strict = run_netnotes(["validate", "--strict", "sample-vault"], cwd=tmp_path)
    assert strict.returncode == 0, strict.stdout
    assert tree_hashes(vault) == before
    contacts = json.loads(run_netnotes(["--vault", "sample-vault", "list", "--json"], cwd=tmp_path).stdout)
    assert len(contacts) >= 40


# ---- list ------------------------------------------------------------------------------
def test_list_shows_name_company_tier_and_last_touch(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\nname: Ann Lee\ncompany: Lee Design\ntier: A\n---\n## Log\n- 2026-11-02 call: hi\n",
        "People/Bob.md": "---\nname: Bob Smith\ntier: C\n---\n",
        "Daily/2026-11-18.md": "Lunch with [[Bob]].\n",
        "Groups/BNI.md": "---\ntype: group\n---\n",
    })
    lines = run_cli(["list", "--today", "2026-11-20"], vault).stdout.splitlines()
    assert lines[0].split() == ["name", "company", "tier", "last", "touch", "follow", "up"]
    assert lines[2].split()[:6] == ["Ann", "Lee", "Lee", "Design", "A", "2026-11-02"]
    assert lines[3].split()[:4] == ["Bob", "Smith", "C", "2026-11-18"]
    assert lines[-1] == "2 contacts"
