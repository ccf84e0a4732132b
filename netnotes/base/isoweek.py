"""ISO weeks (``2026-W47``): the unit of the weekly review."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from netnotes.base.errors import NetnotesError

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


FIRST_YEAR, LAST_YEAR = 1900, 9000  # weeks netnotes reviews: room for the weeks before and after


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 7)

    @classmethod
    def of(cls, day: dt.date) -> "Week":
        y, w, _ = day.isocalendar()
        return cls(y, w)

    @classmethod
    def parse(cls, text: str) -> "Week":
        m = _WEEK.fullmatch(text.strip())
        if m:
            try:
                week = cls(int(m.group(1)), int(m.group(2)))
                week.start  # noqa: B018 - validates the week number
            except ValueError:
                pass
            else:
                if not FIRST_YEAR <= week.year <= LAST_YEAR:  # the review looks weeks back and ahead
                    raise NetnotesError(f"`{text}` is too far from today",
                                        f"a week of the years {FIRST_YEAR} to {LAST_YEAR}")
                return week
        raise NetnotesError(f"`{text}` is not an ISO week", "write it like 2026-W47")
