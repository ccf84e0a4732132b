"""Resolved links: the note each link row points to, kept current as notes come, go and change.

A link resolves by the rule every command uses (``notes.resolve.resolve_in``). When a note is
added, changed or removed, its own links are resolved again, and so is every link elsewhere
whose key is one of the names or the path it had or has: renaming a card changes what
``[[Ann]]`` means in every other note, and only those rows are touched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Iterable

from netnotes.index.names import IdTables
from netnotes.notes.resolve import resolve_in

_CHUNK = 500  # ids or keys per IN (...) query
_PRELOAD = 2_000  # more links than this to resolve: read every name once instead


@dataclass
class LinkChanges:
    """What one sync changed that links depend on."""

    everything: bool = False
    notes: set[int] = field(default_factory=set)  # new rows: all their links
    keys: set[str] = field(default_factory=set)  # names that appeared or disappeared
    paths: set[str] = field(default_factory=set)  # paths likewise

    def added(self, nid: int, pathkey: str, keys: Iterable[str]) -> None:
        self.notes.add(nid)
        self.paths.add(pathkey)
        self.keys.update(keys)

    def removed(self, nid: int, pathkey: str, keys: Iterable[str]) -> None:
        self.paths.add(pathkey)
        self.keys.update(keys)


def resolve_links(conn: sqlite3.Connection, changes: LinkChanges) -> int:
    """Set ``target_id`` on every link row the changes may have moved; returns how many."""
    if changes.everything:
        return _resolve_all(conn)
    rows = _affected(conn, changes)
    if not rows:
        return 0
    tables = IdTables(conn, preload=len(rows) > _PRELOAD)
    seen: dict[str, int | None] = {}
    updates = []
    for nid, seq, target in rows:
        if target not in seen:
            seen[target] = _resolved(tables, target)
        updates.append((seen[target], nid, seq))
    conn.executemany("UPDATE links SET target_id=? WHERE note_id=? AND seq=?", updates)
    return len(updates)


def _resolved(tables: IdTables, target: str) -> int | None:
    found, _how = resolve_in(tables, target)
    return found[0] if len(found) == 1 else None


def _resolve_all(conn: sqlite3.Connection) -> int:
    """After a full re-index: every link row is new, its target_id NULL. Each target is resolved
    once (from name tables read at once: the indexes are built after this), then set on all of
    its rows by one statement."""
    tables = IdTables(conn, preload=True)
    found = []
    for (target,) in conn.execute("SELECT DISTINCT target FROM links").fetchall():
        nid = _resolved(tables, target)
        if nid is not None:
            found.append((target, nid))
    conn.execute("CREATE TEMP TABLE resolved(target TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID")
    try:
        conn.executemany("INSERT INTO temp.resolved VALUES (?,?)", found)
        conn.execute("UPDATE links SET target_id = (SELECT id FROM temp.resolved r WHERE r.target = links.target)"
                     " WHERE target IN (SELECT target FROM temp.resolved)")
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.resolved")
    return conn.execute("SELECT count(*) FROM links").fetchone()[0]


def _affected(conn: sqlite3.Connection, changes: LinkChanges) -> list[tuple[int, int, str]]:
    found: dict[tuple[int, int], str] = {}
    for column, values in (("note_id", changes.notes), ("key", changes.keys), ("pathkey", changes.paths)):
        values = sorted(values)
        for i in range(0, len(values), _CHUNK):
            part = values[i:i + _CHUNK]
            q = f"SELECT note_id, seq, target FROM links WHERE {column} IN ({','.join('?' * len(part))})"
            for nid, seq, target in conn.execute(q, part):
                found[(nid, seq)] = target
    return [(nid, seq, target) for (nid, seq), target in sorted(found.items())]
