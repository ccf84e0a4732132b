"""``netnotes list``: one row per contact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.session import Session
from netnotes.tables import render_table
from netnotes.touches import Touch, last_touches


@dataclass(frozen=True)
class ContactRow:
    name: str
    path: str
    company: str
    tier: str
    last_touch: Touch | None

    def to_json(self) -> dict:
        t = self.last_touch
        return {"name": self.name, "path": self.path, "company": self.company or None,
                "tier": self.tier or None,
                "last_touch": t.date.isoformat() if t else None,
                "last_touch_source": t.source if t else None,
                "last_touch_path": t.path if t else None}


def contact_rows(session: Session, today: dt.date | None = None) -> list[ContactRow]:
    touches = last_touches(session.notes, session.resolver, session.vault.config, today)
    rows = []
    for n in session.contacts:
        company = n.props.get("company")
        tier = n.props.get("tier")
        rows.append(ContactRow(n.name, n.rel, company if isinstance(company, str) else "",
                               tier if isinstance(tier, str) else "", touches.get(n.rel)))
    return sorted(rows, key=lambda r: (r.name.casefold(), r.path))


def render_rows(rows: list[ContactRow]) -> str:
    if not rows:
        return "no contacts yet: add a card in People/ (or see `netnotes init`)"
    table = [[r.name, r.company, r.tier, r.last_touch.date.isoformat() if r.last_touch else "never"]
             for r in rows]
    return render_table(["name", "company", "tier", "last touch"], table, flexible=1) + \
        f"\n{len(rows)} contact{'s' * (len(rows) != 1)}"
