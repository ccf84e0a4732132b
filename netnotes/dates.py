"""Dates and durations as the card format writes them.

Dates are ISO ``YYYY-MM-DD``; durations are ``3d``, ``2w``, ``6m``, ``1y``.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DUR = re.compile(r"\s*(\d+)\s*(d|w|m|y|days?|weeks?|months?|years?)\s*", re.IGNORECASE)


def parse_iso_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` (optionally followed by a time) as a date; None if not ISO or not a real day."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    rest = text.strip()[10:]
    if rest and not re.fullmatch(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", rest):
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def looks_like_iso_date(text: str) -> bool:
    return bool(_ISO.match(text.strip()))


def as_date(value: object) -> dt.date | None:
    """A YAML value (date, datetime or ISO string) as a date, else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    return None



def parse_duration(text: str) -> int | None:
    """A cadence such as ``3w`` in days (a month is 30 days, a year 365); None if malformed."""
    m = _DUR.fullmatch(str(text))
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)[0].lower()
    return n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)
