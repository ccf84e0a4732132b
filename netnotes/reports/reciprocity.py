"""Reciprocity: referrals and introductions given to and received from each person.

Given: `referral given` and `intro` entries on the person's card (you sent them business,
or introduced them to someone). Received: `referral received` and `intro received` entries,
and every contact whose ``introduced_by`` names the person, unless the person's log already
records sending you that contact (one act of help, written on both cards, counts once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.notes.note import Note
from netnotes.base.dates import as_date
from netnotes.reports.facts import Facts, history
from netnotes.reports.relationships import stage_of, tier_of
from netnotes.index.session import Session

# what reciprocity reads of a card, when the index answers (``index.ledger``)
KEYS = ("tier", "stage", "met")


@dataclass(frozen=True)
class Balance:
    note: Note
    referrals_given: int
    intros_given: int
    referrals_received: int
    intros_received: int
    last_given: dt.date | None
    last_received: dt.date | None

    @property
    def given(self) -> int:
        return self.referrals_given + self.intros_given

    @property
    def received(self) -> int:
        return self.referrals_received + self.intros_received

    @property
    def owed(self) -> bool:
        """They have helped you more than you have helped them."""
        return self.received > self.given

    def to_json(self) -> dict:
        n = self.note
        return {"name": n.name, "path": n.rel, "tier": tier_of(n) or None, "stage": stage_of(n) or None,
                "referrals_given": self.referrals_given, "intros_given": self.intros_given,
                "referrals_received": self.referrals_received, "intros_received": self.intros_received,
                "given": self.given, "received": self.received, "owed": self.owed,
                "last_given": self.last_given.isoformat() if self.last_given else None,
                "last_received": self.last_received.isoformat() if self.last_received else None}


def reciprocity(session: Session, today: dt.date, facts: Facts | None = None) -> list[Balance]:
    """Everyone with any referral or introduction either way (entries dated after ``today``
    do not count): the most owed first, then by name. Read from the index's rows (log
    entries, ``introduced_by`` links) when the notes are not loaded."""
    if session._in_index():

        book = session.ledger()
        contacts = book.notes(("contact",), KEYS, links=("introduced_by",), log=("referral", "intro"),
                              today=today, entry_links=True)
        resolve = book.resolve
    else:
        facts = facts or Facts(session, today)
        contacts, resolve = session.contacts, facts.resolve_name
    counts: dict[str, list] = {}

    def bump(note: Note, slot: int, day: dt.date | None) -> None:
        c = counts.setdefault(note.rel, [note, 0, 0, 0, 0, None, None])
        c[slot] += 1
        date_slot = 5 if slot in (1, 2) else 6
        if day and (c[date_slot] is None or day > c[date_slot]):
            c[date_slot] = day

    sent: set[tuple[str, str]] = set()  # (their rel, rel of a person their log says they sent you)
    for n in contacts:
        for e in history(n, today):
            if e.kind == "referral":
                bump(n, 1 if e.direction == "given" else 3, e.date)
            elif e.kind == "intro":
                bump(n, 2 if e.direction == "given" else 4, e.date)
            if e.kind in ("referral", "intro") and e.direction == "received":
                for target in e.links:
                    other = resolve(target)
                    if other is not None:
                        sent.add((n.rel, other.rel))
    for n in contacts:
        met = as_date(n.props.get("met"))
        if met is not None and met > today:
            continue  # not met yet as of today
        for link in n.prop_links("introduced_by"):
            introducer = resolve(link.target)
            if (introducer is not None and introducer.kind == "contact" and introducer.rel != n.rel
                    and (introducer.rel, n.rel) not in sent):  # the same help, already counted
                bump(introducer, 4, met)
    out = [Balance(*c) for c in counts.values()]
    return sorted(out, key=lambda b: (-(b.received - b.given), b.note.name.casefold()))
