"""The capture commands as a user runs them (netnotes.cli.capture, netnotes.edit.capture): add,
log, followup, intro (docs/cli.md, "Editing cards from the shell"; `edit` is in
tests/edit/test_editor.py). Every vault is read as of 2026-11-20, a Friday."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from conftest import TODAY, one_line_error, run_cli, run_netnotes, temps, tree_hashes, write_vault

ANN = "---\nneeds: [web design]  # asked in October\ntier: A\n---\n\n## Log\n- 2026-11-01 call: hi\n"
BEA = "---\noffers: ['web design']\ntier: B\n---\n"


@pytest.fixture
def vault(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {
        "People/Ann Lee.md": ANN,
        "People/Bea Roy.md": BEA,
        "Groups/Ottawa Chamber.md": "---\ntype: group\n---\n",
    })
    monkeypatch.chdir(root)  # paths in messages are shown relative to the current folder
    return root


# ---- add -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, file", [
    ("a/b", "a b.md"),
    ("Ng\\Co: Ltd", "Ng Co Ltd.md"),
    ("x\x01y\tz", "xy z.md"),
    ("[[Quinn]]", "Quinn.md"),
    ("#tag", "tag.md"),
    ("..hidden", "hidden.md"),
    ("Zoë Ñúñez 日本", "Zoë Ñúñez 日本.md"),
])
def test_add_gives_a_safe_file_name_and_keeps_the_full_name(vault, name, file):
    result = run_cli(["add", name, "--force"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created: People/{file}\n"
    text = (vault / "People" / file).read_text(encoding="utf-8")
    props = yaml.safe_load(text.split("---\n")[1])
    full = " ".join(name.split())
    assert props.get("name") == (None if file == f"{full}.md" else full)  # `name` only when it differs
    assert props["met"] == TODAY


@pytest.mark.parametrize("name", ["..", ".", "///", "\x01\x02", "[[]]"])
def test_add_refuses_a_name_that_cannot_be_a_file(vault, name):
    before = tree_hashes(vault)
    result = run_cli(["add", name, "--force"], vault, today=TODAY)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == f"error: `{name}` cannot be a file name"
    assert tree_hashes(vault) == before


def test_add_writes_the_card_from_the_template(vault):
    result = run_cli(["add", "Zoë Ng", "--company", "Ng [Co]", "--tier", "B", "--met-at", "ottawa chamber",
                      "--introduced-by", "ann lee", "--tags", "a", "--tags", "b c", "--email", "z@ng.example"],
                     vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert (vault / "People/Zoë Ng.md").read_text(encoding="utf-8") == (
        "---\ncompany: Ng [Co]\nemail: z@ng.example\nmet: 2026-11-20\nmet_at: '[[Ottawa Chamber]]'\n"
        "introduced_by: '[[Ann Lee]]'\ntier: B\ntags: [a, b c]\n---\n\n## Log\n")
    shown = json.loads(run_cli(["show", "zoë ng", "--json"], vault, today=TODAY).stdout)
    assert shown["company"] == "Ng [Co]" and shown["tier"] == "B"


def test_add_never_overwrites(vault):
    before = tree_hashes(vault)
    same = run_cli(["add", "ann lee"], vault, today=TODAY)
    assert same.exit_code == 2
    assert one_line_error(same.stderr) == ("error: Ann Lee (People/Ann Lee.md) has the same name: probably "
                                           "this person; no card was added")
    forced = run_cli(["add", "Ann Lee", "--force"], vault, today=TODAY)
    assert forced.exit_code == 2
    assert one_line_error(forced.stderr) == "error: People/Ann Lee.md already exists; netnotes never overwrites a card"
    assert tree_hashes(vault) == before


def test_add_a_file_that_exists_under_another_name_is_refused(vault):
    (vault / "People/Cy Doe.md").write_text("---\nname: Cyrus\n---\n")
    before = tree_hashes(vault)
    result = run_cli(["add", "Cy/Doe", "--force"], vault, today=TODAY)
    assert result.exit_code == 2
    assert "People/Cy Doe.md already exists" in one_line_error(result.stderr)
    assert tree_hashes(vault) == before


def test_add_names_a_near_name_and_adds_the_card(vault):
    near = run_cli(["add", "Ann Le"], vault, today=TODAY)
    assert near.exit_code == 0 and near.stdout == "created: People/Ann Le.md\n"
    assert near.stderr == "note: similar names on other cards: Ann Lee (People/Ann Lee.md)\n"


def test_add_dry_run_prints_the_new_file_as_a_diff_and_writes_nothing(vault):
    before = tree_hashes(vault)
    result = run_cli(["add", "Cy Doe", "--company", "Doe & Co", "--dry-run"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("--- a/People/Cy Doe.md\n+++ b/People/Cy Doe.md\n@@ -0,0 +1,6 @@\n"
                             "+---\n+company: Doe & Co\n+met: 2026-11-20\n+---\n+\n+## Log\n")
    assert tree_hashes(vault) == before


def test_add_with_an_unknown_tier_is_refused(vault):
    before = tree_hashes(vault)
    result = run_cli(["add", "Cy Doe", "--tier", "Z"], vault, today=TODAY)
    assert result.exit_code == 2 and "`Z` is not a tier" in result.stderr
    assert tree_hashes(vault) == before


# ---- log -----------------------------------------------------------------------------------
def test_log_adds_the_entry_in_date_place(vault):
    result = run_cli(["log", "ann lee", "coffee at [[Bridgehead]]: ideas", "--date", "2026-11-10"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ann Lee: logged 2026-11-10 coffee at [[Bridgehead]]: ideas (People/Ann Lee.md)\n"
    assert (vault / "People/Ann Lee.md").read_text() == ANN.replace(
        "## Log\n", "## Log\n- 2026-11-10 coffee at [[Bridgehead]]: ideas\n")
    latest = run_cli(["log", "Ann Lee", "email: sent the deck"], vault, today=TODAY)  # --date defaults to --today
    assert latest.exit_code == 0
    assert "## Log\n- 2026-11-20 email: sent the deck\n- 2026-11-10 coffee" in (vault / "People/Ann Lee.md").read_text()
    shown = json.loads(run_cli(["show", "Ann Lee", "--json"], vault, today=TODAY).stdout)
    assert (shown["last_touch"], shown["last_touch_source"]) == ("2026-11-20", "log")


def test_log_creates_the_section_when_missing(vault):
    result = run_cli(["log", "Bea Roy", "call: first call", "--date", "2026-11-19"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert (vault / "People/Bea Roy.md").read_text() == BEA + "## Log\n- 2026-11-19 call: first call\n"


@pytest.mark.parametrize("entry", ["hello there", "2026-01-01", "sale: no amount given", ""])
def test_log_refuses_a_bad_entry_with_exit_4_and_no_change(vault, entry):
    before = tree_hashes(vault)
    result = run_cli(["log", "Ann Lee", entry], vault, today=TODAY)
    assert result.exit_code == 4
    assert "is not a log entry" in one_line_error(result.stderr)
    assert "hint: write it as `kind: text`" in result.stderr
    assert tree_hashes(vault) == before


def test_log_dry_run_prints_a_diff_and_writes_nothing(vault):
    before = tree_hashes(vault)
    result = run_cli(["log", "Ann Lee", "call: asked how I can help", "--dry-run"], vault, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == ("--- a/People/Ann Lee.md\n+++ b/People/Ann Lee.md\n@@ -4,4 +4,5 @@\n"
                             " ---\n \n ## Log\n+- 2026-11-20 call: asked how I can help\n - 2026-11-01 call: hi\n")
    assert tree_hashes(vault) == before


def test_log_an_unknown_name_says_did_you_mean_and_exits_3(vault):
    before = tree_hashes(vault)
    result = run_cli(["log", "Ann Leigh", "call: hi"], vault, today=TODAY)
    assert result.exit_code == 3
    assert one_line_error(result.stderr) == "error: no contact named `Ann Leigh`"
    assert "did you mean: Ann Lee?" in result.stderr
    assert tree_hashes(vault) == before


# ---- followup ------------------------------------------------------------------------------
@pytest.mark.parametrize("when, day", [
    ("2026-12-01", "2026-12-01"),
    ("in 2 weeks", "2026-12-04"),
    ("next friday", "2026-11-27"),
    ("tomorrow", "2026-11-21"),
])
def test_followup_sets_next_followup(vault, when, day):
    result = run_cli(["followup", "Bea Roy", when], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert (vault / "People/Bea Roy.md").read_text() == BEA.replace("tier: B\n", f"tier: B\nnext_followup: {day}\n")
    report = json.loads(run_cli(["followups", "--json", "--within", "60d"], vault, today=TODAY).stdout)
    rows = {r["name"]: r for r in report["followups"]}
    assert rows["Bea Roy"]["due"] == day and rows["Bea Roy"]["due_source"] == "next_followup"


def test_followup_relative_to_today(vault):
    result = run_cli(["followup", "Bea Roy", "next friday"], vault)
    assert result.exit_code == 0
    result = run_cli(["followup", "Bea Roy", "in 2 weeks", "--today", "2027-02-03"], vault)
    assert "next_followup: 2027-02-17\n" in (vault / "People/Bea Roy.md").read_text()


def test_followup_replaces_the_value_in_place_and_clear_removes_it(vault):
    card = vault / "People/Ann Lee.md"
    card.write_text(ANN.replace("tier: A\n", "next_followup: '2026-11-25'   # promised\ntier: A\n"))
    assert run_cli(["followup", "Ann Lee", "2026-12-01"], vault, today=TODAY).exit_code == 0
    assert card.read_text() == ANN.replace("tier: A\n", "next_followup: 2026-12-01   # promised\ntier: A\n")
    again = run_cli(["followup", "Ann Lee", "2026-12-01"], vault, today=TODAY)
    assert again.stdout == "Ann Lee: next follow-up 2026-12-01, unchanged (People/Ann Lee.md)\n"
    cleared = run_cli(["followup", "Ann Lee", "--clear"], vault, today=TODAY)
    assert cleared.exit_code == 0 and cleared.stdout == "Ann Lee: next follow-up cleared (People/Ann Lee.md)\n"
    assert card.read_text() == ANN
    assert run_cli(["followup", "Ann Lee", "--clear"], vault, today=TODAY).stdout == \
        "Ann Lee: no next follow-up, unchanged (People/Ann Lee.md)\n"


@pytest.mark.parametrize("when", ["someday maybe", "the 45th of Smarch"])
def test_followup_an_unparseable_date_is_a_clear_error(vault, when):
    before = tree_hashes(vault)
    result = run_cli(["followup", "Bea Roy", when], vault, today=TODAY)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == f"error: `{when}` is not a date netnotes understands"
    assert 'hint: write 2026-12-01, "in 2 weeks", "next friday" or "tomorrow"' in result.stderr
    assert tree_hashes(vault) == before


def test_followup_without_a_date_asks_for_one(vault):
    result = run_cli(["followup", "Bea Roy"], vault, today=TODAY)
    assert result.exit_code == 2 and "say when" in one_line_error(result.stderr)


def test_followup_dry_run_writes_nothing(vault):
    before = tree_hashes(vault)
    result = run_cli(["followup", "Bea Roy", "2026-12-01", "--dry-run"], vault, today=TODAY)
    assert result.exit_code == 0
    assert "+next_followup: 2026-12-01\n" in result.stdout
    assert tree_hashes(vault) == before


# ---- intro ---------------------------------------------------------------------------------
def test_intro_records_the_introduction_on_both_cards(vault):
    suggested = json.loads(run_cli(["introductions", "--json"], vault, today=TODAY).stdout)
    assert [(s["a"]["name"], s["b"]["name"]) for s in suggested] == [("Ann Lee", "Bea Roy")]
    assert json.loads(run_cli(["reciprocity", "--json"], vault, today=TODAY).stdout) == []

    result = run_cli(["intro", "ann lee", "Bea Roy", "--note", "web  design\nhelp"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Ann Lee: logged 2026-11-20 intro [[Bea Roy]]: web design help (People/Ann Lee.md)\n"
                             "Bea Roy: logged 2026-11-20 intro [[Ann Lee]]: web design help (People/Bea Roy.md)\n")
    assert (vault / "People/Ann Lee.md").read_text() == ANN.replace(
        "## Log\n", "## Log\n- 2026-11-20 intro [[Bea Roy]]: web design help\n")
    assert (vault / "People/Bea Roy.md").read_text() == BEA + "## Log\n- 2026-11-20 intro [[Ann Lee]]: web design help\n"

    assert json.loads(run_cli(["introductions", "--json"], vault, today=TODAY).stdout) == []
    counted = {r["name"]: r for r in json.loads(run_cli(["reciprocity", "--json"], vault, today=TODAY).stdout)}
    assert counted["Ann Lee"]["intros_given"] == 1 and counted["Bea Roy"]["intros_given"] == 1


def test_intro_dry_run_shows_both_diffs_and_writes_nothing(vault):
    before = tree_hashes(vault)
    result = run_cli(["intro", "Ann Lee", "Bea Roy", "--date", "2026-11-18", "--dry-run"], vault, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout.count("--- a/People/") == 2
    assert "+- 2026-11-18 intro [[Bea Roy]]\n" in result.stdout and "+- 2026-11-18 intro [[Ann Lee]]\n" in result.stdout
    assert tree_hashes(vault) == before


def test_intro_refuses_when_either_card_cannot_take_the_entry(vault):
    (vault / "People/Bea Roy.md").write_text("---\noffers: [web design]\n")  # never closed
    before = tree_hashes(vault)
    result = run_cli(["intro", "Ann Lee", "Bea Roy"], vault, today=TODAY)
    assert result.exit_code == 4
    assert "never closed" in one_line_error(result.stderr)
    assert tree_hashes(vault) == before  # not even Ann's card


def test_intro_of_a_person_to_themselves_is_refused(vault):
    result = run_cli(["intro", "Ann Lee", "ann lee"], vault, today=TODAY)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == "error: Ann Lee cannot be introduced to themselves"


# ---- ambiguous names, and the installed program ------------------------------------------
@pytest.mark.parametrize("args", [
    ["log", "Sam Lee", "call: hi"],
    ["followup", "Sam Lee", "2026-12-01"],
    ["followup", "Sam Lee", "--clear"],
    ["intro", "Sam Lee", "Ann Lee"],
    ["edit", "Sam Lee"],
])
def test_an_ambiguous_name_writes_nothing(vault, args):
    write_vault(vault, {"People/Sam Lee.md": "---\nnext_followup: 2026-12-01\n---\n",
                        "People/Work/Sam Lee.md": "---\nnext_followup: 2026-12-01\n---\n"})
    before = tree_hashes(vault)
    result = run_cli([*args], vault, today=None if args[0] == "edit" else TODAY, env={"EDITOR": "false"})
    assert result.exit_code == 3
    assert one_line_error(result.stderr) == "error: `Sam Lee` matches 2 contacts:"
    assert "People/Work/Sam Lee.md" in result.stderr
    assert tree_hashes(vault) == before


def test_the_installed_program_captures_a_log_entry_and_a_followup(vault):
    proc = run_netnotes(["log", "Ann Lee", "call: from the shell", "--date", "2026-11-15"], vault=vault)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Ann Lee: logged 2026-11-15 call: from the shell (People/Ann Lee.md)\n"
    proc = run_netnotes(["followup", "Ann Lee", "2026-12-24"], vault=vault)
    assert proc.returncode == 0, proc.stderr
    assert (vault / "People/Ann Lee.md").read_text() == ANN.replace("tier: A\n", "tier: A\nnext_followup: 2026-12-24\n") \
        .replace("## Log\n", "## Log\n- 2026-11-15 call: from the shell\n")
    bad = run_netnotes(["log", "Ann Lee", "nonsense"], vault=vault)
    assert bad.returncode == 4 and "Traceback" not in bad.stderr
    assert temps(vault) == []


# ---- text that is not UTF-8 (netnotes.cli.options.CardText) -------------------------------
BAD = os.fsdecode(b"\xff")  # a byte that is not UTF-8: bash passes it raw, Python holds a lone surrogate


@pytest.mark.parametrize("args, option, shown", [
    (["done", "Ann Lee", "--note", BAD], "--note", "?"),
    (["log", "Ann Lee", f"call: {BAD}"], "ENTRY", "call: ?"),
    (["intro", "Ann Lee", "Bea Roy", "--note", f"web {BAD}"], "--note", "web ?"),
    (["intro", "Ann Lee", "Bea Roy", "--outcome", "met", "--note", BAD], "--note", "?"),
    (["add", f"Zo{BAD}"], "NAME", "Zo?"),
    (["add", "Cy Doe", "--company", f"Acme{BAD}"], "--company", "Acme?"),
    (["add", "Cy Doe", "--needs", "web design", "--needs", BAD], "--needs", "?"),
    (["add", "Cy Doe", "--met-at", BAD], "--met-at", "?"),
    (["event", f"Mixer {BAD}", "Ann Lee"], "TITLE", "Mixer ?"),
    (["event", "Mixer", "Ann Lee", "--group", BAD], "--group", "?"),
], ids=["done --note", "log ENTRY", "intro --note", "intro --outcome --note", "add NAME", "add --company",
        "add --needs", "add --met-at", "event TITLE", "event --group"])
def test_text_that_is_not_utf8_is_refused_naming_the_option_and_nothing_is_written(vault, args, option, shown):
    before = tree_hashes(vault)
    proc = run_netnotes(args, vault=vault)
    assert proc.returncode == 2, proc.stderr
    assert one_line_error(proc.stderr) == (f"error: {option}: `{shown}` has a byte that is not UTF-8 (0xFF); "
                                           "nothing was written")
    assert "  hint: pass the text as UTF-8" in proc.stderr
    assert tree_hashes(vault) == before and temps(vault) == []
    assert not (vault / ".netnotes/undo").exists()  # not even an undo record


def test_utf8_text_in_the_same_options_is_written_as_given(vault):
    proc = run_netnotes(["done", "Ann Lee", "--note", "café crème, 東京", "--today", "2026-11-20"], vault=vault)
    assert proc.returncode == 0, proc.stderr
    assert "- 2026-11-20 note: café crème, 東京\n" in (vault / "People/Ann Lee.md").read_text(encoding="utf-8")
