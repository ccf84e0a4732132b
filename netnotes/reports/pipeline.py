"""The pipeline: leads, prospects, customers and partners, where each came from, and what
is stalled (a lead or prospect untouched for longer than ``[pipeline] stalled_after``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from netnotes.base.text import name_sort_key
from netnotes.notes.fields import PIPELINES
from netnotes.notes.note import Note
from netnotes.reports.facts import Facts, history
from netnotes.reports.relationships import stage_of, tier_of
from netnotes.index.session import Session
from netnotes.notes.touches import Touch

FUNNEL = PIPELINES[1:]  # lead, prospect, customer, partner: "none" is not in the funnel
STALLABLE = ("lead", "prospect")


@dataclass(frozen=True)
class PipelineEntry:
    note: Note
    stage: str
    source: str  # where they came from: the met_at place, or "introduced by X", or ""
    touch: Touch | None
    days_since_touch: int | None
    stalled: bool
    sales_cents: int

    def to_json(self) -> dict:
        n = self.note
        return {"name": n.name, "path": n.rel, "pipeline": self.stage, "source": self.source or None,
                "tier": tier_of(n) or None, "stage": stage_of(n) or None,
                "last_touch": self.touch.date.isoformat() if self.touch else None,
                "days_since_touch": self.days_since_touch, "stalled": self.stalled,
                "sales": self.sales_cents / 100}


def source_of(note: Note, resolve: Callable[[str], Note | None]) -> str:
    """Where ``note`` came from; ``resolve`` answers a link target (``Facts.resolve_name``)."""
    parts = []
    for link in note.prop_links("met_at"):
        target = resolve(link.target)
        parts.append(target.name if target else link.target)
    if not parts:
        at = note.props.get("met_at")
        if isinstance(at, str) and at.strip() and "[[" not in at:
            parts.append(at.strip())
    for link in note.prop_links("introduced_by"):
        target = resolve(link.target)
        parts.append(f"introduced by {target.name if target else link.target}")
    return "; ".join(parts)


# what the pipeline reads of a card, when the index answers (``index.ledger``)
KEYS = ("pipeline", "tier", "stage", "met_at")


def pipeline(session: Session, today: dt.date, facts: Facts | None = None) -> list[PipelineEntry]:
    """Read from the index's rows (links, sales, last touches) when the notes are not loaded."""
    if session._in_index():

        book = session.ledger()
        contacts = book.notes(("contact",), KEYS, links=("met_at", "introduced_by"), log=("sale",), today=today)
        resolve = book.resolve
        touches = facts.touches if facts else session.last_touches(today)
    else:
        facts = facts or Facts(session, today)
        contacts, resolve, touches = session.contacts, facts.resolve_name, facts.touches
    stalled_after = session.vault.config.stalled_after
    out = []
    for n in contacts:
        stage = n.props.get("pipeline")
        if stage not in FUNNEL:
            continue
        touch = touches.get(n.rel)
        days = (today - touch.date).days if touch else None
        stalled = stage in STALLABLE and (days is None or days > stalled_after)
        sales = sum(e.amount_cents or 0 for e in history(n, today) if e.kind == "sale")
        out.append(PipelineEntry(n, stage, source_of(n, resolve), touch, days, stalled, sales))
    return sorted(out, key=lambda e: (FUNNEL.index(e.stage), not e.stalled, name_sort_key(e.note.name)))
