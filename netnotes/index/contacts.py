"""Every contact's last touch and chosen properties, answered by SQL over the index's rows:
the fast path for reports that look at every contact (``followups``), without reading each
note. ``notes.touches.last_touches`` is the rule; the differential tests hold the two equal."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

from netnotes.base.dates import as_date
from netnotes.index import serialize
from netnotes.notes.note import Note
from netnotes.notes.touches import Plan, Touch
from netnotes.vault.config import Config

_OWN_LOG = """
WITH latest AS (SELECT note_id, max(date) AS day FROM log WHERE date <= ? GROUP BY note_id)
SELECT n.path, latest.day, (SELECT min(line) FROM log WHERE note_id = latest.note_id AND date = latest.day)
FROM latest JOIN notes n ON n.id = latest.note_id WHERE n.kind = 'contact'
"""
_LAST_CONTACT = """
SELECT n.path, p.value, p.line FROM props p JOIN notes n ON n.id = p.note_id
WHERE p.key = 'last_contact' AND n.kind = 'contact'
"""
# from the dated notes, in path order, to what they link (CROSS JOIN keeps SQLite to that
# order: starting from every contact's incoming links instead is 5x slower at 10k)
_DATED = """
SELECT t.path, d.day, d.day_source, d.path, l.line FROM notes d
CROSS JOIN links l ON l.note_id = d.id CROSS JOIN notes t ON t.id = l.target_id
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
    for path, date, line in conn.execute(_OWN_LOG, (day,)):
        rel = os.fsdecode(path)
        offer(rel, Touch(dt.date.fromisoformat(date), "log", rel, line))
    for path, value, line in conn.execute(_LAST_CONTACT):
        d = as_date(_value(value))
        if d and d <= today:
            rel = os.fsdecode(path)
            offer(rel, Touch(d, "last_contact", rel, line))
    people = ",".join("?" * len(config.people_properties)) or "NULL"
    for path, date, source, source_path, line in conn.execute(_DATED.format(people=people),
                                                              (day, *config.people_properties)):
        offer(os.fsdecode(path), Touch(dt.date.fromisoformat(date), source, os.fsdecode(source_path), line))
    return out


_PLANS = """
SELECT n.path, p.date, p.kind, p.text, p.line FROM planned p JOIN notes n ON n.id = p.note_id
WHERE n.kind = 'contact' AND p.date >= ? ORDER BY n.path, p.date, p.line
"""


def next_plans(conn: sqlite3.Connection, today: dt.date) -> dict[str, Plan]:
    """rel path of each contact -> its earliest planned touch dated ``today`` or later, as
    ``notes.touches.next_plans`` decides."""
    out: dict[str, Plan] = {}
    for path, date, kind, text, line in conn.execute(_PLANS, (today.isoformat(),)):
        rel = os.fsdecode(path)
        if rel not in out:
            out[rel] = Plan(dt.date.fromisoformat(date), kind, text, rel, line)
    return out


def contacts_with(conn: sqlite3.Connection, keys: tuple[str, ...], positions: bool = False) -> list[Note]:
    """Every contact as a Note holding only the properties ``keys`` and its tags (no links,
    log or body), in path order: for reports that read nothing else of a card. ``positions``:
    also where each is written (``prop_pos``, without the value's end), for diagnostics.
    Properties every report reads come from one narrow row per contact (``index.cards``)."""
    from netnotes.index.cards import contacts_from_cards, covers

    if not positions and covers(keys):
        return contacts_from_cards(conn, keys)
    return contacts_from_props(conn, keys, positions)


def contacts_from_props(conn: sqlite3.Connection, keys: tuple[str, ...], positions: bool = False) -> list[Note]:
    """``contacts_with`` from the ``props`` rows: any property, with where it is written."""
    marks = ",".join("?" * len(keys)) or "NULL"
    out: list[Note] = []
    last = None
    for nid, path, tags, key, value, line, col in conn.execute(
            "SELECT n.id, n.path, n.tags, p.key, p.value, p.line, p.col FROM notes n "
            f"LEFT JOIN props p ON p.note_id = n.id AND p.key IN ({marks}) "
            "WHERE n.kind = 'contact' ORDER BY n.path", keys):
        if nid != last:
            rel = os.fsdecode(path)  # the exact file name, undecodable bytes kept as parse_note keeps them
            out.append(Note(rel, stem(rel), "contact", {}, "", 0, tuple(json.loads(tags))))
            last = nid
        if key is not None:
            out[-1].props[key] = _value(value)  # dates stored as dates: as the card held them
            if positions and line:
                out[-1].prop_pos[key] = (line, col, 0)
    return out


_OWN_GROUPS = """
SELECT l.note_id, t.kind, t.name FROM links l JOIN notes t ON t.id = l.target_id
JOIN notes c ON c.id = l.note_id
WHERE c.kind = 'contact' AND l.source IN ('groups', 'met_at')
ORDER BY l.note_id, CASE l.source WHEN 'groups' THEN 0 ELSE 1 END, l.seq
"""
_ATTENDED = """
SELECT l.target_id, e.id, e.name FROM links l JOIN notes e ON e.id = l.note_id
JOIN notes t ON t.id = l.target_id
WHERE e.kind = 'event' AND t.kind = 'contact' AND (l.source = 'body' OR l.source IN ({people}))
ORDER BY e.path, l.seq
"""
_GROUP_OF = """
SELECT t.kind, t.name FROM links l JOIN notes t ON t.id = l.target_id
WHERE l.note_id = ? AND l.source = 'group' ORDER BY l.seq
"""


def memberships(conn: sqlite3.Connection, config: Config) -> dict[str, tuple[list[str], list[str]]]:
    """rel path of each contact -> (its groups, its events), as ``reports.facts.Facts.groups_of``
    finds them: its own ``groups`` and ``met_at`` links, the events that list it, and the
    groups of those events."""
    from netnotes.index.names import IdTables
    from netnotes.notes.resolve import resolve_in

    own: dict[int, list[tuple[str, str]]] = {}
    for nid, kind, name in conn.execute(_OWN_GROUPS):
        own.setdefault(nid, []).append((kind, name))
    people = ",".join("?" * len(config.people_properties)) or "NULL"
    attended: dict[int, dict[int, str]] = {}
    for contact, event, name in conn.execute(_ATTENDED.format(people=people), config.people_properties):
        attended.setdefault(contact, {}).setdefault(event, name)
    tables = IdTables(conn)
    event_groups: dict[str, list[str]] = {}

    def groups_of_event(name: str) -> list[str]:
        if name not in event_groups:
            found, _how = resolve_in(tables, name)
            rows = conn.execute(_GROUP_OF, (found[0],)).fetchall() if len(found) == 1 else []
            event_groups[name] = [g for kind, g in rows if kind == "group"]
        return event_groups[name]

    out = {}
    for nid, path in conn.execute("SELECT id, path FROM notes WHERE kind = 'contact'"):
        rel = os.fsdecode(path)
        groups: list[str] = []
        events: list[str] = []
        for kind, name in own.get(nid, ()):
            if kind == "group" and name not in groups:
                groups.append(name)
            elif kind == "event":
                events.append(name)
        for name in attended.get(nid, {}).values():
            if name not in events:
                events.append(name)
        for name in events:
            for g in groups_of_event(name):
                if g not in groups:
                    groups.append(g)
        out[rel] = (groups, events)
    return out


def stem(rel: str) -> str:
    """``PurePosixPath(rel).stem`` (a note's title), without building a path object."""
    name = rel.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _value(text: str) -> object:
    """A stored property value (``serialize.decode_value``)."""
    return serialize.decode_value(text)
