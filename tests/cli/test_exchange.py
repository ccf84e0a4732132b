"""The exchange commands as a user runs them (netnotes.cli.exchange): `netnotes duplicates`
lists cards that are probably one person, each pair once with the reason; `netnotes merge A B`
shows a diff first, `--apply` refuses while a field conflicts, then writes A, moves B to
`.trash/`, and B's name becomes an alias that links and `show` resolve.
(import and export: tests/exchange/.)"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, tree_hashes


# ---- duplicates -----------------------------------------------------------------------------
VAULT = {
    # same phone, written two ways
    "People/Alain Gervais.md": '---\ncompany: Gervais Consulting\nphone: "+1 613 555 0101"\n---\n',
    "People/Al Gervais.md": "---\ncompany: Gervais Strategy Group\nphone: (613) 555-0101\n---\n",
    # same email, in another case
    "People/Kate Morrison.md": "---\ncompany: Morrison Realty Inc.\nemail: kate@morrisonrealty.example\n---\n",
    "People/Catherine Morrison.md": "---\ncompany: Morrison Realty\nemail: KATE@morrisonrealty.example\n---\n",
    # a close name at the same company ("Inc." and case aside)
    "People/Katherine Morison.md": "---\ncompany: morrison realty\n---\n",
    # not duplicates: another name at that company; close names at different companies;
    # one office number with two extensions
    "People/Ann Lee.md": "---\ncompany: Morrison Realty\n---\n",
    "People/Anne Lee.md": "---\ncompany: Lee Design\nphone: 613-555-0177 x12\n---\n",
    "People/Bo Chen.md": "---\ncompany: Lee Design\nphone: 613-555-0177 x13\n---\n",
    "People/Karen Whitlock.md": "---\ncompany: Whitlock Florals\n---\n",
    "People/Karen Whitlok.md": "---\ncompany: Whitlock Law\n---\n",
}


@pytest.fixture
def duplicates_vault(make_vault, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return make_vault(VAULT)


def test_duplicates_with_their_reasons(duplicates_vault):
    before = tree_hashes(duplicates_vault)
    result = run_cli(["duplicates"], duplicates_vault)
    assert result.exit_code == 0
    assert result.stdout == """\
People/Al Gervais.md  =  People/Alain Gervais.md
    same phone (613) 555-0101; merge with: netnotes merge "People/Al Gervais" "People/Alain Gervais"
People/Kate Morrison.md  =  People/Catherine Morrison.md
    same email kate@morrisonrealty.example; merge with: netnotes merge "People/Kate Morrison" "People/Catherine Morrison"
People/Catherine Morrison.md  =  People/Katherine Morison.md
    close names at Morrison Realty; merge with: netnotes merge "People/Catherine Morrison" "People/Katherine Morison"
"""
    assert tree_hashes(duplicates_vault) == before


def test_duplicates_json(duplicates_vault):
    pairs = json.loads(run_cli(["duplicates", "--json"], duplicates_vault).stdout)
    assert pairs == [
        {"a": "Al Gervais", "a_path": "People/Al Gervais.md", "b": "Alain Gervais",
         "b_path": "People/Alain Gervais.md", "reason": "same phone (613) 555-0101"},
        {"a": "Kate Morrison", "a_path": "People/Kate Morrison.md", "b": "Catherine Morrison",
         "b_path": "People/Catherine Morrison.md", "reason": "same email kate@morrisonrealty.example"},
        {"a": "Catherine Morrison", "a_path": "People/Catherine Morrison.md", "b": "Katherine Morison",
         "b_path": "People/Katherine Morison.md", "reason": "close names at Morrison Realty"},
    ]


def test_the_suggested_merge_command_runs(duplicates_vault):
    result = run_cli(["merge", "People/Al Gervais", "People/Alain Gervais"], duplicates_vault)
    assert result.exit_code == 0
    assert "conflict: company is 'Gervais Strategy Group' on A and 'Gervais Consulting' on B" in result.stderr


def test_a_clean_vault_has_none(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nemail: ann@lee.example\n---\n",
                        "People/Bo Chen.md": "---\nemail: bo@chen.example\n---\n"})
    assert run_cli(["duplicates"], vault).stdout == "no duplicates found\n"
    assert json.loads(run_cli(["duplicates", "--json"], vault).stdout) == []


def test_same_phone_with_the_same_extension_is_a_duplicate(make_vault):
    vault = make_vault({"People/Anne Lee.md": "---\nphone: 613-555-0177 x12\n---\n",
                        "People/A Lee.md": "---\nphone: (613) 555-0177 ext. 12\n---\n"})
    pairs = json.loads(run_cli(["duplicates", "--json"], vault).stdout)
    assert [(p["a"], p["b"], p["reason"]) for p in pairs] == [
        ("A Lee", "Anne Lee", "same phone (613) 555-0177 ext. 12")]


# ---- merge ----------------------------------------------------------------------------------
A = """---
aliases: [Al]
company: Gervais Consulting
role: Owner
email: alain@gervaisconsulting.example
phone: "+1 613 555 0101"
tags: [referral-partner]
---
Strategy consultant for owner-run firms.

## Log
- 2026-10-21 coffee: his expansion; wants 400 sq ft near Elgin St.
- 2025-09-17 meeting: met at the visitor day.
"""


B = """---
company: Gervais Strategy Group
phone: (613) 555-0101
email: [al@gervais.example]
website: https://gervais.example
birthday: --04-12
tags: [bni]
---
Card made from my phone at the BNI meeting.

Plays squash on Thursdays.

## Log
- 2025-09-17 meeting: met at the visitor day.
- 2025-10-01 coffee: one-to-one after the BNI meeting.
- 2026-03-18 referral given: sent Marco to him.
  He called Marco the next day.
"""


MERGED = """---
aliases: [Al, Al Gervais]
company: Gervais Strategy Group
role: Owner
email: [alain@gervaisconsulting.example, al@gervais.example]
phone: "+1 613 555 0101"
tags: [referral-partner, bni]
website: https://gervais.example
birthday: --04-12
---
Strategy consultant for owner-run firms.

Card made from my phone at the BNI meeting.

Plays squash on Thursdays.

## Log
- 2026-10-21 coffee: his expansion; wants 400 sq ft near Elgin St.
- 2026-03-18 referral given: sent Marco to him.
  He called Marco the next day.
- 2025-10-01 coffee: one-to-one after the BNI meeting.
- 2025-09-17 meeting: met at the visitor day.
"""


LUNCH = "---\ntype: meeting\ndate: 2026-03-18\n---\nLunch with [[Al Gervais]] and [[Alain Gervais|Alain]].\n"


@pytest.fixture
def merge_vault(make_vault, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return make_vault({"People/Alain Gervais.md": A, "People/Al Gervais.md": B, "Meetings/2026-03-18 Lunch.md": LUNCH})


def test_merge_shows_a_diff_and_the_conflict_and_writes_nothing(merge_vault):
    before = tree_hashes(merge_vault)
    result = run_cli(["merge", "Alain Gervais", "Al Gervais"], merge_vault)
    assert result.exit_code == 0
    assert result.stdout == """\
--- a/vault/People/Alain Gervais.md
+++ b/vault/People/Alain Gervais.md
@@ -1,13 +1,22 @@
 ---
-aliases: [Al]
+aliases: [Al, Al Gervais]
 company: Gervais Consulting
 role: Owner
-email: alain@gervaisconsulting.example
+email: [alain@gervaisconsulting.example, al@gervais.example]
 phone: "+1 613 555 0101"
-tags: [referral-partner]
+tags: [referral-partner, bni]
+website: https://gervais.example
+birthday: --04-12
 ---
 Strategy consultant for owner-run firms.
 
+Card made from my phone at the BNI meeting.
+
+Plays squash on Thursdays.
+
 ## Log
 - 2026-10-21 coffee: his expansion; wants 400 sq ft near Elgin St.
+- 2026-03-18 referral given: sent Marco to him.
+  He called Marco the next day.
+- 2025-10-01 coffee: one-to-one after the BNI meeting.
 - 2025-09-17 meeting: met at the visitor day.
--- a/vault/Meetings/2026-03-18 Lunch.md
+++ b/vault/Meetings/2026-03-18 Lunch.md
@@ -2,4 +2,4 @@
 type: meeting
 date: 2026-03-18
 ---
-Lunch with [[Al Gervais]] and [[Alain Gervais|Alain]].
+Lunch with [[Alain Gervais]] and [[Alain Gervais|Alain]].
vault/People/Al Gervais.md would move to vault/.trash/Al Gervais.md
nothing written (add --apply to write), after settling the conflicts
"""
    assert result.stderr == ("conflict: company is 'Gervais Consulting' on A and 'Gervais Strategy Group' on B: "
                             "add --prefer company=A or --prefer company=B\n")
    assert tree_hashes(merge_vault) == before


def test_apply_refuses_while_a_conflict_remains(merge_vault):
    before = tree_hashes(merge_vault)
    result = run_cli(["merge", "Alain Gervais", "Al Gervais", "--apply"], merge_vault)
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-2:] == ["error: the cards disagree on company; nothing was written",
                                               "  hint: choose with --prefer FIELD=A or FIELD=B"]
    assert tree_hashes(merge_vault) == before
    assert not (merge_vault / ".trash").exists()


def test_prefer_settles_it_and_apply_writes_a_and_moves_b_to_the_trash(merge_vault):
    result = run_cli(["merge", "Alain Gervais", "Al Gervais", "--prefer", "company=B", "--apply"], merge_vault)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == ("merged into vault/People/Alain Gervais.md; vault/People/Al Gervais.md "
                                              "moved to vault/.trash/Al Gervais.md; 1 link to it in 1 note now name "
                                              "Alain Gervais")
    assert result.stderr == ""
    assert (merge_vault / "People/Alain Gervais.md").read_text(encoding="utf-8") == MERGED
    assert not (merge_vault / "People/Al Gervais.md").exists()
    assert (merge_vault / ".trash/Al Gervais.md").read_text(encoding="utf-8") == B  # never deleted

    # B's name is an alias: `show` and the links to B find A, and nothing is reported twice.
    shown = run_cli(["show", "Al Gervais"], merge_vault).stdout.splitlines()
    assert shown[0] == "Alain Gervais  (Al, Al Gervais)"
    assert shown[1].split() == ["file", "People/Alain", "Gervais.md"]
    diags = json.loads(run_cli(["validate", "--format", "json"], merge_vault).stdout)
    assert [d for d in diags if d["code"] in ("broken-link", "ambiguous-link")] == []
    assert run_cli(["duplicates"], merge_vault).stdout == "no duplicates found\n"


def test_prefer_a_keeps_the_first_cards_value(merge_vault):
    result = run_cli(["merge", "Alain Gervais", "Al Gervais", "--prefer", "company=a", "--apply"], merge_vault)
    assert result.exit_code == 0, result.output
    assert (merge_vault / "People/Alain Gervais.md").read_text(encoding="utf-8") == \
        MERGED.replace("company: Gervais Strategy Group", "company: Gervais Consulting")


def test_a_name_already_in_the_trash_is_not_overwritten(merge_vault):
    (merge_vault / ".trash").mkdir()
    (merge_vault / ".trash/Al Gervais.md").write_text("an older Al\n", encoding="utf-8")
    result = run_cli(["merge", "Alain Gervais", "Al Gervais", "--prefer", "company=B", "--apply"], merge_vault)
    assert result.exit_code == 0, result.output
    assert (merge_vault / ".trash/Al Gervais.md").read_text(encoding="utf-8") == "an older Al\n"
    assert (merge_vault / ".trash/Al Gervais 2.md").read_text(encoding="utf-8") == B


def test_dates_in_conflicts_read_as_dates(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nmet: 2025-09-24\n---\n",
                        "People/Ann Lee (2).md": "---\nname: Ann Lee\nmet: 2023-01-05\n---\n"})
    result = run_cli(["merge", "People/Ann Lee", "People/Ann Lee (2)", "--apply"], vault)
    assert result.exit_code == 4
    assert result.stderr.splitlines()[0] == ("conflict: met is '2025-09-24' on A and '2023-01-05' on B: "
                                             "add --prefer met=A or --prefer met=B")


@pytest.mark.parametrize(("args", "message"), [
    (["Alain Gervais", "Al Gervais", "--prefer", "company=C"], "'company=C': write FIELD=A or FIELD=B"),
    (["Alain Gervais", "Al"], "are the same card (People/Alain Gervais.md)"),
    (["Alain Gervais", "Nobody Here"], "no contact named `Nobody Here`"),
])
def test_bad_merges_write_nothing(merge_vault, args, message):
    before = tree_hashes(merge_vault)
    result = run_cli(["merge", *args, "--apply"], merge_vault)
    assert result.exit_code in (2, 3)
    assert message in result.stderr
    assert tree_hashes(merge_vault) == before
