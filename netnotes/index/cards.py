"""One narrow row per contact with the properties the reports read of every card: the rows
``Session.contacts_with`` answers from, instead of a lookup per property in ``props``.

A contact's row is written at sync with its other rows and deleted with them, so it changes
only when its file does. Each property is a column holding the value as ``props`` stores it
(``serialize.encode_value``), or '' where the card does not have it (an encoded value is never
empty, and a row then never binds NULL, which costs the bulk insert a statement of its own).
A report that asks for a property not kept here reads ``props``, as before; the differential
tests hold the two equal.
"""

from __future__ import annotations

import json
import os
import sqlite3

from netnotes.index import serialize
from netnotes.index.contacts import stem
from netnotes.notes.note import Note

# what the reports and the weekly review read of every contact (netnotes.reports: each
# report's FIELDS or KEYS, the reminders' default properties, how to reach a person)
CARD_KEYS = ("aliases", "anniversary", "birthday", "cadence", "company", "email", "groups", "introduced_by",
             "last_contact", "linkedin", "met", "met_at", "name", "needs", "next_followup", "offers", "opt_out",
             "phone", "pipeline", "role", "stage", "tier", "website", "work_anniversary")
COLUMNS = tuple(f"p_{k}" for k in CARD_KEYS)  # prefixed: "groups" is an SQL keyword
_KEPT = frozenset(CARD_KEYS)
_AT = {k: i for i, k in enumerate(CARD_KEYS)}

SCHEMA = (f"CREATE TABLE cards(note_id INTEGER PRIMARY KEY, path BLOB NOT NULL, tags TEXT NOT NULL, "
          f"{', '.join(f'{c} TEXT NOT NULL' for c in COLUMNS)})")


def card_row(nid: int, path: bytearray, tags: str, encoded: dict[str, str]) -> tuple:
    """A contact's row: ``encoded`` maps a property to its value as ``props`` stores it."""
    return (nid, path, tags, *(encoded.get(k, "") for k in CARD_KEYS))


def covers(keys: tuple[str, ...]) -> bool:
    """Whether every one of ``keys`` is kept in a card's row."""
    return _KEPT.issuperset(keys)


def contacts_from_cards(conn: sqlite3.Connection, keys: tuple[str, ...]) -> list[Note]:
    """Every contact as a Note holding only ``keys`` (all of them kept here) and its tags, in
    path order, its properties in key order: as ``index.contacts.contacts_with`` reads them."""
    wanted = sorted(set(keys))
    cols = ", ".join(COLUMNS[_AT[k]] for k in wanted) or "NULL"
    decode = serialize.decode_value
    out: list[Note] = []
    tag_lists: dict[str, tuple[str, ...]] = {}  # many cards have the same tags: each list read once
    for path, tags, *values in conn.execute(f"SELECT path, tags, {cols} FROM cards ORDER BY path"):
        rel = os.fsdecode(path)
        props = {k: decode(v) for k, v in zip(wanted, values) if v}
        if tags not in tag_lists:
            tag_lists[tags] = tuple(json.loads(tags))
        out.append(Note(rel, stem(rel), "contact", props, "", 0, tag_lists[tags]))
    return out
