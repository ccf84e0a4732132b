"""Differential tests for the contacts' narrow rows (netnotes.index.cards): every report that
reads every contact gets, from one row per card, exactly the properties, tags and order it got
from the ``props`` rows and would get from the parsed cards; after edits too."""

from __future__ import annotations

from pathlib import Path

import pytest

from netnotes.index.cache import open_synced
from netnotes.index.cards import CARD_KEYS, covers
from netnotes.vault.handle import open_vault

from .helpers import assert_cards_from_rows, differential_vault, uncached


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_cards_equal_props_and_parsed_cards(kind: str, tmp_path: Path) -> None:
    root = differential_vault(kind, tmp_path)
    open_synced(open_vault(str(root)))[0].close()
    assert_cards_from_rows(root, uncached(root))
    # an edit, a new card and a deleted one: the rows follow
    cards = sorted((root / "People").glob("*.md"))
    with cards[0].open("a", encoding="utf-8") as f:
        f.write("\n")
    cards[1].write_text(cards[1].read_text(encoding="utf-8", errors="surrogateescape")
                        .replace("tier:", "tier: C\nold_tier:", 1), encoding="utf-8", errors="surrogateescape")
    cards[2].unlink()
    (root / "People" / "New Person.md").write_text("---\nname: New Person\ntier: A\nmet: 2026-01-02\n"
                                                  "offers: [tax]\n---\n", encoding="utf-8")
    assert_cards_from_rows(root, uncached(root))


def test_every_report_reads_its_contacts_from_the_cards() -> None:
    """Each report's list of properties is kept whole in a card's row (else it reads props)."""
    from netnotes.reports import followups, graph, groups, introductions, leads, pipeline, reciprocity
    from netnotes.reports.facts import LIST_FIELDS, WHO_FIELDS
    from netnotes.reports.weekly import REACH_KEYS
    from netnotes.notes.matching import MATCH_FIELDS
    from netnotes.vault.config import Config

    for keys in (followups.FIELDS, introductions.FIELDS, leads.KEYS, graph.KEYS, groups.CONTACT_KEYS,
                 pipeline.KEYS, reciprocity.KEYS, LIST_FIELDS, WHO_FIELDS, REACH_KEYS, MATCH_FIELDS,
                 Config().reminder_properties):
        assert covers(tuple(keys)), set(keys) - set(CARD_KEYS)
