"""Whose touches: the contacts someone's signed log entries are on (``[by:: NAME]``,
``[team] sign_entries``; docs/team.md), read from the index's log rows."""

from __future__ import annotations

import os
import sqlite3

from netnotes.notes.log import signer

# the rows that can be signed at all: the rest of the log is never read
_SIGNED = """
SELECT DISTINCT n.path, l.text FROM log l JOIN notes n ON n.id = l.note_id
WHERE n.kind = 'contact' AND l.text LIKE '%[by::%'
"""


def same_person(a: str, b: str) -> bool:
    """Names as people type them: case and spacing aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def authored(conn: sqlite3.Connection, name: str) -> set[str]:
    """The paths of the contacts with a log entry signed by ``name``."""
    out = set()
    for path, text in conn.execute(_SIGNED):
        by = signer(text)
        if by and same_person(by, name):
            out.add(os.fsdecode(path))
    return out
