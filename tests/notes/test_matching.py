"""Is this the same person? (netnotes.notes.matching): the one rule behind validate's
duplicate-contact, `netnotes duplicates` and imports."""

from __future__ import annotations

import json

import pytest

from conftest import diagnostics_json, run_cli


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


# ---- validate and duplicates apply the one rule -------------------------------------------
CASES = {
    "same phone": ("---\nphone: \"+1 613 555 0101\"\n---\n", "---\nphone: \"(613) 555-0101\"\n---\n"),
    "same email": ("---\nemail: al@example.com\n---\n", "---\nemail: Al@Example.com\n---\n"),
    "alias is the other's name": ("---\nname: Alain Gervais\n---\n", "---\nname: Al G\naliases: [Alain Gervais]\n---\n"),
    "punctuation": ("---\nname: Kevin O'Brien\n---\n", "---\nname: Kevin O Brien\n---\n"),
    "close name, same company": ("---\nname: Jonathan Smith\ncompany: Acme Inc\n---\n",
                                 "---\nname: Jonathon Smith\ncompany: Acme\n---\n"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_and_duplicates_agree(make_vault, case):
    a, b = CASES[case]
    vault = make_vault({"People/A.md": a, "People/B.md": b})
    pairs = json.loads(run_cli(["duplicates", "--json"], vault).stdout)
    assert [{p["a_path"], p["b_path"]} for p in pairs] == [{"People/A.md", "People/B.md"}]  # either way round
    diags = [d for d in diagnostics_json(vault) if d["code"] == "duplicate-contact"]
    assert [d["path"] for d in diags] == ["People/B.md"]
    assert "People/A.md" in diags[0]["message"] and "two cards for one person" in diags[0]["message"]


def test_a_shared_phone_is_reported_at_the_phone_line(make_vault):
    vault = make_vault({"People/A.md": CASES["same phone"][0],
                        "People/B.md": "---\nname: Bea\nphone: \"613-555-0101\"\n---\n"})
    (diag,) = diagnostics_json(vault)
    assert (diag["line"], diag["col"]) == (3, 8)
    assert diag["message"].startswith("613-555-0101 is also the phone number of People/A.md")


def test_different_people_are_neither(make_vault):
    vault = make_vault({"People/A.md": "---\nname: Ann Lee\ncompany: Acme\n---\n",
                        "People/B.md": "---\nname: Tom Lee\ncompany: Acme\n---\n"})
    assert json.loads(run_cli(["duplicates", "--json"], vault).stdout) == []
    assert diagnostics_json(vault) == []
