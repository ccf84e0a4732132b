"""Every contact's last touch and chosen properties, answered by SQL over the index's rows:
the fast path for reports that look at every contact (``followups``), without reading each
note. ``notes.touches.last_touches`` is the rule; the differential tests hold the two equal."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from netnotes.base.dates import as_date
from netnotes.notes.note import Note
from netnotes.notes.touches import Touch
from netnotes.vault.config import Config

_OWN_LOG = """
WITH latest AS (SELECT note_id, max(date) AS day FROM log WHERE date <= ? GROUP BY note_id)
SELECT n.rel, latest.day, (SELECT min(line) FROM log WHERE note_id = latest.note_id AND date = latest.day)
FROM latest JOIN notes n ON n.id = latest.note_id WHERE n.kind = 'contact'
"""
_LAST_CONTACT = """
SELECT n.rel, p.value, p.line FROM props p JOIN notes n ON n.id = p.note_id
WHERE p.key = 'last_contact' AND n.kind = 'contact'
"""
_DATED = """
SELECT t.rel, d.day, d.day_source, d.rel, l.line FROM links l
JOIN notes d ON d.id = l.note_id JOIN notes t ON t.id = l.target_id
WHERE t.kind = 'contact' AND d.kind NOT IN ('contact', 'review') AND d.day IS NOT NULL AND d.day <= ?
  AND (l.source = 'body' OR l.source IN ({people}))
ORDER BY d.path, l.seq
"""


def last_touches(conn: sqlite3.Connection, config: Config, today: dt.date) -> dict[str, Touch]:
    """rel path of each contact -> its last touch on or before ``today``: the latest of its
    own log, its ``last_contact`` and the dated notes linking to it; on a tie, the one
    offered first in that order (as ``notes.touches.last_touches`` decides)."""
    out: dict[str, Touch] = {}

    def offer(rel: str, touch: Touch) -> None:
        old = out.get(rel)
        if old is None or touch.date > old.date:
            out[rel] = touch

    day = today.isoformat()
    for rel, date, line in conn.execute(_OWN_LOG, (day,)):
        offer(rel, Touch(dt.date.fromisoformat(date), "log", rel, line))
    for rel, value, line in conn.execute(_LAST_CONTACT):
        d = as_date(_value(value))
        if d and d <= today:
            offer(rel, Touch(d, "last_contact", rel, line))
    people = ",".join("?" * len(config.people_properties)) or "NULL"
    for rel, date, source, path, line in conn.execute(_DATED.format(people=people),
                                                      (day, *config.people_properties)):
        offer(rel, Touch(dt.date.fromisoformat(date), source, path, line))
    return out


def contacts_with(conn: sqlite3.Connection, keys: tuple[str, ...]) -> list[Note]:
    """Every contact as a Note holding only the properties ``keys`` (no links, log or body),
    in path order: for reports that read nothing else of a card."""
    marks = ",".join("?" * len(keys)) or "NULL"
    out: list[Note] = []
    last = None
    for nid, rel, title, key, value in conn.execute(
            "SELECT n.id, n.rel, n.title, p.key, p.value FROM notes n "
            f"LEFT JOIN props p ON p.note_id = n.id AND p.key IN ({marks}) "
            "WHERE n.kind = 'contact' ORDER BY n.path", keys):
        if nid != last:
            out.append(Note(rel, title, "contact", {}, "", 0))
            last = nid
        if key is not None:
            out[-1].props[key] = _value(value)
    return out


def _value(text: str) -> object:
    """A stored property value (JSON); a plain string without escapes is read directly."""
    if len(text) > 1 and text[0] == '"' and text[-1] == '"' and "\\" not in text:
        return text[1:-1]
    try:
        return json.loads(text)
    except ValueError:
        return text
