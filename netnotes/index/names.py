"""Name tables over the index, for the one resolution rule (``notes.resolve``): link rows are
resolved to note ids at sync time, and a command's typed names are looked up without reading
every note."""

from __future__ import annotations

from netnotes.index import serialize
import os
import sqlite3
from pathlib import PurePosixPath
from typing import Callable

from netnotes.notes.note import Note
from netnotes.notes.typed_names import FOLDED

_CALLED = ("SELECT m.note_id FROM names m JOIN notes n ON n.id = m.note_id "
           "WHERE m.key = ? AND m.how IN ({}) ORDER BY n.path")
_AT_PATH = "SELECT id FROM notes WHERE pathkey = ? ORDER BY path DESC LIMIT 1"


class IdTables:
    """Name tables yielding note ids. ``preload`` reads every name at once (a full re-index
    resolves every link: one pass beats a query per key)."""

    def __init__(self, conn: sqlite3.Connection, preload: bool = False) -> None:
        self.conn = conn
        self.paths: dict[str, int] | None = None
        self.called_: dict[tuple[str, str], list[int]] | None = None
        if preload:
            self.paths = {k: i for k, i in conn.execute("SELECT pathkey, id FROM notes ORDER BY path")}
            self.called_ = {}
            for key, how, nid in conn.execute("SELECT m.key, m.how, m.note_id FROM names m "
                                              "JOIN notes n ON n.id = m.note_id "
                                              "WHERE m.how IN ('title', 'name', 'alias') ORDER BY n.path"):
                self.called_.setdefault((how, key), []).append(nid)

    def at_path(self, key: str) -> int | None:
        key = _stored(key)
        if self.paths is not None:
            return self.paths.get(key)
        row = self.conn.execute(_AT_PATH, (key,)).fetchone()
        return row[0] if row else None

    def called(self, how: str, key: str) -> list[int]:
        """The ids called ``key`` by ``how``; for a folded how (``typed_names.FOLDED``), also
        the plain rows whose key needs no folding. Preloaded tables hold the plain hows only
        (link resolution never folds)."""
        key = _stored(key)
        if self.called_ is not None and how not in FOLDED:
            return self.called_.get((how, key), [])
        hows = (how, *FOLDED.get(how, ()))
        return [r[0] for r in self.conn.execute(_CALLED.format(",".join("?" * len(hows))), (key, *hows))]


def _stored(key: str) -> str:
    """A key as the index stores it: text from an undecodable file name has its lone
    surrogates replaced (SQLite holds UTF-8 only)."""
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        return key.encode("utf-8", "replace").decode("utf-8")


class NoteTables:
    """Name tables yielding notes, read from the index one at a time as they are asked for."""

    def __init__(self, conn: sqlite3.Connection, load: Callable[[int], Note]) -> None:
        self.ids = IdTables(conn)
        self.load = load

    def at_path(self, key: str) -> Note | None:
        nid = self.ids.at_path(key)
        return self.load(nid) if nid is not None else None

    def called(self, how: str, key: str) -> list[Note]:
        return [self.load(nid) for nid in self.ids.called(how, key)]

    def every(self, kinds: tuple[str, ...]) -> list[Note]:
        """Light stand-ins (name, file name, aliases, path) of every note of these kinds: all
        that "did you mean" and the loose steps of a typed name compare (``whole`` reads the
        few that match)."""
        q = "SELECT n.path, n.kind, n.name, p.value FROM notes n " \
            "LEFT JOIN props p ON p.note_id = n.id AND p.key = 'aliases'"
        if kinds:
            q += f" WHERE n.kind IN ({','.join('?' * len(kinds))})"
        out = []
        for path, kind, name, aliases in self.ids.conn.execute(q + " ORDER BY n.path", kinds):
            try:
                value = serialize.decode_value(aliases) if aliases else []
            except ValueError:
                value = []
            names = tuple(a for a in (value if isinstance(value, list) else [value])
                          if isinstance(a, str) and a.strip())
            rel = os.fsdecode(path)
            shown = None if name == _stored(PurePosixPath(rel).stem) else name  # no name: the file name
            out.append(Note(rel, PurePosixPath(rel).stem, kind, {"name": shown, "aliases": list(names)}, "", 0))
        return out

    def whole(self, note: Note) -> Note:
        """The note a stand-in of ``every`` is, read from the index."""
        row = self.ids.conn.execute("SELECT id FROM notes WHERE path=?", (os.fsencode(note.rel),)).fetchone()
        return self.load(row[0]) if row else note
