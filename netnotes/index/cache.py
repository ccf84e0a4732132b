"""The SQLite cache at ``.netnotes/cache/index.sqlite``: always disposable, always in sync.

Sync is a diff of the files on disk against the rows of the index: a file whose size,
mtime, ctime or inode changed is read and hashed; only a changed hash is parsed again, and
then every row derived from it is replaced. Added, modified and removed files are applied
in one transaction. A cache from another schema version, a corrupt file or a stale WAL is
rebuilt; a read-only or locked cache is bypassed with an in-memory one. Either way the
caller gets a one-line notice, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from netnotes.index import serialize
from netnotes.notes.note import Note, parse_note
from netnotes.vault.handle import Vault
from netnotes.vault.discover import VaultFile, display_path, walk

SCHEMA_VERSION = 2
PARSER_VERSION = "2"  # bump when parsing changes what a file yields: forces a re-parse
CACHE_DIR = ".netnotes/cache"
CACHE_NAME = "index.sqlite"
LOCK_WAIT_MS = 2000

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes(
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,      -- the file name's bytes: names need not be UTF-8
    rel TEXT NOT NULL,              -- for display
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL, hash TEXT NOT NULL,
    kind TEXT NOT NULL, title TEXT NOT NULL, name TEXT NOT NULL,
    data TEXT NOT NULL,             -- the parsed note (netnotes.index.serialize)
    body TEXT NOT NULL
);
CREATE INDEX notes_kind ON notes(kind);
-- child rows are clustered by note: bulk inserts append, a changed note's rows go in one range delete
CREATE TABLE names(note_id INTEGER NOT NULL, key TEXT NOT NULL, how TEXT NOT NULL,
                   PRIMARY KEY (note_id, key, how)) WITHOUT ROWID;
CREATE TABLE props(note_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                   PRIMARY KEY (note_id, key)) WITHOUT ROWID;
CREATE TABLE links(note_id INTEGER NOT NULL, seq INTEGER NOT NULL, target TEXT NOT NULL,
                   source TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
                   PRIMARY KEY (note_id, seq)) WITHOUT ROWID;
CREATE TABLE log(note_id INTEGER NOT NULL, line INTEGER NOT NULL, date TEXT NOT NULL,
                 kind TEXT NOT NULL, direction TEXT NOT NULL, text TEXT NOT NULL,
                 amount_cents INTEGER, currency TEXT, PRIMARY KEY (note_id, line)) WITHOUT ROWID;
CREATE TABLE diagnostics(note_id INTEGER NOT NULL, seq INTEGER NOT NULL, line INTEGER NOT NULL,
                         col INTEGER NOT NULL, severity TEXT NOT NULL, code TEXT NOT NULL,
                         message TEXT NOT NULL, PRIMARY KEY (note_id, seq)) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(name, body, content='notes', content_rowid='id',
                                    tokenize='unicode61 remove_diacritics 2');
"""
_CHILD_TABLES = ("names", "props", "links", "log", "diagnostics")
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
CHUNK = 200


class _Batch:
    """Rows of many notes, inserted with one statement per table."""

    def __init__(self) -> None:
        self.fts: list[tuple] = []
        self.names: list[tuple] = []
        self.props: list[tuple] = []
        self.links: list[tuple] = []
        self.log: list[tuple] = []
        self.diags: list[tuple] = []

    def flush(self, c: sqlite3.Connection) -> None:
        c.executemany("INSERT INTO fts(rowid, name, body) VALUES (?,?,?)", self.fts)
        c.executemany("INSERT INTO names VALUES (?,?,?)", self.names)
        c.executemany("INSERT OR REPLACE INTO props VALUES (?,?,?)", self.props)
        c.executemany("INSERT INTO links VALUES (?,?,?,?,?,?)", self.links)
        c.executemany("INSERT OR REPLACE INTO log VALUES (?,?,?,?,?,?,?,?)", self.log)
        c.executemany("INSERT INTO diagnostics VALUES (?,?,?,?,?,?,?)", self.diags)
        for rows in (self.fts, self.names, self.props, self.links, self.log, self.diags):
            rows.clear()


def _state_part(path: bytes, digest: str) -> int:
    return int.from_bytes(hashlib.blake2b(path + b"\0" + digest.encode(), digest_size=16).digest(), "big")


def prepare(rel: str, path: str, known_digest: str | None, config) -> tuple:
    """Read, hash and (when the bytes changed) parse one file into the rows the index stores.

    A module-level function of plain values, so that worker processes can run it."""
    try:
        with open(path, "rb") as f:
            data = f.read()
            st = os.fstat(f.fileno())
    except OSError:
        return ("gone",)
    stat_cols = (len(data), st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if digest == known_digest:
        return ("same", stat_cols)
    note = parse_note(rel, data, config)
    from netnotes.notes.links import normalize_name

    names = {(normalize_name(note.title), "title")}
    if note.name != note.title:
        names.add((normalize_name(note.name), "name"))
    names |= {(normalize_name(a), "alias") for a in note.aliases}
    rows = (
        display_path(rel), note.kind, _text(note.title), _text(note.name), serialize.dumps(note), _text(note.body),
        [(_text(k), h) for k, h in sorted(names)],
        [(_text(k), json.dumps(v, default=str)) for k, v in note.props.items()],
        [(i, _text(lk.target), lk.source, lk.line, lk.col) for i, lk in enumerate(note.links)],
        [(e.line, e.date.isoformat(), e.kind, e.direction, _text(e.text), e.amount_cents, e.currency)
         for e in note.log],
        [(i, d.line, d.col, d.severity.value, d.code, _text(d.message)) for i, d in enumerate(note.diagnostics)],
    )
    return ("parsed", stat_cols, digest, rows)


def _prepare_chunk(args: tuple) -> list[tuple]:
    config, jobs = args
    return [prepare(rel, path, digest, config) for rel, path, digest in jobs]


@dataclass
class SyncResult:
    added: int = 0
    modified: int = 0
    removed: int = 0
    unchanged: int = 0
    touched: int = 0  # stat changed, bytes did not: nothing re-parsed
    rebuilt: bool = False
    notices: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # rel paths added or modified
    gone: list[str] = field(default_factory=list)  # rel paths removed

    @property
    def total(self) -> int:
        return self.added + self.modified + self.unchanged + self.touched

    def describe(self) -> str:
        return (f"{self.total} notes: {self.added} added, {self.modified} modified, "
                f"{self.removed} removed, {self.unchanged + self.touched} unchanged")


Progress = Callable[[int, int], None]


def cache_path(vault: Vault) -> Path:
    return vault.root / CACHE_DIR / CACHE_NAME


def config_fingerprint(vault: Vault) -> str:
    """What the parse depends on besides the file: the config and netnotes' parser."""
    h = hashlib.sha256(PARSER_VERSION.encode())
    h.update(repr(vault.config.__dict__ | {"path": None, "warnings": None}).encode())
    return h.hexdigest()


class Index:
    """An open index. Use ``open_index``; close it (or use it as a context manager)."""

    def __init__(self, conn: sqlite3.Connection, vault: Vault, notices: list[str], path: Path | None) -> None:
        self.conn = conn
        self.vault = vault
        self.notices = notices
        self.path = path
        self._state = 0

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ---- sync -------------------------------------------------------------------------
    def sync(self, progress: Progress | None = None, rebuild: bool = False) -> SyncResult:
        result = SyncResult(notices=list(self.notices))
        self.notices = []
        fingerprint = config_fingerprint(self.vault)
        # the write lock first: rows read before it could be stale by the time they are written
        # (another netnotes syncing the same cache at the same moment)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if rebuild or self._meta("fingerprint") != fingerprint:
                result.rebuilt = rebuild or self._meta("fingerprint") is not None
                self._clear()
            known = {row[0]: row for row in self.conn.execute(
                "SELECT path, id, size, mtime_ns, ctime_ns, ino, hash FROM notes")}
            on_disk = list(walk(self.vault.root, self.vault.ignore))
            seen: set[bytes] = set()
            work: list[tuple[VaultFile, bytes, tuple | None]] = []
            for vf in on_disk:
                key = os.fsencode(vf.rel)
                seen.add(key)
                row = known.get(key)
                if row is not None and (row[2], row[3], row[4], row[5]) == (vf.size, vf.mtime_ns, vf.ctime_ns,
                                                                            vf.ino):
                    result.unchanged += 1
                    continue
                work.append((vf, key, row))
            removed = [row[1] for key, row in known.items() if key not in seen]
            result.gone = [os.fsdecode(key) for key in known if key not in seen]
            self._state = int(self._meta("state") or "0", 16)
            self._delete(removed)
            result.removed = len(removed)
            batch = _Batch()
            for (vf, key, row), prep in zip(work, self._prepare_all(work, progress)):
                self._apply(vf, key, row, prep, result, batch)
                if len(batch.fts) >= 2000:
                    batch.flush(self.conn)
            batch.flush(self.conn)
            self._set_meta("fingerprint", fingerprint)
            self._set_meta("state", f"{self._state:032x}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on some errors
                self.conn.execute("ROLLBACK")
            raise
        return result

    def _prepare_all(self, work: list, progress: Progress | None):
        """Read, hash and parse the files that may have changed, in order: on all cores when
        there are many, handing results over as they come so that inserting overlaps parsing."""
        jobs = [(vf.rel, str(vf.path), row[6] if row else None) for vf, _key, row in work]
        config = self.vault.config
        workers = min(os.cpu_count() or 1, 8)
        started = time.monotonic()
        done = 0
        if len(jobs) >= PARALLEL_MIN and workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                for chunk_out in pool.map(_prepare_chunk, [(config, c) for c in chunks]):
                    yield from chunk_out
                    done += len(chunk_out)
                    if progress and time.monotonic() - started > 1.0:
                        progress(done, len(jobs))
            return
        for i, job in enumerate(jobs):
            yield prepare(*job, config)
            if progress and i % 50 == 0 and time.monotonic() - started > 1.0:
                progress(i + 1, len(jobs))

    def _apply(self, vf: VaultFile, key: bytes, row: tuple | None, prep: tuple, result: SyncResult,
               batch: "_Batch") -> None:
        if prep[0] == "gone":
            if row is not None:
                self._delete([row[1]])
                result.removed += 1
                result.gone.append(vf.rel)
            return  # vanished between the walk and the read
        if prep[0] == "same":
            assert row is not None
            self.conn.execute("UPDATE notes SET size=?, mtime_ns=?, ctime_ns=?, ino=? WHERE id=?",
                              (*prep[1], row[1]))
            result.touched += 1
            return
        _, stat_cols, digest, rows = prep
        result.changed.append(vf.rel)
        if row is not None:
            self._delete([row[1]])
            result.modified += 1
        else:
            result.added += 1
        display, kind, title, name, data, body, names, props, links, log, diags = rows
        self._state ^= _state_part(key, digest)
        cur = self.conn.execute(
            "INSERT INTO notes(path, rel, size, mtime_ns, ctime_ns, ino, hash, kind, title, name, data, body)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, display, *stat_cols, digest, kind, title, name, data, body))
        nid = cur.lastrowid
        batch.fts.append((nid, name, body))
        batch.names.extend((nid, *r) for r in names)
        batch.props.extend((nid, *r) for r in props)
        batch.links.extend((nid, *r) for r in links)
        batch.log.extend((nid, *r) for r in log)
        batch.diags.extend((nid, *r) for r in diags)

    def _delete(self, ids: list[int]) -> None:
        c = self.conn
        for nid in ids:
            row = c.execute("SELECT name, body, path, hash FROM notes WHERE id=?", (nid,)).fetchone()
            if row is None:
                continue
            self._state ^= _state_part(row[2], row[3])
            c.execute("INSERT INTO fts(fts, rowid, name, body) VALUES ('delete', ?, ?, ?)", (nid, row[0], row[1]))
            for t in _CHILD_TABLES:
                c.execute(f"DELETE FROM {t} WHERE note_id=?", (nid,))
            c.execute("DELETE FROM notes WHERE id=?", (nid,))

    def _clear(self) -> None:
        self._state = 0
        self.conn.execute("DELETE FROM meta WHERE key='state'")
        for t in _CHILD_TABLES + ("notes",):
            self.conn.execute(f"DELETE FROM {t}")
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, value))

    def state(self, excluding: tuple[str, ...] = ()) -> str:
        """A digest of every indexed file's path and content: equal states, equal notes.
        ``excluding`` leaves out some files (a report's own page, which it does not read)."""
        value = int(self._meta("state") or "0", 16)
        for rel in excluding:
            key = os.fsencode(rel)
            row = self.conn.execute("SELECT hash FROM notes WHERE path=?", (key,)).fetchone()
            if row:
                value ^= _state_part(key, row[0])
        return f"{self._meta('fingerprint') or ''}:{value:032x}"

    # ---- reading ----------------------------------------------------------------------
    def notes(self, with_body: bool = True) -> list[Note]:
        cols = "data, body" if with_body else "data, ''"
        return [serialize.loads(data, body) for data, body in
                self.conn.execute(f"SELECT {cols} FROM notes ORDER BY path")]

    def notes_at(self, rels: list[str], with_body: bool = True) -> list[Note]:
        """The notes at these paths (those still indexed)."""
        cols = "data, body" if with_body else "data, ''"
        out = []
        for rel in rels:
            row = self.conn.execute(f"SELECT {cols} FROM notes WHERE path=?", (os.fsencode(rel),)).fetchone()
            if row:
                out.append(serialize.loads(*row))
        return out

    def note_names(self, kind: str | None = None) -> list[str]:
        q = "SELECT DISTINCT n.name FROM notes n"
        args: tuple = ()
        if kind:
            q += " WHERE n.kind=?"
            args = (kind,)
        names = [r[0] for r in self.conn.execute(q, args)]
        q2 = "SELECT DISTINCT p.value FROM props p JOIN notes n ON n.id=p.note_id WHERE p.key='aliases'"
        if kind:
            q2 += " AND n.kind=?"
        for (value,) in self.conn.execute(q2, args):
            try:
                v = json.loads(value)
            except ValueError:
                continue
            names.extend(x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str))
        return sorted(set(names))

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str, str]]:
        """(rel, kind, name, snippet) of notes matching a full-text query, best first."""
        fts_query = _fts_query(query)
        if not fts_query:
            return []
        rows = self.conn.execute(
            "SELECT n.rel, n.kind, n.name, snippet(fts, 1, '[', ']', '…', 12) FROM fts "
            "JOIN notes n ON n.id = fts.rowid WHERE fts MATCH ? ORDER BY bm25(fts, 10.0, 1.0), n.rel LIMIT ?",
            (fts_query, limit))
        return [tuple(r) for r in rows]


def _fts_query(text: str) -> str:
    """Each word as a quoted FTS5 term (prefix match on the last), so user text never breaks the syntax."""
    words = [w.replace('"', '""') for w in text.split() if w.strip('"')]
    if not words:
        return ""
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}" *']
    return " ".join(terms)


def _text(s: str) -> str:
    """Text SQLite can store: lone surrogates (from undecodable names) replaced."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


# ---- opening, healing and bypassing ------------------------------------------------------
def open_index(vault: Vault) -> Index:
    """Open (creating, migrating or healing as needed) the vault's index."""
    path = cache_path(vault)
    notices: list[str] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return _memory(vault, [f"notice: cannot create {CACHE_DIR}/ ({e.strerror}); working without a cache"])
    ignore = path.parent / ".gitignore"
    try:
        if not ignore.exists():  # the cache ignores itself, even in a vault that never ran init
            ignore.write_text("# netnotes' disposable cache\n*\n", encoding="utf-8")
    except OSError:
        pass  # a read-only folder: said just below
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return _memory(vault, [f"notice: {CACHE_DIR}/ is read-only; working without a cache this time"])
    for attempt in (1, 2):
        try:
            conn = _connect(path)
            conn.execute("BEGIN")  # one snapshot: another process may commit the schema meanwhile
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            empty = not _has_tables(conn)
            conn.execute("COMMIT")
            if version == 0 and empty:
                _create(conn)  # a new (or empty) file; another process may be creating it too
            elif version != SCHEMA_VERSION:
                notices.append(f"notice: the index was made by another version of netnotes "
                               f"(schema {version}); rebuilding it")
                conn.close()
                why = _remove_cache(path)
                if why:
                    return _stuck(vault, [], why)
                conn = _connect(path)
                _create(conn)
            conn.execute("SELECT count(*) FROM notes").fetchone()
            return Index(conn, vault, notices, path)
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                return _memory(vault, notices + [
                    f"notice: the index is locked by another netnotes process (waited {LOCK_WAIT_MS // 1000} s); "
                    "working without it this time"])
            if "readonly" in str(e) or "read-only" in str(e):
                return _memory(vault, notices + [f"notice: {CACHE_DIR}/ is read-only; working without a cache"])
            if attempt == 2:
                return _memory(vault, notices + [f"notice: the index cannot be used ({e}); working without it"])
            why = _remove_cache(path)
            if why:
                return _stuck(vault, notices, why)
            notices.append(f"notice: the index was unreadable ({e}); rebuilding it")
        except sqlite3.DatabaseError as e:
            if attempt == 2:
                return _memory(vault, notices + [f"notice: the index cannot be used ({e}); working without it"])
            why = _remove_cache(path)
            if why:
                return _stuck(vault, notices, why)
            notices.append(f"notice: the index was corrupt ({e}); rebuilding it")
    raise AssertionError("unreachable")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=LOCK_WAIT_MS / 1000, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    # the cache is disposable: a crash that damages it only costs a rebuild, so no fsyncs
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536")
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        conn.execute("COMMIT")  # made by another process while this one waited for the lock
        return
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    conn.execute("COMMIT")


def _remove_cache(path: Path) -> str | None:
    """Remove the cache and its side files; None, or why one of them cannot be removed."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError as e:
            return f"cannot remove {CACHE_NAME}{suffix}: {e.strerror}"
    return None


def _stuck(vault: Vault, notices: list[str], why: str) -> Index:
    """A cache that must be rebuilt but cannot be removed: bypassed for this run."""
    return _memory(vault, notices + [f"notice: the index needs a rebuild but {why}; working without it this time"])


def _memory(vault: Vault, notices: list[str]) -> Index:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _create(conn)
    return Index(conn, vault, notices, None)


def open_synced(vault: Vault, rebuild: bool = False, progress: Progress | None = None) -> tuple[Index, SyncResult]:
    """Open and sync. A cache found locked mid-way is bypassed for this run; one found
    corrupt mid-way is removed and built afresh, once."""
    index = open_index(vault)
    try:
        return index, index.sync(progress, rebuild)
    except sqlite3.OperationalError as e:
        index.close()
        if index.path is None or not ("locked" in str(e) or "busy" in str(e)):
            if index.path is None:
                raise
            return _heal(vault, index.path, e, progress)
        memory = _memory(vault, [f"notice: the index is locked by another netnotes process (waited "
                                 f"{LOCK_WAIT_MS // 1000} s); working without it this time"])
        return memory, memory.sync(progress)
    except sqlite3.DatabaseError as e:
        index.close()
        if index.path is None:
            raise
        return _heal(vault, index.path, e, progress)


def _heal(vault: Vault, path: Path, error: Exception, progress: Progress | None) -> tuple[Index, SyncResult]:
    why = _remove_cache(path)
    if why:
        index = _stuck(vault, [], why)
        return index, index.sync(progress)
    index = open_index(vault)
    index.notices.insert(0, f"notice: the index was corrupt ({error}); rebuilt it")
    return index, index.sync(progress, rebuild=True)
