"""Adopting an existing Obsidian vault: ``init`` proposes the config that fits it, then
``validate`` passes on the vault as written, ``list`` lists exactly its people, and their
last touches come from its meeting notes.

The four fixtures under tests/fixtures/adopt/ follow the conventions of four kinds of public
vault (written here, not copied): ``minimal`` (people and meetings by a ``categories`` link,
``date:`` and ``people:``), ``crm`` (folders, ``type: person``, capitalised names, Templater),
``dataview`` (facts as inline fields) and ``tagged`` (``type/person`` tags, Markdown links).
"""

from __future__ import annotations

import shutil
import tomllib

import pytest

from conftest import FIXTURES, age, diagnostics_json, run_cli, run_json, run_ok, tree_hashes

ADOPT = FIXTURES / "adopt"
TODAY = "2026-11-20"
# vault -> {person: (company, last touch, the note it comes from)}
EXPECTED = {
    "minimal": {"Ann Archer": ("Acme Corp", "2024-01-05", "Meetings/2024-01-05 Kickoff.md"),
                "Bo Brandt": ("Brandt & Sons", "2024-02-10", "Meetings/2024-02-10 Lunch with Bo.md")},
    "crm": {"Cara Cole": ("Globex", "2024-01-05", "Meetings/2024-01-05 Intro call.md"),
            "Dan Dietz": ("Dietz Design", "2022-10-10", "Meetings/2022-10-10_0937.md")},
    "dataview": {"Eve Evans": ("Initech", "2024-02-01", "Meetings/Design review.md"),
                 "Finn Fox": ("Fox Films", "2024-03-04", "Meetings/Budget.md")},
    "tagged": {"Gina Gray": ("Gray Goods", "2024-02-20", "Calendar/Meetings/2024-02-20 Sync.md"),
               "Hal Hart": (None, "2024-02-20", "Calendar/Meetings/2024-02-20 Sync.md")},
}


def _copy(name: str, tmp_path):
    dest = tmp_path / name
    shutil.copytree(ADOPT / name, dest)
    for p in dest.rglob("*"):
        if p.is_file():
            age(p)
    return dest


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_init_proposes_a_config_under_which_the_vault_validates_and_lists_its_people(tmp_path, name):
    vault = _copy(name, tmp_path)
    notes = {k: v for k, v in tree_hashes(vault).items() if not k.startswith(".")}
    out = run_ok(["init", str(vault)]).output
    assert "created  .netnotes/config.toml" in out
    tomllib.loads((vault / ".netnotes/config.toml").read_text())
    assert diagnostics_json(vault) == []
    rows = run_json(["list", "--json"], vault, today=TODAY)
    assert {r["name"]: r["company"] for r in rows} == {p: c for p, (c, _d, _n) in EXPECTED[name].items()}
    for person, (_c, day, source) in EXPECTED[name].items():
        shown = run_json(["show", person, "--json"], vault, today=TODAY)
        assert (shown["last_touch"], shown["last_touch_path"]) == (day, source), person
    assert {k: v for k, v in tree_hashes(vault).items() if not k.startswith(".")} == notes  # no note touched


def test_init_shows_what_it_found_and_what_it_proposes(tmp_path):
    vault = _copy("tagged", tmp_path)
    out = run_ok(["init", str(vault)]).output
    assert "found    2 of 5 notes look like people (tagged #type/person)" in out
    assert 'propose  [kinds.contact] tags = ["type/person"]' in out
    cfg = tomllib.loads((vault / ".netnotes/config.toml").read_text())
    assert cfg["kinds"]["contact"] == {"folders": [], "types": [], "tags": ["type/person"], "categories": []}


def test_init_lists_the_names_it_reads_as_netnotes_fields(tmp_path):
    vault = _copy("crm", tmp_path)
    out = run_ok(["init", str(vault)]).output
    assert "Company -> company" in out and "Position -> role" in out


def test_init_on_an_empty_folder_writes_the_commented_defaults(tmp_path):
    from netnotes.vault.config import default_config_text

    run_ok(["init", str(tmp_path / "new")])
    assert (tmp_path / "new/.netnotes/config.toml").read_text() == default_config_text()


def test_list_says_why_a_vault_yields_no_contacts(tmp_path):
    vault = _copy("dataview", tmp_path)
    result = run_cli(["list"], vault)
    assert result.exit_code == 0
    assert result.stdout.strip() == "no contacts match"
    assert "hint: no contact card among the vault's 4 notes" in result.stderr
    assert "in the folder People/" in result.stderr and "netnotes init" in result.stderr
    run_ok(["init", str(vault)])
    assert "hint" not in run_cli(["list"], vault).stderr


def test_add_follows_the_vaults_card_convention(tmp_path):
    vault = _copy("minimal", tmp_path)
    run_ok(["init", str(vault)])
    run_ok(["add", "Cy Cole", "--company", "Acme"], vault, today=TODAY)
    text = (vault / "References/Cy Cole.md").read_text()
    assert text.startswith('---\ncategories: ["[[People]]"]\ncompany: Acme\n')
    tagged = _copy("tagged", tmp_path)
    run_ok(["init", str(tagged)])
    run_ok(["add", "Kim Ko"], tagged, today=TODAY)
    assert "tags: [type/person]" in (tagged / "Atlas/Notes/Kim Ko.md").read_text()
    assert "Kim Ko" in [r["name"] for r in run_json(["list", "--json"], tagged, today=TODAY)]
    crm = _copy("crm", tmp_path)
    run_ok(["init", str(crm)])
    run_ok(["add", "Jo Jay", "--tags", "vip"], crm, today=TODAY)
    assert (crm / "People/Jo Jay.md").read_text().startswith("---\ntype: person\nmet: 2026-11-20\ntags: [vip]\n")
