"""Who already knows whom, answered from the index's rows: the introductions recorded in
contacts' logs and their ``introduced_by`` links (``reports.introductions`` leaves those pairs
out, ``reports.asks`` asks through them), the people each review page asked, and the owner's
note. The differential tests hold every answer equal to the same rule over every parsed note.

A log entry's links are the link rows on its line (``links.line = log.line``): the links of
the entry's first line, exactly, when the line is not inside a code fence. Two cases need the
entry itself, read from the note's stored JSON: an entry with no link row on its line (no
link at all, or a line in a fence, which the body's link rows skip), and an entry whose text
holds ``[[`` (indented lines below an entry continue it, and may link too).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from typing import Callable, NamedTuple

from netnotes.index import serialize
from netnotes.index.names import IdTables
from netnotes.notes.note import Note
from netnotes.notes.resolve import resolve_in


class Tie(NamedTuple):
    """A contact's record that it knows another note: ``how`` is "given" or "received" (an
    intro entry in its log, by direction) or "introduced_by" (its own property). A NamedTuple:
    a vault has one per introduction."""

    rel: str  # the contact whose card says so
    other: str  # the note the link resolves to (never the contact itself)
    other_kind: str
    how: str


_NOTES = "SELECT id, path, kind FROM notes ORDER BY path"
# each intro entry dated by the day, with every body link on its line, resolved or not (a link
# row at all: the line is not in a fence); whether its text holds a link (a continuation may)
_INTROS = """
SELECT g.note_id, g.line, g.direction, instr(g.text, '[['), l.target, l.target_id FROM log g
LEFT JOIN links l ON l.note_id = g.note_id AND l.line = g.line AND l.source = 'body'
WHERE g.kind = 'intro' AND g.date <= ?
ORDER BY g.note_id, g.line, l.seq
"""
_INTRODUCED_BY = """
SELECT note_id, target_id FROM links
WHERE source = 'introduced_by' AND target_id IS NOT NULL AND target_id != note_id
ORDER BY note_id, seq
"""


def ties(conn: sqlite3.Connection, today: dt.date) -> list[Tie]:
    """Every contact's ties, in the order a walk over the notes in path order finds them: in
    each contact, its intro entries dated by ``today`` (in file order, each link in turn),
    then its ``introduced_by`` links. Links that resolve to no note, or to the contact
    itself, are left out."""
    decode = _decoder()
    rel_of: dict[int, str] = {}
    kind_of: dict[int, str] = {}
    for nid, path, kind in conn.execute(_NOTES):
        rel_of[nid] = decode(path)
        kind_of[nid] = kind
    entries = _intro_entries(conn, today)
    introduced_by: dict[int, list[int]] = {}
    for nid, target_id in conn.execute(_INTRODUCED_BY):
        introduced_by.setdefault(nid, []).append(target_id)
    resolved = _Resolved(conn)
    out: list[Tie] = []
    for nid, rel in rel_of.items():  # in path order
        if kind_of[nid] != "contact":
            continue
        found = entries.get(nid, ())
        if found is None:
            found = _entries_of(conn, nid, today, resolved)
        for direction, targets in found:
            out.extend(Tie(rel, rel_of[t], kind_of[t], direction) for t in targets if t != nid)
        out.extend(Tie(rel, rel_of[t], kind_of[t], "introduced_by") for t in introduced_by.get(nid, ()))
    return out


def _intro_entries(conn: sqlite3.Connection, today: dt.date) -> dict[int, list[tuple[str, list[int]]] | None]:
    """note id -> (direction, ids its links resolve to) of each intro entry dated by ``today``,
    in file order, from the link rows on the entries' lines; None where those rows may not
    be all of an entry's links (the note is read instead)."""
    entries: dict[int, list[tuple[str, list[int]]] | None] = {}
    last = None
    for nid, line, direction, bracket, target, target_id in conn.execute(_INTROS, (today.isoformat(),)):
        found = entries.setdefault(nid, [])
        if found is None:
            continue
        if bracket or target is None:  # a link may be on another line, or the line is fenced
            entries[nid] = None
            continue
        if (nid, line) != last:
            found.append((direction, []))
            last = (nid, line)
        if target_id is not None and target.strip():  # as the log's own links: no blank target
            found[-1][1].append(target_id)
    return entries


def _decoder() -> Callable[[bytes], str]:
    """``os.fsdecode`` of a stored path (a note's exact file name), without its per-call work."""
    encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
    return lambda path: path.decode(encoding, errors)


class _Resolved:
    """Link targets resolved over the index's name tables (``notes.resolve``), each once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.tables = IdTables(conn)
        self.known: dict[str, int | None] = {}

    def __call__(self, target: str) -> int | None:
        if target not in self.known:
            found, _how = resolve_in(self.tables, target)
            self.known[target] = found[0] if len(found) == 1 else None
        return self.known[target]


def _entries_of(conn: sqlite3.Connection, nid: int, today: dt.date,
                resolved: _Resolved) -> list[tuple[str, list[int]]]:
    """(direction, ids of the resolved targets) of one contact's intro entries, read from its
    parsed note."""
    (data,) = conn.execute("SELECT data FROM notes WHERE id = ?", (nid,)).fetchone()
    out = []
    for e in serialize.loads(data).log:
        if e.kind == "intro" and e.date <= today:
            targets = [resolved(t) for t in e.links]
            out.append((e.direction, [t for t in targets if t is not None]))
    return out


_ASKED = """
SELECT p.value, t.path FROM notes n JOIN props p ON p.note_id = n.id AND p.key = 'week'
JOIN links l ON l.note_id = n.id AND l.source = 'asked' JOIN notes t ON t.id = l.target_id
WHERE n.kind = 'review' ORDER BY n.path, l.seq
"""


def asked(conn: sqlite3.Connection) -> list[tuple[object, str]]:
    """(the page's ``week`` property, the note one of its ``asked`` links resolves to) for
    every review page, in path order and link order."""
    return [(serialize.decode_value(value), os.fsdecode(path)) for value, path in conn.execute(_ASKED)]


def notes_of_kind(conn: sqlite3.Connection, kind: str) -> list[Note]:
    """The whole notes of one kind (without bodies), in path order: for the few a report reads
    in full, such as the owner's note."""
    return [serialize.loads(data) for (data,) in
            conn.execute("SELECT data FROM notes WHERE kind = ? ORDER BY path", (kind,))]


class IntroLine(NamedTuple):
    """One link of an introduction you made (an ``intro`` entry, not ``intro received``) or
    of an ``intro outcome`` entry, on a contact's card, to another contact."""

    rel: str  # the contact whose card holds the entry
    line: int
    date: dt.date
    kind: str  # "intro" or "outcome"
    text: str  # the entry's text after the colon
    other: str  # the contact the link resolves to (never ``rel``)


# both kinds of entry, with every body link on their line (as _INTROS)
_MADE = """
SELECT g.note_id, g.line, g.date, g.kind, g.text, instr(g.text, '[['), l.target, l.target_id FROM log g
LEFT JOIN links l ON l.note_id = g.note_id AND l.line = g.line AND l.source = 'body'
WHERE ((g.kind = 'intro' AND g.direction != 'received') OR g.kind = 'outcome') AND g.date <= ?
ORDER BY g.note_id, g.line, l.seq
"""


def intro_lines(conn: sqlite3.Connection, today: dt.date) -> list[IntroLine]:
    """Every contact's introductions made and their outcomes dated by ``today``, linking to
    another contact: in path order, then file order, then link order (a walk over the parsed
    notes finds them so). An entry whose links may not all be on its line is read from the
    note's stored JSON, as ``ties`` does."""
    decode = _decoder()
    rel_of: dict[int, str] = {}
    contact: set[int] = set()
    for nid, path, kind in conn.execute(_NOTES):
        rel_of[nid] = decode(path)
        if kind == "contact":
            contact.add(nid)
    entries: dict[int, list[tuple[int, str, str, str, list[int]]] | None] = {}
    last = None
    for nid, line, date, kind, text, bracket, target, target_id in conn.execute(_MADE, (today.isoformat(),)):
        found = entries.setdefault(nid, [])
        if found is None:
            continue
        if bracket or target is None:
            entries[nid] = None
            continue
        if (nid, line) != last:
            found.append((line, date, kind, text, []))
            last = (nid, line)
        if target_id is not None and target.strip():
            found[-1][4].append(target_id)
    resolved = _Resolved(conn)
    out: list[IntroLine] = []
    for nid, rel in rel_of.items():
        if nid not in contact or nid not in entries:
            continue
        found = entries[nid]
        if found is None:
            found = _made_of(conn, nid, today, resolved)
        for line, date, kind, text, targets in found:
            day = dt.date.fromisoformat(date)
            out.extend(IntroLine(rel, line, day, kind, text, rel_of[t]) for t in targets
                       if t != nid and t in contact)
    return out


def _made_of(conn: sqlite3.Connection, nid: int, today: dt.date,
             resolved: _Resolved) -> list[tuple[int, str, str, str, list[int]]]:
    (data,) = conn.execute("SELECT data FROM notes WHERE id = ?", (nid,)).fetchone()
    out = []
    for e in serialize.loads(data).log:
        if e.date <= today and ((e.kind == "intro" and e.direction != "received") or e.kind == "outcome"):
            targets = [resolved(t) for t in e.links]
            out.append((e.line, e.date.isoformat(), e.kind, e.text, [t for t in targets if t is not None]))
    return out
