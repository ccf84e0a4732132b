"""How many notes of the index could not be parsed at all, from the diagnostics it stored:
what read commands mention on stderr (``N of M cards could not be parsed``)."""

from __future__ import annotations

import sqlite3

# the diagnostics that mean netnotes could not read the note's properties (see base.diagnostics)
UNPARSED_CODES = ("encoding", "unreadable", "file-too-large", "yaml-syntax", "yaml-unsafe",
                  "front-matter-type", "unclosed-front-matter")


def unparsed(conn: sqlite3.Connection) -> tuple[int, int]:
    """(notes with one of ``UNPARSED_CODES``, all notes): two counts, no note is loaded."""
    marks = ",".join("?" * len(UNPARSED_CODES))
    count = conn.execute(f"SELECT count(DISTINCT note_id) FROM diagnostics WHERE code IN ({marks})",
                         UNPARSED_CODES).fetchone()[0]
    total = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    return count, total
