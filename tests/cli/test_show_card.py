"""`netnotes show` prints the whole card (issue 16): every property in the card's order, the
card's own notes, then what netnotes computes; `--json` has all of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_json, run_ok

TODAY = "2026-11-20"
ANN = """---
name: Ann Lee
aliases: [Annie]
company: Lee Design
website: https://leedesign.example
linkedin: https://www.linkedin.com/in/annlee
address:
  street: 12 Elm St
  city: Ottawa
birthday: --04-12
cadence: 3w
favourite_drink: flat white
kids: [Tom, Mia]
boats:
  - name: Sea Breeze
    length: 7m
  - dinghy
met: 2026-01-15
met_at: "[[BNI|the BNI breakfast]]"
introduced_by: "[[Bob Roy]]"
tier: A
motto: |
  Measure twice,
  cut once.
---
Two kids, loves sailing. Ask about the regatta in June.

## Log
- 2026-11-02 call: about the new studio.

## Family
Partner: Sam.
"""
FILES = {
    "People/Ann Lee.md": ANN,
    "People/Bob Roy.md": "---\ncompany: Roy & Co\n---\n",
    "Groups/BNI.md": "---\ntype: group\n---\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(FILES)


def test_show_prints_every_property_in_the_card_order(vault: Path) -> None:
    lines = run_ok(["show", "Ann Lee"], vault, today=TODAY).stdout.splitlines()
    assert lines[:2] == ["Ann Lee  (Annie)", "  file          People/Ann Lee.md"]
    expected = [
        "  company       Lee Design",
        "  website       https://leedesign.example",
        "  linkedin      https://www.linkedin.com/in/annlee",
        "  address",
        "    street      12 Elm St",
        "    city        Ottawa",
        "  birthday      --04-12",
        "  cadence       3w",
        "  favourite_drink flat white",
        "  kids          Tom, Mia",
        "  boats",
        "    - name: Sea Breeze; length: 7m",
        "    - dinghy",
        "  met           2026-01-15",
        "  met_at        BNI",
        "  introduced_by Bob Roy",
        "  tier          A",
        "  motto         Measure twice,",
        "                cut once.",
    ]
    assert lines[2:2 + len(expected)] == expected


def test_show_prints_the_card_notes_then_what_netnotes_computes(vault: Path) -> None:
    lines = run_ok(["show", "Ann Lee"], vault, today=TODAY).stdout.splitlines()
    at = lines.index("                cut once.") + 1  # the last property
    assert lines[at:at + 6] == ["", "  Two kids, loves sailing. Ask about the regatta in June.", "",
                                "  ## Family", "  Partner: Sam.", ""]  # the body without its log
    computed = lines[at + 6:]
    assert computed[:3] == [
        "  last touch    2026-11-02 from log (People/Ann Lee.md)",
        "  follow up     2026-11-23 (every 21 days)",
        "  groups        BNI",
    ]
    assert "  introduced by Bob Roy" in computed
    assert computed[-2:] == ["  log", "    2026-11-02  call: about the new studio."]


def test_show_json_has_the_properties_in_order_the_notes_and_the_facts(vault: Path) -> None:
    data = run_json(["show", "Ann Lee", "--json"], vault, today=TODAY)
    assert list(data["properties"]) == ["name", "aliases", "company", "website", "linkedin", "address", "birthday",
                                        "cadence", "favourite_drink", "kids", "boats", "met", "met_at",
                                        "introduced_by", "tier", "motto"]
    assert data["properties"]["address"] == {"street": "12 Elm St", "city": "Ottawa"}
    assert data["properties"]["boats"] == [{"name": "Sea Breeze", "length": "7m"}, "dinghy"]
    assert data["properties"]["met"] == "2026-01-15"
    assert data["notes"] == ("Two kids, loves sailing. Ask about the regatta in June.\n\n"
                             "## Family\nPartner: Sam.")
    assert (data["last_touch"], data["next_followup"], data["groups"], data["introduced_by"]) == \
        ("2026-11-02", "2026-11-23", ["BNI"], ["Bob Roy"])
    assert [e["text"] for e in data["log"]] == ["about the new studio."]


def test_a_card_with_only_a_file_name(make_vault) -> None:
    vault = make_vault({"People/Zed.md": ""})
    assert run_ok(["show", "Zed"], vault, today=TODAY).stdout.splitlines()[:4] == [
        "Zed", "  file          People/Zed.md", "", "  last touch    never"]
    data = run_json(["show", "Zed", "--json"], vault, today=TODAY)
    assert (data["properties"], data["notes"]) == ({}, "")
