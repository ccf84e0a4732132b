"""Business that came through someone: who brought each contact to you, and what they bought.

One home for the rule reciprocity ("business they sent you") and groups ("sales through
referrals") both follow. A contact C was brought to you by X when C's ``introduced_by`` names X
(counted from the day C was met, and never when C has not been met yet as of today), or when X's
log records sending C (a ``referral received`` or ``intro received`` entry that links C). A sale
on C's card (``- DATE sale: $400 ...``, dated by today) is credited in full to every X who
brought C: two people who both sent the same customer each sent that business.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from netnotes.base.dates import as_date
from netnotes.notes.note import Note
from netnotes.reports.facts import history

Resolve = Callable[[str], "Note | None"]


def money_key(currency: str | None, home: str) -> str:
    """Amounts in ``$``, in no currency or in the vault's own currency add up together."""
    if not currency or currency == "$" or currency == home:
        return home or "$"
    return currency


def sales(note: Note, today: dt.date, home: str) -> dict[str, int]:
    """Currency -> cents of the sales on ``note``'s card dated on or before ``today``."""
    out: dict[str, int] = {}
    for e in history(note, today):
        if e.kind == "sale" and e.amount_cents is not None:
            cur = money_key(e.currency, home)
            out[cur] = out.get(cur, 0) + e.amount_cents
    return out


def add_money(total: dict[str, int], more: dict[str, int]) -> None:
    for cur, cents in more.items():
        total[cur] = total.get(cur, 0) + cents


def sent(contacts: Iterable[Note], today: dt.date, resolve: Resolve) -> set[tuple[str, str]]:
    """(X rel, C rel) for each contact C that X's log says X sent you, by ``today``."""
    out: set[tuple[str, str]] = set()
    for n in contacts:
        for e in history(n, today):
            if e.kind in ("referral", "intro") and e.direction == "received":
                for target in e.links:
                    other = resolve(target)
                    if other is not None:
                        out.add((n.rel, other.rel))
    return out


def introducers(note: Note, today: dt.date, resolve: Resolve) -> list[Note]:
    """The contacts ``note``'s ``introduced_by`` names, once it has been met (by ``today``)."""
    met = as_date(note.props.get("met"))
    if met is not None and met > today:
        return []
    out: list[Note] = []
    for link in note.prop_links("introduced_by"):
        introducer = resolve(link.target)
        if (introducer is not None and introducer.kind == "contact" and introducer.rel != note.rel
                and all(o.rel != introducer.rel for o in out)):
            out.append(introducer)
    return out


def sources(contacts: list[Note], today: dt.date, resolve: Resolve,
            sent_pairs: set[tuple[str, str]] | None = None) -> dict[str, list[Note]]:
    """Contact rel -> the contacts who brought them to you (``introduced_by`` first, then the
    logs that record sending them, each person once, in path order)."""
    pairs = sent(contacts, today, resolve) if sent_pairs is None else sent_pairs
    by_rel = {n.rel: n for n in contacts}
    senders: dict[str, list[Note]] = {}
    for x_rel, c_rel in sorted(pairs):
        if x_rel != c_rel and x_rel in by_rel:
            senders.setdefault(c_rel, []).append(by_rel[x_rel])
    out: dict[str, list[Note]] = {}
    for n in contacts:
        found = introducers(n, today, resolve)
        for x in senders.get(n.rel, ()):
            if all(x.rel != f.rel for f in found):
                found.append(x)
        if found:
            out[n.rel] = found
    return out
