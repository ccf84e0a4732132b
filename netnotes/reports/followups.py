"""Follow-ups: who is due, how late, and who is going cold.

Pure function of the session (the synced index) and ``today``; docs/reports.md states the
rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.base.text import name_sort_key
from netnotes.notes.note import Note
from netnotes.reports.facts import Facts
from netnotes.reports.relationships import Due, stage_of, tier_of, tier_rank
from netnotes.index.session import Session
from netnotes.notes.touches import Touch


# what a follow-up reads of a card (besides its name and path); the review's template too
FIELDS = ("name", "tier", "stage", "cadence", "next_followup", "met")


@dataclass(frozen=True)
class FollowUp:
    note: Note
    due: Due
    touch: Touch | None
    overdue_days: int
    going_cold: bool

    @property
    def reason(self) -> str:
        plan = self.due.plan
        if self.due.source == "planned" and plan is not None and self.due.unplanned is not None:
            return f"{plan.describe()} (due {self.due.unplanned.isoformat()})"
        if self.due.source == "next_followup":
            why = "next_followup on the card"
        elif self.due.source == "never contacted":
            why = f"never contacted (every {self.due.cadence_days} days)"
        else:
            since = self.touch.date.isoformat() if self.touch else "met"
            why = f"every {self.due.cadence_days} days since {since}"
        return f"{why}; {plan.describe()}" if plan is not None else why

    def to_json(self) -> dict:
        n = self.note
        return {"name": n.name, "path": n.rel, "tier": tier_of(n) or None, "stage": stage_of(n) or None,
                "due": self.due.date.isoformat() if self.due.date else None, "due_source": self.due.source,
                "cadence_days": self.due.cadence_days, "overdue_days": self.overdue_days,
                "going_cold": self.going_cold,
                "last_touch": self.touch.date.isoformat() if self.touch else None,
                "planned": self.due.plan.to_json() if self.due.plan else None,
                "reason": self.reason}


def followups(session: Session, today: dt.date, within_days: int = 7, facts: Facts | None = None) -> list[FollowUp]:
    """Contacts due on or before ``today + within_days``: overdue top tiers first.

    Going cold: a contact of a ``going_cold_tiers`` tier at least ``going_cold_after`` times
    its cadence past due."""
    facts = facts or Facts(session, today)
    config = session.vault.config
    horizon = today + dt.timedelta(days=within_days)
    out = []
    for n in session.contacts_with(FIELDS):
        touch = facts.touches.get(n.rel)
        d = facts.of_due(n)
        if d.date is None or d.date > horizon:
            continue
        late = d.overdue_days(today)
        cold = bool(d.cadence_days and tier_of(n) in config.going_cold_tiers
                    and late >= config.going_cold_after * d.cadence_days)
        out.append(FollowUp(n, d, touch, late, cold))
    return sorted(out, key=lambda f: (f.overdue_days == 0, -tier_rank(tier_of(f.note), config),
                                      -f.overdue_days, f.due.date, name_sort_key(f.note.name)))


def parse_within(text: str) -> int | None:
    from netnotes.base.dates import parse_duration

    return parse_duration(text)
