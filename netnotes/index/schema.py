"""The index's SQLite schema, versioned by ``PRAGMA user_version``, and its ``meta`` table.

A file made by another schema version is never migrated in place: the cache is disposable,
so ``netnotes.index.cache`` removes it and builds this schema afresh (a full re-index).
"""

from __future__ import annotations

import sqlite3

from netnotes.index.cards import SCHEMA as CARDS

SCHEMA_VERSION = 14

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes(
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,      -- the file name's bytes: names need not be UTF-8
    rel TEXT NOT NULL,              -- for display
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL, hash TEXT NOT NULL,
    kind TEXT NOT NULL, title TEXT NOT NULL, name TEXT NOT NULL,
    pathkey TEXT NOT NULL,          -- the path as links resolve it (netnotes.notes.links.normalize_name)
    match TEXT NOT NULL,            -- a contact's digest of what the duplicate rule reads ('' otherwise)
    day TEXT,                       -- the date a dated note stands for (a daily note, a meeting)
    day_source TEXT,                -- "daily note" or "dated note"
    tags TEXT NOT NULL,             -- the note's tags (front matter and body), a JSON list
    data TEXT NOT NULL,             -- the parsed note (netnotes.index.serialize)
    body TEXT NOT NULL
);
CREATE INDEX notes_kind ON notes(kind);
CREATE INDEX notes_pathkey ON notes(pathkey);
-- what every sync compares with the files: read from this index alone, not from the wide rows
CREATE INDEX notes_stat ON notes(path, size, mtime_ns, ctime_ns, ino, hash);
-- child rows are clustered by note: bulk inserts append, a changed note's rows go in one range delete
-- how: title | name | alias (what links resolve by), folded | folded alias (typed names only:
-- netnotes.notes.typed_names, stored where folding changes the key)
CREATE TABLE names(note_id INTEGER NOT NULL, key TEXT NOT NULL, how TEXT NOT NULL,
                   PRIMARY KEY (note_id, key, how)) WITHOUT ROWID;
CREATE INDEX names_key ON names(key);
-- value: JSON, dates and times as {"$d": ...} and {"$dt": ...} (netnotes.index.serialize), so a
-- date and a text that reads as one stay apart without reading the note
CREATE TABLE props(note_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                   line INTEGER NOT NULL,  -- where the value is written (0: not in the file)
                   col INTEGER NOT NULL,   -- and its column there (1 when not in the file)
                   PRIMARY KEY (note_id, key)) WITHOUT ROWID;
CREATE INDEX props_key ON props(key);
-- key: the target as resolution compares it, target_id: the note it resolves to (NULL: none
-- or ambiguous), kept current by netnotes.index.links whenever a note or a name changes
CREATE TABLE links(note_id INTEGER NOT NULL, seq INTEGER NOT NULL, target TEXT NOT NULL,
                   source TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
                   key TEXT NOT NULL, pathkey TEXT, target_id INTEGER,
                   PRIMARY KEY (note_id, seq)) WITHOUT ROWID;
CREATE INDEX links_key ON links(key);
CREATE INDEX links_pathkey ON links(pathkey) WHERE pathkey IS NOT NULL;
CREATE INDEX links_target ON links(target_id);
CREATE TABLE log(note_id INTEGER NOT NULL, line INTEGER NOT NULL, date TEXT NOT NULL,
                 kind TEXT NOT NULL, direction TEXT NOT NULL, text TEXT NOT NULL,
                 amount_cents INTEGER, currency TEXT, PRIMARY KEY (note_id, line)) WITHOUT ROWID;
CREATE INDEX log_date ON log(note_id, date, line);  -- each contact's latest entry, index only
-- unticked log tasks (``- [ ] 2026-11-25 call``): touches planned, kept apart from the log so
-- that no query of ``log`` counts one by accident
CREATE TABLE planned(note_id INTEGER NOT NULL, line INTEGER NOT NULL, date TEXT NOT NULL,
                     kind TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (note_id, line)) WITHOUT ROWID;
CREATE TABLE diagnostics(note_id INTEGER NOT NULL, seq INTEGER NOT NULL, line INTEGER NOT NULL,
                         col INTEGER NOT NULL, severity TEXT NOT NULL, code TEXT NOT NULL,
                         message TEXT NOT NULL, PRIMARY KEY (note_id, seq)) WITHOUT ROWID;
-- what ``search`` finds on a note besides its name and body (netnotes.index.searchable): each
-- field's text, list items joined by commas. digits: the phone numbers as digits only (reported
-- as phone). generated: 1 for a page netnotes wrote (a review page), left out by default
CREATE TABLE search_fields(note_id INTEGER PRIMARY KEY, generated INTEGER NOT NULL,
                           aliases TEXT NOT NULL, title TEXT NOT NULL, company TEXT NOT NULL,
                           role TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
                           digits TEXT NOT NULL, offers TEXT NOT NULL, needs TEXT NOT NULL,
                           tags TEXT NOT NULL);
-- the full-text index reads its text from here: the body is stored once, in ``notes``
CREATE VIEW search_text AS SELECT n.id AS id, n.name AS name, s.aliases AS aliases, s.title AS title,
    s.company AS company, s.role AS role, s.email AS email, s.phone AS phone, s.digits AS digits,
    s.offers AS offers, s.needs AS needs, s.tags AS tags, n.body AS body
    FROM notes n JOIN search_fields s ON s.note_id = n.id;
-- results computed from many notes, kept until what they were computed from changes
-- (netnotes.index.derived): key is the digest of their inputs
CREATE TABLE derived(name TEXT PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(name, aliases, title, company, role, email, phone, digits, offers,
                                    needs, tags, body, content='search_text', content_rowid='id',
                                    tokenize='unicode61 remove_diacritics 2');
-- one narrow row per contact: the properties every report reads (its columns: netnotes.index.cards)
""" + CARDS + ";\n"
# the full-text columns in ``fts`` order (``search_text``'s, after its id)
FTS_COLUMNS = ("name", "aliases", "title", "company", "role", "email", "phone", "digits", "offers", "needs",
               "tags", "body")
CHILD_TABLES = ("names", "props", "cards", "links", "log", "planned", "diagnostics",
                "search_fields")  # rows derived from one note


def _statements(sql: str) -> list[str]:
    """The statements of ``sql``, without their ``--`` comments."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [stmt.strip() for stmt in "\n".join(lines).split(";") if stmt.strip()]


INDEXES = tuple(stmt for stmt in _statements(SCHEMA) if stmt.startswith("CREATE INDEX"))


def drop_indexes(conn: sqlite3.Connection) -> None:
    """Drop the secondary indexes (a full re-index puts them back with ``create_indexes``)."""
    for stmt in INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {stmt.split()[2]}")


def create_indexes(conn: sqlite3.Connection) -> None:
    for stmt in INDEXES:
        conn.execute(stmt.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def create(conn: sqlite3.Connection) -> None:
    """Create the schema in an empty database, unless another process just did."""
    conn.execute("BEGIN IMMEDIATE")
    if version(conn) == SCHEMA_VERSION:
        conn.execute("COMMIT")  # made by another process while this one waited for the lock
        return
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    conn.execute("COMMIT")


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, value))
