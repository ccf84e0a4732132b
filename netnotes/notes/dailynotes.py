"""Daily notes: a file name such as ``2026-11-20`` (Obsidian's format tokens) as a date."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# moment.js tokens, longest first
_TOKENS = [
    ("YYYY", r"(?P<Y>\d{4})"), ("MMMM", r"(?P<MMMM>[A-Za-z]+)"), ("MMM", r"(?P<MMM>[A-Za-z]{3})"),
    ("dddd", _DAYS), ("ddd", r"(?:mon|tue|wed|thu|fri|sat|sun)"), ("MM", r"(?P<M>\d{2})"),
    ("DD", r"(?P<D>\d{2})"), ("Do", r"(?P<D>\d{1,2})(?:st|nd|rd|th)"), ("YY", r"(?P<YY>\d{2})"),
    ("M", r"(?P<M>\d{1,2})"), ("D", r"(?P<D>\d{1,2})"),
]


@lru_cache(maxsize=32)
def _compile(fmt: str) -> re.Pattern[str] | None:
    fmt = fmt.rsplit("/", 1)[-1]  # folders in the format are not part of the title
    out, i = "", 0
    while i < len(fmt):
        if fmt[i] == "[":  # moment's [literal] escape
            j = fmt.find("]", i)
            if j < 0:
                return None
            out += re.escape(fmt[i + 1:j])
            i = j + 1
            continue
        for token, rx in _TOKENS:
            if fmt.startswith(token, i):
                out += rx
                i += len(token)
                break
        else:
            out += re.escape(fmt[i])
            i += 1
    if "(?P<D>" not in out or ("(?P<M>" not in out and "(?P<MMM" not in out):
        return None
    try:
        return re.compile(out, re.IGNORECASE)
    except re.error:  # a token twice
        return None


def date_from_title(title: str, formats: tuple[str, ...]) -> dt.date | None:
    for fmt in formats:
        rx = _compile(fmt)
        if rx is None:
            continue
        m = rx.fullmatch(title)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["Y"]) if g.get("Y") else (2000 + int(g["YY"]) if g.get("YY") else None)
        if year is None:
            continue
        if g.get("M"):
            month = int(g["M"])
        else:
            name = (g.get("MMMM") or g.get("MMM") or "").lower()
            month = next((i + 1 for i, n in enumerate(_MONTHS) if n.startswith(name) and len(name) >= 3), 0)
        try:
            return dt.date(year, month, int(g["D"]))
        except ValueError:
            continue
    return None
