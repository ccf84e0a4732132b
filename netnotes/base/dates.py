"""Dates and durations as the card format writes them, and as people type them.

Dates are ISO ``YYYY-MM-DD``; durations are ``3d``, ``2w``, ``6m``, ``1y``. ``parse_day`` is the
one reader of every date a command takes (options and arguments alike).
"""

from __future__ import annotations

import datetime as dt
import re

from netnotes.base.errors import NetnotesError

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



MAX_DURATION_DAYS = 100 * 365  # a cadence or a delay past a century is a typo, and past year 9999 a crash


def parse_duration(text: str) -> int | None:
    """A cadence such as ``3w`` in days (a month is 30 days, a year 365); None if malformed or
    longer than ``MAX_DURATION_DAYS``."""
    m = _DUR.fullmatch(str(text))
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)[0].lower()
    days = n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
    return days if days <= MAX_DURATION_DAYS else None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"(?:(next|this|last|coming)\s+)?([a-z]+)")
_RELATIVE = re.compile(r"(?:in\s+)?(\d+)\s*([a-z]+)(\s+ago)?")
_ONE_WORD = {"today": 0, "tomorrow": 1, "yesterday": -1}
_UNITS = {u: u[0] for u in ("d", "day", "days", "w", "week", "weeks", "m", "month", "months",
                            "y", "year", "years")}


def parse_relative_date(text: str, today: dt.date) -> dt.date | None:
    """The phrases netnotes documents, read by its own rules so that they mean the same day
    whichever dateparser release is installed: ``today``, ``tomorrow``, ``yesterday``;
    ``friday`` or ``next friday`` (the first Friday after today), ``this friday`` (today if it
    is Friday), ``last friday`` (the last one before today); ``in 2 weeks``, ``2w``, ``3 days
    ago`` (a month is a calendar month). None when the text is none of these."""
    words = " ".join(text.lower().split())
    if words in _ONE_WORD:
        return add_days(today, _ONE_WORD[words])
    m = _WEEKDAY.fullmatch(words)
    if m:
        day = next((i for i, name in enumerate(_WEEKDAYS) if len(m.group(2)) >= 3
                    and name.startswith(m.group(2))), None)
        if day is not None:
            ahead = (day - today.weekday()) % 7
            if m.group(1) == "last":
                return add_days(today, -((today.weekday() - day) % 7 or 7))
            if m.group(1) == "this":
                return add_days(today, ahead)
            return add_days(today, ahead or 7)
    m = _RELATIVE.fullmatch(words)
    if m and m.group(2) in _UNITS:
        n = int(m.group(1)) * (-1 if m.group(3) else 1)
        unit = _UNITS[m.group(2)]
        if abs(n) * {"d": 1, "w": 7, "m": 30, "y": 365}[unit] > MAX_DURATION_DAYS:
            return None  # past a century: a typo (and past year 9999, no date at all)
        if unit in ("m", "y"):
            months = n * (12 if unit == "y" else 1)
            return add_months(today, months)
        return add_days(today, n * (7 if unit == "w" else 1))
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


DATE_ORDERS = {"dmy": "day-month-year", "mdy": "month-day-year", "ymd": "year-month-day"}
_NUMERIC = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})")
DATE_EXAMPLES = '2026-12-01, "in 2 weeks", "next friday" or "tomorrow" (or a duration from today: 2w, 10d, 3m)'


class DateTextError(NetnotesError):
    """A date as typed that netnotes will not guess at; the hint says what to write."""


def is_numeric_date(text: str) -> bool:
    """``01.02.2027``, ``12/31/26``: digits only, which only the config's date_order can read
    when both ways are real days."""
    return bool(_NUMERIC.fullmatch(" ".join(str(text).split())))


def parse_day(text: str, today: dt.date, order: str = "", prefer: str = "future") -> dt.date:
    """The day ``text`` means, relative to ``today``: ISO; a duration from today (``2w``,
    ``10d``, ``3m``: a month is a calendar month); the phrases of ``parse_relative_date``;
    a numeric date (``01.02.2027``) read in the config's ``order`` (``dmy``, ``mdy``,
    ``ymd``; without one, only when it cannot be read two ways); else dateparser's English
    (``15 December``), preferring the ``future`` or the ``past`` when the year is left out.
    Raises DateTextError naming what to write instead, never guesses silently."""
    words = " ".join(str(text).split())
    if not words:
        raise DateTextError("say when", f"write {DATE_EXAMPLES}")
    if looks_like_iso_date(words):
        day = parse_iso_date(words)
        if day is None:
            raise DateTextError(f"`{words}` is not a day of the calendar", "write a real day, such as 2026-12-01")
        return day
    day = parse_relative_date(words, today)
    if day is not None:
        return day
    m = _NUMERIC.fullmatch(words)
    if m:
        return _numeric(words, (m.group(1), m.group(3), m.group(4)), order)
    return _natural(words, today, order, prefer)


def _numeric(text: str, parts: tuple[str, str, str], order: str) -> dt.date:
    """``01.02.2027``, ``12/31/2026``, ``2027.02.01``: read in ``order``, or, without one, only
    when a single reading is a real day (``31.12.2026``)."""
    a, b, c = (int(x) for x in parts)
    if len(parts[0]) == 4:  # a year first is year-month-day, whatever the order
        readings = {"ymd": (a, b, c)}
    else:
        year = c + 2000 if len(parts[2]) <= 2 else c
        readings = {"dmy": (year, b, a), "mdy": (year, a, b)}
        if len(parts[2]) <= 2 and order == "ymd":
            readings = {"ymd": (a + 2000 if len(parts[0]) <= 2 else a, b, c)}
    if order in readings:
        chosen = {order: readings[order]}
    else:
        chosen = readings
    days = {}
    for name, (y, mo, d) in chosen.items():
        try:
            days[name] = dt.date(y, mo, d)
        except ValueError:
            pass
    distinct = set(days.values())
    if len(distinct) == 1:
        return distinct.pop()
    if not distinct:
        how = f" in {DATE_ORDERS[order]} order (date_order = \"{order}\")" if order in chosen else ""
        raise DateTextError(f"`{text}` is not a day of the calendar{how}", "write it as ISO, YYYY-MM-DD")
    ways = " or ".join(f"{day.isoformat()} ({DATE_ORDERS[name]})" for name, day in sorted(days.items()))
    raise DateTextError(f"`{text}` could be {ways}",
                        'write it as ISO (YYYY-MM-DD), or set date_order = "dmy" or "mdy" under [vault] '
                        "in .netnotes/config.toml")


def _natural(text: str, today: dt.date, order: str, prefer: str) -> dt.date:
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(today, dt.time()), "PREFER_DATES_FROM": prefer,
                "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if order:
        settings["DATE_ORDER"] = order.upper()
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        raise DateTextError(f"`{text}` is not a date netnotes understands", f"write {DATE_EXAMPLES}")
    return found.date()
