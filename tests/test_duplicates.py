"""`netnotes duplicates`: cards that are probably one person, each pair once, with the reason."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, tree_hashes

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
def vault(make_vault, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return make_vault(VAULT)


def test_duplicates_with_their_reasons(vault):
    before = tree_hashes(vault)
    result = run_cli(["duplicates"], vault)
    assert result.exit_code == 0
    assert result.stdout == """\
People/Al Gervais.md  =  People/Alain Gervais.md
    same phone (613) 555-0101; merge with: netnotes merge "People/Al Gervais" "People/Alain Gervais"
People/Catherine Morrison.md  =  People/Kate Morrison.md
    same email kate@morrisonrealty.example; merge with: netnotes merge "People/Catherine Morrison" "People/Kate Morrison"
People/Catherine Morrison.md  =  People/Katherine Morison.md
    close names at Morrison Realty; merge with: netnotes merge "People/Catherine Morrison" "People/Katherine Morison"
"""
    assert tree_hashes(vault) == before


def test_duplicates_json(vault):
    pairs = json.loads(run_cli(["duplicates", "--json"], vault).stdout)
    assert pairs == [
        {"a": "Al Gervais", "a_path": "People/Al Gervais.md", "b": "Alain Gervais",
         "b_path": "People/Alain Gervais.md", "reason": "same phone (613) 555-0101"},
        {"a": "Catherine Morrison", "a_path": "People/Catherine Morrison.md", "b": "Kate Morrison",
         "b_path": "People/Kate Morrison.md", "reason": "same email kate@morrisonrealty.example"},
        {"a": "Catherine Morrison", "a_path": "People/Catherine Morrison.md", "b": "Katherine Morison",
         "b_path": "People/Katherine Morison.md", "reason": "close names at Morrison Realty"},
    ]


def test_the_suggested_merge_command_runs(vault):
    result = run_cli(["merge", "People/Al Gervais", "People/Alain Gervais"], vault)
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
