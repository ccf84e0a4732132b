"""Dates to remember: birthdays, anniversaries and any date property the config names.

A date without a year (``--04-12`` or ``04-12``) recurs every year; one with a year also
says how many years it will be. February 29 falls on February 28 in other years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.base.text import name_sort_key
from netnotes.notes.note import Note
from netnotes.notes.fields import birthday_parts
from netnotes.index.session import Session


@dataclass(frozen=True)
class Reminder:
    note: Note
    what: str  # the property, e.g. "birthday"
    date: dt.date  # the next occurrence on or after today
    years: int | None  # how many years it will be, when the year is known
    days_away: int

    @property
    def label(self) -> str:
        what = self.what.replace("_", " ")
        if self.years is None:
            return what
        if self.what == "birthday":
            return f"birthday ({self.years})"
        return f"{what} ({self.years} year{'s' * (self.years != 1)})"

    def to_json(self) -> dict:
        return {"name": self.note.name, "path": self.note.rel, "what": self.what, "date": self.date.isoformat(),
                "years": self.years, "days_away": self.days_away, "label": self.label}


def next_occurrence(month: int, day: int, today: dt.date) -> dt.date:
    """The next day with this month and day, on or after ``today``."""
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # February 29 outside a leap year
            candidate = dt.date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")


def reminders(session: Session, today: dt.date, days: int | None = None) -> list[Reminder]:
    """Dated facts on contacts that fall within ``days`` (the config's, 7 by default) of today."""
    config = session.vault.config
    days = config.reminder_days if days is None else days
    horizon = today + dt.timedelta(days=days)
    out = []
    for n in session.contacts_with(("name", *config.reminder_properties)):
        for prop in config.reminder_properties:
            parts = birthday_parts(n.props.get(prop))
            if parts is None:
                continue
            year, month, day = parts
            when = next_occurrence(month, day, today)
            if when > horizon:
                continue
            years = when.year - year if year else None
            out.append(Reminder(n, prop, when, years if years is None or years > 0 else None, (when - today).days))
    return sorted(out, key=lambda r: (r.date, name_sort_key(r.note.name), r.what))
