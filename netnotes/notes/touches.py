"""A contact's last touch: the latest of its log, ``last_contact``, and dated notes linking to it;
and its next planned touch: the earliest unticked log task still ahead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from netnotes.notes.note import Note, note_date
from netnotes.vault.config import Config
from netnotes.base.dates import as_date
from netnotes.notes.resolve import Resolver


@dataclass(frozen=True)
class Touch:
    date: dt.date
    source: str  # log | last_contact | daily note | dated note
    path: str
    line: int

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.date.isoformat()} ({self.source}, {where})"


@dataclass(frozen=True)
class Plan:
    """A planned touch (``- [ ] 2026-11-25 call: ...``): shown with a follow-up, never a touch."""

    date: dt.date
    kind: str
    text: str
    path: str
    line: int

    def describe(self) -> str:
        return f"{self.kind} planned for {self.date.isoformat()}"

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "kind": self.kind, "text": self.text,
                "path": self.path, "line": self.line}


def next_plans(notes: Iterable[Note], today: dt.date) -> dict[str, Plan]:
    """rel path of each contact -> its earliest planned touch dated ``today`` or later (on a
    tie, the first in the file). A plan whose day has passed unticked is no plan any more."""
    out: dict[str, Plan] = {}
    for n in notes:
        if n.kind != "contact":
            continue
        for e in n.planned:
            old = out.get(n.rel)
            if e.date >= today and (old is None or (e.date, e.line) < (old.date, old.line)):
                out[n.rel] = Plan(e.date, e.kind, e.text, n.rel, e.line)
    return out


def _better(a: Touch | None, b: Touch) -> Touch:
    return b if a is None or b.date > a.date else a


def last_touches(notes: Iterable[Note], resolver: Resolver, config: Config,
                 today: dt.date | None = None) -> dict[str, Touch]:
    """rel path of each contact -> its last touch on or before ``today``."""
    notes = list(notes)
    out: dict[str, Touch] = {}

    def offer(rel: str, touch: Touch) -> None:
        if today is None or touch.date <= today:
            out[rel] = _better(out.get(rel), touch)

    for n in notes:
        if n.kind != "contact":
            continue
        for e in n.log:
            offer(n.rel, Touch(e.date, "log", n.rel, e.line))
        d = as_date(n.props.get("last_contact"))
        if d:
            offer(n.rel, Touch(d, "last_contact", n.rel, n.prop_pos.get("last_contact", (0,))[0]))
    for n in notes:
        if n.kind in ("contact", "review"):
            continue
        day = note_date(n, config)
        if day is None:
            continue
        source = "dated note" if any(as_date(n.props.get(k)) for k in config.date_properties) else "daily note"
        for link in n.links:
            if link.source != "body" and link.source not in config.people_properties:
                continue
            target = resolver.resolve(link.target).note
            if target is not None and target.kind == "contact":
                offer(target.rel, Touch(day, source, n.rel, link.line))
    return out
