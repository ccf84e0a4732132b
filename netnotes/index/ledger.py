"""The rows behind the reciprocity, groups, pipeline and graph reports, read from the index:
light notes that hold only the properties, links and log entries a report reads, and the
notes their links resolve to (``links.target_id``). The whole vault is never loaded.

The reports run one computation over these light notes or over every parsed note; the
differential tests (``tests/index/test_ledger_queries.py``) hold the two equal.

Property values are stored as JSON, where a date is text: each is read back as the card held
it (a date property's text that reads as a date was a date; any other value holding such text
is taken from the stored note itself).

A log entry's links have no rows of their own: they are the body links on the entry's line,
and on the indented lines below it that continue it. The rows are exact unless one of these
holds, and then the note's parsed log is read from its stored JSON instead (rare):

- a body link on a line that is no entry's, after an intro or referral entry (it may continue
  the entry, or be in a comment, a task or another section: the rows cannot tell);
- an intro or referral entry with no link on its line, in a note whose body has a code fence
  (``_body_links`` skips fenced lines, the log parser does not);
- an intro or referral entry whose text holds a fence: a line continuing it opened one, and
  the lines below, which may continue it too, have no link rows.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from typing import Any

from netnotes.index import serialize
from netnotes.index.contacts import _value, stem
from netnotes.index.names import IdTables, _stored
from netnotes.notes.log import LogEntry
from netnotes.notes.note import Link, Note
from netnotes.notes.resolve import resolve_in

LINKED = ("intro", "referral")  # the log entries whose links the reports follow

_KINDS = "SELECT id, kind FROM notes WHERE kind IN ({kinds})"
_PATHS = "SELECT id, path FROM notes ORDER BY path"  # the path index alone: no note's wide row
_PROPS = "SELECT note_id, key, value FROM props WHERE key IN ({keys})"
_LINKS = """
SELECT l.note_id, l.target, l.source, l.line, l.col, l.target_id FROM links l
JOIN notes n ON n.id = l.note_id
WHERE n.kind IN ({kinds}) AND l.source IN ({sources}) ORDER BY l.note_id, l.seq
"""
_LOG = """
SELECT note_id, line, date, kind, direction, amount_cents, currency, {fenced} FROM log
WHERE kind IN ({wanted}) AND date <= ? ORDER BY note_id, line
"""
_FENCED = "text LIKE '%```%' OR text LIKE '%~~~%'"  # a code fence in the entry (a continued line)
_FENCED_BODY = "SELECT instr(body, '```') OR instr(body, '~~~') FROM notes WHERE id = ?"
# the body links on the line of an intro or referral entry (with that line), and those on no
# entry's line after one (with NULL: perhaps a line that continues the entry)
_ENTRY_LINKS = """
SELECT l.note_id, g.line, l.target, l.target_id FROM links l
LEFT JOIN log g ON g.note_id = l.note_id AND g.line = l.line
WHERE l.source = 'body' AND ((g.kind IN ('intro', 'referral') AND g.date <= ?)
      OR (g.line IS NULL AND EXISTS (SELECT 1 FROM log h WHERE h.note_id = l.note_id AND h.line < l.line
                                     AND h.kind IN ('intro', 'referral') AND h.date <= ?)))
ORDER BY l.note_id, l.seq
"""
_UNKNOWN: Any = object()  # a target not resolved yet
_new_entry = tuple.__new__  # LogEntry's own constructor, minus a Python-level call per entry
_ENTRY_TAIL = tuple(LogEntry._field_defaults[f] for f in LogEntry._fields[9:])  # after ``currency``


def _marks(values: tuple[str, ...]) -> str:
    return ",".join("?" * len(values)) or "NULL"


class Ledger:
    """Light notes read from one index connection, and the notes their links resolve to.

    ``notes`` reads the notes of some kinds; ``resolve`` answers a link target as the one
    resolution rule does (``notes.resolve``), with the notes already read where it can (so a
    resolved contact carries the properties its report shows)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.loaded: dict[int, Note] = {}  # note id -> the light note ``notes`` made
        self.targets: dict[str, int | None] = {}  # link target -> the note it resolves to, None: none
        self._named: dict[int, Note | None] = {}  # note id -> a stand-in with only its name
        self._memo: dict[tuple, list] = {}  # (kinds, today) -> what each ``notes`` call read
        self._tables: IdTables | None = None

    def notes(self, kinds: tuple[str, ...], keys: tuple[str, ...], links: tuple[str, ...] = (),
              log: tuple[str, ...] = (), today: dt.date | None = None,
              entry_links: bool = False) -> list[Note]:
        """Every note of ``kinds``, in path order, holding its ``name`` and the properties
        ``keys``, its links from the properties ``links`` (``"body"``: the body's), and its log
        entries of the kinds ``log`` dated on or before ``today`` (heads and texts left empty;
        with ``entry_links``, intro and referral entries hold their links)."""
        for (have_keys, have_links, have_log, have_entry_links), found in self._memo.get((kinds, today), ()):
            if set(keys) <= have_keys and set(links) <= have_links and set(log) <= have_log \
                    and have_entry_links >= entry_links:
                return found  # read already with more: the reports filter what they read, as over whole notes
        found = self._notes(kinds, keys, links, log, today, entry_links)
        self._memo.setdefault((kinds, today), []).append(((set(keys), set(links), set(log), entry_links), found))
        return found

    def _notes(self, kinds: tuple[str, ...], keys: tuple[str, ...], links: tuple[str, ...],
               log: tuple[str, ...], today: dt.date | None, entry_links: bool) -> list[Note]:
        keys = ("name", *keys)
        kind_of = dict(self.conn.execute(_KINDS.format(kinds=_marks(kinds)), kinds))
        props: dict[int, dict] = {nid: {} for nid in kind_of}
        for nid, key, text in self.conn.execute(_PROPS.format(keys=_marks(keys)), keys):
            own = props.get(nid)
            if own is not None:
                own[key] = _value(text)  # dates stored as dates: as the card held them
        found = {nid: (os.fsdecode(path), kind_of[nid], props[nid])
                 for nid, path in self.conn.execute(_PATHS) if nid in kind_of}
        own_links = self._links(kinds, links) if links else {}
        own_log = self._log(found, log, today, entry_links) if log and today is not None else {}
        out = []
        for nid, (rel, kind, props) in found.items():
            note = Note(rel, stem(rel), kind, props, "", 0, (), tuple(own_links.get(nid, ())),
                        tuple(own_log.get(nid, ())))
            self.loaded[nid] = note
            out.append(note)
        return out

    def resolve(self, target: str) -> Note | None:
        """The note ``target`` resolves to, or None (no note, or several)."""
        nid = self.targets.get(target, _UNKNOWN)
        if nid is _UNKNOWN:
            if self._tables is None:
                self._tables = IdTables(self.conn)
            ids, _how = resolve_in(self._tables, target)
            nid = self.targets[target] = ids[0] if len(ids) == 1 else None
        if nid is None:
            return None
        return self.loaded.get(nid) or self.note(nid)

    def note(self, nid: int) -> Note | None:
        """The light note read for ``nid``, else a stand-in with its name, kind and path."""
        note = self.loaded.get(nid)
        if note is not None:
            return note
        if nid not in self._named:
            row = self.conn.execute("SELECT path, kind, name FROM notes WHERE id = ?", (nid,)).fetchone()
            self._named[nid] = None if row is None else _named(*row)
        return self._named[nid]

    def _links(self, kinds: tuple[str, ...], sources: tuple[str, ...]) -> dict[int, list[Link]]:
        out: dict[int, list[Link]] = {}
        targets = self.targets
        for nid, target, source, line, col, target_id in self.conn.execute(
                _LINKS.format(kinds=_marks(kinds), sources=_marks(sources)), (*kinds, *sources)):
            out.setdefault(nid, []).append(Link(target, source, line, col))
            targets[target] = target_id
        return out

    def _log(self, found: dict, wanted: tuple[str, ...], today: dt.date,
             entry_links: bool) -> dict[int, list[LogEntry]]:
        day = today.isoformat()
        links: dict[tuple[int, int], list[str]] = {}
        redo: set[int] = set()  # notes whose parsed log is read instead of the rows
        if entry_links:
            targets = self.targets
            for nid, line, target, target_id in self.conn.execute(_ENTRY_LINKS, (day, day)):
                if line is None:
                    redo.add(nid)
                else:
                    at = links.get((nid, line))
                    if at is None:
                        at = links[(nid, line)] = []
                    if target.strip():  # as ``notes.links.link_targets`` keeps them
                        at.append(target)
                        targets[target] = target_id
        out: dict[int, list[LogEntry]] = {}
        unlinked: set[int] = set()  # notes with an intro or referral entry without a link on its line
        for nid, line, date, kind, direction, cents, currency, fenced in self.conn.execute(
                _LOG.format(wanted=_marks(wanted), fenced=_FENCED if entry_links else "0"), (*wanted, day)):
            if nid not in found:
                continue
            own = ()
            if entry_links and kind in LINKED:
                if fenced:
                    redo.add(nid)
                own = links.get((nid, line))
                if own is None:
                    unlinked.add(nid)
                    own = ()
            entry = _new_entry(LogEntry, (line, dt.date.fromisoformat(date), kind, direction, "", "",
                                          tuple(own), cents, currency, *_ENTRY_TAIL))
            entries = out.get(nid)
            if entries is None:
                out[nid] = [entry]
            else:
                entries.append(entry)
        for nid in unlinked - redo:  # no link, or a line in a code fence: the body's links skip those
            fence = self.conn.execute(_FENCED_BODY, (nid,)).fetchone()
            if fence and fence[0]:
                redo.add(nid)
        for nid in redo & found.keys():
            parsed = self._parsed(nid)
            if parsed is not None:
                out[nid] = [e for e in parsed.log if e.kind in wanted and e.date <= today]
        return out

    def _parsed(self, nid: int) -> Note | None:
        """The whole parsed note (its stored JSON), for what the rows cannot say exactly."""
        row = self.conn.execute("SELECT data FROM notes WHERE id = ?", (nid,)).fetchone()
        return serialize.loads(row[0]) if row else None


def _named(path: bytes, kind: str, name: str) -> Note:
    rel = os.fsdecode(path)
    title = stem(rel)
    return Note(rel, title, kind, {} if name == _stored(title) else {"name": name}, "", 0)
