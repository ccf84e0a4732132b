"""One note's neighbourhood, read from the index: the notes that link to it (resolved at sync
time, ``links.target_id``), loaded by id as they are asked for, never the whole vault."""

from __future__ import annotations

import os

from netnotes.index import serialize
from netnotes.index.cache import Index
from netnotes.index.names import NoteTables
from netnotes.notes.note import Note


def index_tables(index: Index, with_body: bool) -> NoteTables:
    """The vault's name tables in the index, loading each note once."""
    cols = "data, body" if with_body else "data, ''"
    loaded: dict[int, Note] = {}

    def load(nid: int) -> Note:
        if nid not in loaded:
            data, body = index.conn.execute(f"SELECT {cols} FROM notes WHERE id=?", (nid,)).fetchone()
            loaded[nid] = serialize.loads(data, body)
        return loaded[nid]

    return NoteTables(index.conn, load)


def backlinking(index: Index, note: Note, tables: NoteTables) -> list[Note]:
    """The notes with a link that resolves to ``note``, in path order."""
    row = index.conn.execute("SELECT id FROM notes WHERE path=?", (os.fsencode(note.rel),)).fetchone()
    if row is None:
        return []
    ids = [nid for (nid,) in index.conn.execute(
        "SELECT DISTINCT l.note_id FROM links l JOIN notes n ON n.id = l.note_id "
        "WHERE l.target_id = ? AND l.note_id != ? ORDER BY n.path", (row[0], row[0]))]
    return [tables.load(nid) for nid in ids]
