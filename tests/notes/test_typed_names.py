"""Names as people type them (issue 16): `show`, `log` and every command that takes a name
find the card by its exact name first, then folded, then by a unique first name, surname,
prefix or initials, then by a nickname; links keep Obsidian's stricter rule."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

from conftest import diagnostics_json, run_cli
from netnotes.notes.typed_names import fold

TODAY = "2026-11-20"

PEOPLE = {
    "People/Alain Gervais.md": "---\ncompany: Gervais Consulting\naliases: [Al]\n---\n",
    "People/Priya Nair.md": "---\ncompany: Petals & Stems\n---\n",
    "People/Zoë Field.md": "---\ncompany: Field Studio\n---\n",
    "People/Hélène Côté.md": "---\ncompany: Côté Coaching\n---\n",
    "People/José Álvarez.md": "---\ncompany: Casa Álvarez\n---\n",
    "People/Lucia Bianchi.md": "---\ncompany: Little Steps Daycare\n---\n",
    "People/Marco Bianchi.md": "---\ncompany: Bianchi Renovations\n---\n",
    "People/Robert Smith.md": "---\ncompany: Smith Plumbing\n---\n",
    "People/Kevin O'Brien.md": "---\ncompany: Bytown Beans\n---\n",
    "People/Sam Lee.md": "---\ncompany: Lee Law\n---\n",
}


def shown_company(vault, typed: str) -> str:
    result = run_cli(["show", typed, "--json"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["company"]


@pytest.mark.parametrize("typed, company", [
    ("alain", "Gervais Consulting"),  # the only Alain
    ("gervais", "Gervais Consulting"),  # a surname
    ("Priya", "Petals & Stems"),
    ("Zoe Field", "Field Studio"),  # accents folded
    ("Helene Cote", "Côté Coaching"),
    ("HELENE CÔTÉ", "Côté Coaching"),
    ("Jose Alvarez", "Casa Álvarez"),
    ("Kevin O’Brien", "Bytown Beans"),  # a typographic apostrophe
    ("kevin obrien".replace("obrien", "o brien"), "Bytown Beans"),
    ("ala", "Gervais Consulting"),  # a prefix
    ("al g", "Gervais Consulting"),  # prefixes of the words, in order
    ("AG", "Gervais Consulting"),  # initials
    ("Bob Smith", "Smith Plumbing"),  # a nickname of the first name
    ("Bob", "Smith Plumbing"),
    ("zoe", "Field Studio"),
])
def test_a_typed_name_finds_the_card(make_vault, typed, company):
    assert shown_company(make_vault(PEOPLE), typed) == company


def test_log_finds_a_card_typed_without_its_accents(make_vault):
    vault = make_vault(PEOPLE)
    result = run_cli(["log", "Zoe Field", "call: about the studio", "--date", TODAY], vault)
    assert result.exit_code == 0, result.output
    assert "- 2026-11-20 call: about the studio" in (vault / "People/Zoë Field.md").read_text(encoding="utf-8")


def test_an_exact_name_beats_every_looser_step(make_vault):
    vault = make_vault({**PEOPLE, "People/Al.md": "---\ncompany: Al's Garage\n---\n",
                        "People/Bob.md": "---\ncompany: Bob's Bikes\n---\n"})
    assert shown_company(vault, "Al") == "Al's Garage"  # the file name, before Alain's alias
    assert shown_company(vault, "al") == "Al's Garage"
    assert shown_company(vault, "Bob") == "Bob's Bikes"  # before Robert's nickname


def test_an_ambiguous_name_lists_each_candidate_with_company_and_path(make_vault):
    result = run_cli(["show", "bianchi"], make_vault(PEOPLE), today=TODAY)
    assert result.exit_code == 3
    assert "`bianchi` matches 2 contacts" in result.stderr
    assert "Lucia Bianchi, Little Steps Daycare  (People/Lucia Bianchi.md)" in result.stderr
    assert "Marco Bianchi, Bianchi Renovations  (People/Marco Bianchi.md)" in result.stderr
    assert "Traceback" not in result.output


def test_a_step_that_finds_several_decides_even_when_a_later_one_finds_one(make_vault):
    vault = make_vault({**PEOPLE, "People/Alain Roy.md": "---\ncompany: Roy & Co\n---\n"})
    result = run_cli(["show", "alain"], vault, today=TODAY)
    assert result.exit_code == 3 and "Alain Roy, Roy & Co" in result.stderr


@pytest.mark.parametrize("typed, first", [
    ("Jose Alvarex", "José Álvarez"),
    ("Helene Cotte", "Hélène Côté"),
    ("Gervias", "Alain Gervais"),
    ("Priyah", "Priya Nair"),
])
def test_suggestions_compare_folded_names(make_vault, typed, first):
    result = run_cli(["show", typed], make_vault(PEOPLE), today=TODAY)
    assert result.exit_code == 3
    hint = result.stderr.split("did you mean: ", 1)[1]
    assert hint.startswith(first), result.stderr


def test_jose_alvarez_is_never_answered_with_alain_gervais(make_vault):
    vault = make_vault({k: v for k, v in PEOPLE.items() if "José" not in k}
                       | {"People/José Álvares.md": "---\ncompany: Casa\n---\n"})
    result = run_cli(["show", "Jose Alvarez"], vault, today=TODAY)
    assert result.exit_code == 3
    assert result.stderr.split("did you mean: ", 1)[1].startswith("José Álvares"), result.stderr


def test_a_short_name_is_not_similar_to_every_name_holding_its_letters(make_vault):
    result = run_cli(["show", "Jon"], make_vault(PEOPLE), today=TODAY)
    assert result.exit_code == 3 and "did you mean" not in result.stderr


def test_links_keep_the_strict_rule(make_vault):
    vault = make_vault({**PEOPLE, "Daily/2026-11-18.md": "Coffee with [[alain]] and [[Zoe Field]].\n",
                        "People/Ann.md": '---\nintroduced_by: "[[alain]]"\n---\n',
                        "People/Ben.md": '---\nintroduced_by: "[[Zoe Field]]"\n---\n'})
    broken = sorted(d["path"] for d in diagnostics_json(vault) if d["code"] == "broken-link")
    assert broken == ["People/Ann.md", "People/Ben.md"]  # neither a first name nor a folded name links
    result = run_cli(["show", "Alain Gervais", "--json"], vault, today=TODAY)
    assert json.loads(result.stdout)["last_touch"] is None


@given(st.text(max_size=30))
def test_folding_is_idempotent_and_blind_to_case(text):
    assert fold(fold(text)) == fold(text)
    assert fold(text.casefold()) == fold(text)
