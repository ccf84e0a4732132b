"""The week's own rows: who was met and who was talked to between two days, as whole notes.

Only those few notes are read; the rest of the review comes from the other queries over the
index (``netnotes.index.contacts`` and the report modules).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from netnotes.base.dates import as_date
from netnotes.index import serialize
from netnotes.index.contacts import _value
from netnotes.notes.note import Note

_MET = "SELECT p.note_id, p.value FROM props p JOIN notes n ON n.id = p.note_id WHERE p.key = 'met' AND n.kind = 'contact'"
_LOGGED = """
SELECT DISTINCT l.note_id FROM log l JOIN notes n ON n.id = l.note_id
WHERE n.kind = 'contact' AND l.date >= ? AND l.date <= ?
"""


def met_between(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> list[Note]:
    """The contacts whose ``met`` falls from ``start`` to ``end``, in path order."""
    ids = []
    for nid, value in conn.execute(_MET):
        met = as_date(_value(value))
        if met and start <= met <= end:
            ids.append(nid)
    return notes_by_id(conn, ids)


def logged_between(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> list[Note]:
    """The contacts with a log entry dated from ``start`` to ``end``, in path order."""
    ids = [nid for (nid,) in conn.execute(_LOGGED, (start.isoformat(), end.isoformat()))]
    return notes_by_id(conn, ids)


_LOG_COUNTS = """
SELECT l.date, count(*) FROM log l JOIN notes n ON n.id = l.note_id
WHERE n.kind = 'contact' AND l.date >= ? AND l.date <= ? GROUP BY l.date
"""


def log_counts(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """How many log entries the contacts have on each day from ``start`` to ``end`` (one
    grouped query over the log rows)."""
    return {dt.date.fromisoformat(day): count
            for day, count in conn.execute(_LOG_COUNTS, (start.isoformat(), end.isoformat()))}


def notes_by_id(conn: sqlite3.Connection, ids: list[int], with_body: bool = False) -> list[Note]:
    """These notes, read whole (without their body unless asked), in path order."""
    cols = "data, body" if with_body else "data, ''"
    rows = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        rows += conn.execute(f"SELECT path, {cols} FROM notes WHERE id IN ({marks})", part).fetchall()
    return [serialize.loads(data, body) for _path, data, body in sorted(rows)]
