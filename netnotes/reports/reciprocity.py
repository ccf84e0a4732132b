"""Reciprocity: referrals and introductions given to and received from each person.

Given: `referral given` and `intro` entries on the person's card (you sent them business,
or introduced them to someone). Received: `referral received` and `intro received` entries,
and every contact whose ``introduced_by`` names the person, unless the person's log already
records sending you that contact (one act of help, written on both cards, counts once).
Business they sent you: the sales on the cards of the people they brought you
(``reports.referrals``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.notes.note import Note
from netnotes.base.dates import as_date
from netnotes.base.text import name_sort_key
from netnotes.reports.facts import Facts, history
from netnotes.reports.referrals import add_money, introducers, sales, sent, sources
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
    business_cents: dict[str, int]  # currency -> sales on the cards of the people they sent you
    customers_sent: tuple[Note, ...]  # the people they sent you who bought

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
                "last_received": self.last_received.isoformat() if self.last_received else None,
                "business": {k or "unspecified": v / 100 for k, v in sorted(self.business_cents.items())},
                "customers_sent": [c.name for c in self.customers_sent]}


def reciprocity(session: Session, today: dt.date, facts: Facts | None = None) -> list[Balance]:
    """Everyone with any referral or introduction either way (entries dated after ``today``
    do not count): the most owed first, then by name. Read from the index's rows (log
    entries, ``introduced_by`` links) when the notes are not loaded."""
    if session._in_index():

        book = session.ledger()
        contacts = book.notes(("contact",), KEYS, links=("introduced_by",), log=("referral", "intro", "sale"),
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

    for n in contacts:
        for e in history(n, today):
            if e.kind == "referral":
                bump(n, 1 if e.direction == "given" else 3, e.date)
            elif e.kind == "intro":
                bump(n, 2 if e.direction == "given" else 4, e.date)
    pairs = sent(contacts, today, resolve)
    for n in contacts:
        met = as_date(n.props.get("met"))
        for introducer in introducers(n, today, resolve):
            if (introducer.rel, n.rel) not in pairs:  # the same help, already counted
                bump(introducer, 4, met)
    business: dict[str, dict[str, int]] = {}
    bought: dict[str, list[Note]] = {}
    home = session.vault.config.currency
    by_source = sources(contacts, today, resolve, pairs)
    for n in contacts:
        brought_by = by_source.get(n.rel)
        spent = sales(n, today, home) if brought_by else {}
        for x in brought_by if spent else ():
            add_money(business.setdefault(x.rel, {}), spent)
            bought.setdefault(x.rel, []).append(n)
    out = [Balance(*c, business.get(c[0].rel, {}),
                   tuple(sorted(bought.get(c[0].rel, ()), key=lambda n: name_sort_key(n.name)))) for c in counts.values()]
    return sorted(out, key=lambda b: (-(b.received - b.given), name_sort_key(b.note.name)))
