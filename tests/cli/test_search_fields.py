"""`netnotes search` finds what is on the card (issue 16): names, aliases, titles, company,
role, email, phone, offers, needs, tags and bodies, ranked by the field, each hit with the
field that matched; generated review pages only with `--all`; hits never marked `[...]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, run_json, run_ok
from netnotes.reports.facts import SearchHit
from netnotes.render.views import render_search

FILES = {
    "Clients/Ahmed Yusuf.md": """---
type: person
company: Yusuf Auto Repair
role: Owner
title: Managing Director
email: ahmed@yusufauto.example
phone: "+1 613 555 0171"
offers: [fleet maintenance]
needs: [financial planning]
tags: [client]
---
Twelve mechanics.
""",
    "People/Robert Smith.md": """---
aliases: [Bobby]
company: Smith Law
---
Met him at the golf club.
""",
    "People/Carla Diaz.md": """---
company: Diaz Accounting
---
Carla knows Bobby from the chamber; Smith Law is next door.
""",
    "Reviews/2026-W47.md": """---
type: review
week: 2026-W47
generated_lines: "abc123"
---
# Weekly review 2026-W47
- [ ] [[Robert Smith|Bobby]]: call ^nn-fu-robert-smith-123456
""",
    "Reviews/Notes on Bobby.md": "My own page about Bobby, in the reviews folder.\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(FILES)


def _hits(vault: Path, *query: str) -> list[tuple[str, str]]:
    return [(h["path"], h["field"]) for h in run_json(["search", *query, "--json"], vault)]


@pytest.mark.parametrize("query,field", [
    (("Yusuf Auto",), "company"),
    (("ahmed@yusufauto.example",), "email"),
    (("fleet", "maintenance"), "offers"),
    (("financial planning",), "needs"),
    (("Managing", "Director"), "title"),
    (("owner",), "role"),
    (("613 555 0171",), "phone"),
    (("6135550171",), "phone"),
    (("client",), "tags"),
    (("mechanics",), "body"),
])
def test_search_finds_what_is_on_the_card(vault: Path, query: tuple[str, ...], field: str) -> None:
    assert _hits(vault, *query) == [("Clients/Ahmed Yusuf.md", field)]


def test_an_alias_that_differs_from_the_name_finds_the_card_first(vault: Path) -> None:
    hits = _hits(vault, "bobby")
    assert hits[0] == ("People/Robert Smith.md", "aliases")  # the alias before the body that mentions it
    assert ("People/Carla Diaz.md", "body") in hits


def test_a_name_or_alias_hit_ranks_above_a_company_or_body_hit(vault: Path) -> None:
    assert _hits(vault, "smith") == [("People/Robert Smith.md", "name"), ("People/Carla Diaz.md", "body")]


def test_generated_review_pages_only_with_all(vault: Path) -> None:
    paths = [p for p, _f in _hits(vault, "bobby")]
    assert "Reviews/2026-W47.md" not in paths
    assert "Reviews/Notes on Bobby.md" in paths  # a page the user wrote is searched, wherever it is
    assert "Reviews/2026-W47.md" in [p for p, _f in _hits(vault, "bobby", "--all")]


def test_text_output_names_the_field_and_never_marks_hits_like_a_wikilink(vault: Path) -> None:
    out = run_ok(["search", "Yusuf", "Auto"], vault).stdout
    assert out == "Clients/Ahmed Yusuf.md  (contact)\n    company: «Yusuf» «Auto» Repair\n"
    out = run_ok(["search", "golf"], vault).stdout
    assert out == "People/Robert Smith.md  (contact)\n    body: Met him at the «golf» club.\n"


def test_json_gives_the_snippet_plain_with_where_the_words_are(vault: Path) -> None:
    [hit] = run_json(["search", "yusuf", "auto", "--json"], vault)
    assert hit == {"path": "Clients/Ahmed Yusuf.md", "kind": "contact", "name": "Ahmed Yusuf", "field": "company",
                   "snippet": "Yusuf Auto Repair", "highlights": [[0, 5], [6, 10]]}


def test_colour_makes_the_matches_bold() -> None:
    hit = SearchHit("People/Ann.md", "contact", "Ann", "body", "a web designer", ((2, 5),))
    assert render_search([hit], color=True) == "People/Ann.md  (contact)\n    body: a \x1b[1mweb\x1b[22m designer"
    assert render_search([hit], color=False) == "People/Ann.md  (contact)\n    body: a «web» designer"


def test_an_edit_of_a_field_is_found_at_the_next_search(vault: Path) -> None:
    assert _hits(vault, "Yusuf Auto")
    card = vault / "Clients/Ahmed Yusuf.md"
    card.write_text(card.read_text(encoding="utf-8").replace("Yusuf Auto Repair", "Capital Garage"), encoding="utf-8")
    assert _hits(vault, "Yusuf Auto") == []
    assert _hits(vault, "capital garage") == [("Clients/Ahmed Yusuf.md", "company")]
    result = run_cli(["search", "-", "--json"], vault)
    assert result.exit_code == 0 and result.stdout.strip() == "[]"
