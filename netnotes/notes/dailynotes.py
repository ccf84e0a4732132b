"""Dated file names: a daily note ``2026-11-20`` or a meeting ``2024-01-05 Lunch with Ann``
(Obsidian's moment.js format tokens, time tokens included) as a date.

A title matches a format whole, or starts with it and goes on after a separator (a blank,
``_``, ``-``, ``.``...): meeting notes are named by their date and a title or a time.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from netnotes.vault.obsidian import MOMENT_TOKENS

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


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
        for token, rx in MOMENT_TOKENS:
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
        return re.compile(f"(?:{out})(?=$|[^0-9A-Za-z])", re.IGNORECASE)
    except re.error:  # a token twice
        return None


def date_from_title(title: str, formats: tuple[str, ...]) -> dt.date | None:
    """The date a title is named by: the first format that matches it whole, else the
    first that matches its start (``2024-01-05 Title``, ``2022-10-10_0937``)."""
    found = None
    for fmt in formats:
        rx = _compile(fmt)
        if rx is None:
            continue
        m = rx.match(title)
        if not m:
            continue
        d = _date_of(m.groupdict())
        if d is None:
            continue
        if m.end() == len(title):
            return d
        found = found or d
    return found


def _date_of(g: dict[str, str | None]) -> dt.date | None:
    year = int(g["Y"]) if g.get("Y") else (2000 + int(g["YY"])) if g.get("YY") else None
    if year is None:
        return None
    if g.get("M"):
        month = int(g["M"])  # type: ignore[arg-type]
    else:
        name = (g.get("MMMM") or g.get("MMM") or "").lower()
        month = next((i + 1 for i, n in enumerate(_MONTHS) if n.startswith(name) and len(name) >= 3), 0)
    try:
        return dt.date(year, month, int(g["D"]))  # type: ignore[arg-type]
    except ValueError:
        return None
