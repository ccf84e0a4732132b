"""The SQLite cache at ``.netnotes/cache/index.sqlite``: always disposable, always in sync.

Opening it creates, heals or bypasses it: a cache from another schema version
(``netnotes.index.schema``), a corrupt file or a stale WAL is rebuilt; a read-only or locked
cache is bypassed with an in-memory one. Either way the caller gets a one-line notice, never
a traceback. Syncing it with the files is ``netnotes.index.sync``; reading it is ``Index``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from netnotes.index import serialize
from netnotes.index.schema import SCHEMA_VERSION, create, get_meta, has_tables, version
from netnotes.index.sync import Progress, SyncResult, state_part, sync_files
from netnotes.notes.note import Note
from netnotes.vault.handle import Vault

CACHE_DIR = ".netnotes/cache"
CACHE_NAME = "index.sqlite"
LOCK_WAIT_MS = 2000

__all__ = ["CACHE_DIR", "CACHE_NAME", "LOCK_WAIT_MS", "SCHEMA_VERSION", "Index", "Progress", "SyncResult",
           "cache_path", "open_index", "open_synced"]


def cache_path(vault: Vault) -> Path:
    return vault.root / CACHE_DIR / CACHE_NAME


class Index:
    """An open index. Use ``open_index``; close it (or use it as a context manager)."""

    def __init__(self, conn: sqlite3.Connection, vault: Vault, notices: list[str], path: Path | None) -> None:
        self.conn = conn
        self.vault = vault
        self.notices = notices
        self.path = path

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def sync(self, progress: Progress | None = None, rebuild: bool = False) -> SyncResult:
        """Bring the rows in line with the files; the notices of opening come with the result."""
        notices, self.notices = self.notices, []
        return sync_files(self.conn, self.vault, progress, rebuild, notices)

    def state(self, excluding: tuple[str, ...] = ()) -> str:
        """A digest of every indexed file's path and content: equal states, equal notes.
        ``excluding`` leaves out some files (a report's own page, which it does not read)."""
        value = int(get_meta(self.conn, "state") or "0", 16)
        for rel in excluding:
            key = os.fsencode(rel)
            row = self.conn.execute("SELECT hash FROM notes WHERE path=?", (key,)).fetchone()
            if row:
                value ^= state_part(key, row[0])
        return f"{get_meta(self.conn, 'fingerprint') or ''}:{value:032x}"

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
                v = serialize.decode_value(value)
            except ValueError:
                continue
            names.extend(x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str))
        return sorted(set(names))

    def search(self, query: str, limit: int = 20, generated: bool = False) -> list[tuple[str, str, str, str, str]]:
        """(rel, kind, name, field, marked snippet) of the notes matching a full-text query,
        best first (``netnotes.index.searchable``); generated pages only with ``generated``."""
        from netnotes.index.searchable import search

        return search(self.conn, query, limit, generated)


# ---- opening, healing and bypassing ------------------------------------------------------
def open_index(vault: Vault) -> Index:
    """Open (creating, migrating or healing as needed) the vault's index."""
    path = cache_path(vault)
    notices: list[str] = []
    from netnotes.vault.atomic import OutsideVault, check_inside

    try:
        check_inside(path)
    except OutsideVault as e:
        return _memory(vault, [f"notice: {e.message}; working without a cache"])
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
            found = version(conn)
            empty = not has_tables(conn)
            conn.execute("COMMIT")
            if found == 0 and empty:
                create(conn)  # a new (or empty) file; another process may be creating it too
            elif found != SCHEMA_VERSION:
                notices.append(f"notice: the index was made by another version of netnotes "
                               f"(schema {found}); rebuilding it")
                conn.close()
                why = _remove_cache(path)
                if why:
                    return _stuck(vault, [], why)
                conn = _connect(path)
                create(conn)
            conn.execute("SELECT count(*) FROM notes").fetchone()
            return Index(conn, vault, notices, path)
        except sqlite3.OperationalError as e:
            trouble = _storage_trouble(e)
            if trouble:
                return _memory(vault, notices + [f"notice: {trouble}; working without the index this time "
                                                 "(it is kept as it was)"])
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
    create(conn)
    return Index(conn, vault, notices, None)


def _storage_trouble(e: Exception) -> str | None:
    """Why the cache cannot be written though it is sound (a full disk, read-only storage, an
    I/O error), or None: such a cache is kept, never removed as if it were corrupt."""
    text = str(e).lower()
    for marker, why in (("full", "the disk is full"), ("readonly", "the storage is read-only"),
                        ("read-only", "the storage is read-only"), ("disk i/o", "the disk reports an I/O error")):
        if marker in text:
            return why
    return None


def open_synced(vault: Vault, rebuild: bool = False, progress: Progress | None = None) -> tuple[Index, SyncResult]:
    """Open and sync. A cache found locked mid-way is bypassed for this run; one that cannot
    be written (disk full, read-only) is kept and bypassed; one found corrupt mid-way is
    removed and built afresh, once."""
    index = open_index(vault)
    try:
        return index, index.sync(progress, rebuild)
    except sqlite3.OperationalError as e:
        index.close()
        trouble = _storage_trouble(e)
        if trouble and index.path is not None:
            memory = _memory(vault, [f"notice: {trouble}; the index is kept as it was and this command works "
                                     "without it"])
            return memory, memory.sync(progress)
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
