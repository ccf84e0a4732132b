"""Bringing the index in line with the files: a diff of the files on disk against the rows.

A file whose size, mtime, ctime or inode changed is read and hashed; only a changed hash is
parsed again, and then every row derived from it is replaced. Added, modified and removed
files are applied in one transaction, and the caller is told the counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from netnotes.base.dates import as_date
from netnotes.index import serialize
from netnotes.index.links import LinkChanges, resolve_links
from netnotes.index.schema import CHILD_TABLES, create_indexes, drop_indexes, get_meta, set_meta
from netnotes.notes.note import parse_note
from netnotes.vault.discover import VaultFile, display_path, walk
from netnotes.vault.handle import Vault

PARSER_VERSION = "2"  # bump when parsing changes what a file yields: forces a re-parse
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
CHUNK = 200
FLUSH_EVERY = 2000  # notes whose rows are inserted together

Progress = Callable[[int, int], None]


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


def config_fingerprint(vault: Vault) -> str:
    """What the parse depends on besides the file: the config and netnotes' parser."""
    h = hashlib.sha256(PARSER_VERSION.encode())
    h.update(repr(vault.config.__dict__ | {"path": None, "warnings": None}).encode())
    return h.hexdigest()


def state_part(path: bytes, digest: str) -> int:
    """One file's share of the index state (the XOR of every file's part)."""
    return int.from_bytes(hashlib.blake2b(path + b"\0" + digest.encode(), digest_size=16).digest(), "big")


def prepare(rel: str, path: str, known_digest: str | None, config, nid: int) -> tuple:
    """Read, hash and (when the bytes changed) parse one file into the rows the index stores,
    as note ``nid`` (the id its row gets if it is inserted).

    A module-level function of plain values, so that worker processes can run it; the rows
    come ready for ``executemany``, so the process that writes them does no more than that."""
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
    from netnotes.notes.note import note_date

    names = {(normalize_name(note.title), "title")}
    if note.name != note.title:
        names.add((normalize_name(note.name), "name"))
    names |= {(normalize_name(a), "alias") for a in note.aliases}
    day = note_date(note, config)
    dated = any(as_date(note.props.get(k)) for k in config.date_properties)
    name, body, pos = _text(note.name), _text(note.body), note.prop_pos
    row = (nid, os.fsencode(rel), display_path(rel), *stat_cols, digest, note.kind, _text(note.title), name,
           _text(normalize_name(rel)), day.isoformat() if day else None,
           ("dated note" if dated else "daily note") if day else None, json.dumps(list(note.tags)),
           serialize.dumps(note), body)
    return ("parsed", stat_cols, digest, row, (nid, name, body),
            [(nid, _text(k), h) for k, h in sorted(names)],
            [(nid, _text(k), _prop_json(v), pos.get(k, (0,))[0]) for k, v in note.props.items()],
            [(nid, i, _text(lk.target), lk.source, lk.line, lk.col, *_link_keys(lk.target))
             for i, lk in enumerate(note.links)],
            [(nid, e.line, e.date.isoformat(), e.kind, e.direction, _text(e.text), e.amount_cents, e.currency)
             for e in note.log],
            [(nid, i, d.line, d.col, d.severity.value, d.code, _text(d.message))
             for i, d in enumerate(note.diagnostics)])


_prop_json = json.JSONEncoder(default=str).encode  # json.dumps(v, default=str), built once


def _link_keys(target: str) -> tuple[str, str | None]:
    """A link's key (``link_key``) and path key: the target written with a folder
    (``[[People/Ann]]``) as a path, else None."""
    from netnotes.notes.links import link_key, normalize_name

    if "/" not in target and "\\" not in target:  # the common case: both are the whole name
        return _text(normalize_name(target)), None
    key = normalize_name(target.replace("\\", "/"))
    return _text(link_key(target)), _text(key) if "/" in key else None


def _prepare_chunk(args: tuple) -> list[tuple]:
    config, jobs = args
    return [prepare(rel, path, digest, config, nid) for rel, path, digest, nid in jobs]


def _text(s: str) -> str:
    """Text SQLite can store: lone surrogates (from undecodable names) replaced."""
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


class _Batch:
    """Rows of many notes, inserted with one statement per table."""

    TABLES = (
        ("notes", "INSERT INTO notes(id, path, rel, size, mtime_ns, ctime_ns, ino, hash, kind, title, name,"
                  " pathkey, day, day_source, tags, data, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        ("fts", "INSERT INTO fts(rowid, name, body) VALUES (?,?,?)"),
        ("names", "INSERT INTO names VALUES (?,?,?)"),
        ("props", "INSERT OR REPLACE INTO props VALUES (?,?,?,?)"),
        ("links", "INSERT INTO links VALUES (?,?,?,?,?,?,?,?,NULL)"),
        ("log", "INSERT OR REPLACE INTO log VALUES (?,?,?,?,?,?,?,?)"),
        ("diagnostics", "INSERT INTO diagnostics VALUES (?,?,?,?,?,?,?)"),
    )

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {table: [] for table, _sql in self.TABLES}

    def add(self, prep: tuple) -> None:
        _, _stat, _digest, note, fts, *children = prep
        rows = self.rows
        rows["notes"].append(note)
        rows["fts"].append(fts)
        for table, found in zip(CHILD_TABLES, children):
            rows[table] += found

    def __len__(self) -> int:
        return len(self.rows["notes"])

    def flush(self, c: sqlite3.Connection) -> None:
        for table, sql in self.TABLES:
            rows = self.rows[table]
            if rows:
                c.executemany(sql, rows)
                rows.clear()


def sync_files(conn: sqlite3.Connection, vault: Vault, progress: Progress | None = None,
               rebuild: bool = False, notices: list[str] | None = None) -> SyncResult:
    """Apply the files-versus-rows diff to the index, in one transaction."""
    return _Sync(conn, vault).run(SyncResult(notices=list(notices or [])), progress, rebuild)


class _Sync:
    """One sync: the connection and the running index state."""

    def __init__(self, conn: sqlite3.Connection, vault: Vault) -> None:
        self.conn = conn
        self.vault = vault
        self.state = 0
        self.links = LinkChanges()

    def run(self, result: SyncResult, progress: Progress | None, rebuild: bool) -> SyncResult:
        fingerprint = config_fingerprint(self.vault)
        diff = None
        if not rebuild:
            # Most syncs find nothing to do, and need not queue for the write lock to find that
            # out: the files are compared with the rows of a read snapshot, walked after it began.
            self.conn.execute("BEGIN")
            try:
                if get_meta(self.conn, "fingerprint") == fingerprint:
                    seen = self.conn.execute("PRAGMA data_version").fetchone()[0]
                    diff = self._diff(self._walk(), result)
            finally:
                self.conn.execute("COMMIT")
            if diff is not None and not diff[0] and not diff[1]:
                return result
        # the write lock first: rows read before it could be stale by the time they are written
        # (another netnotes syncing the same cache at the same moment)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if diff is not None and self.conn.execute("PRAGMA data_version").fetchone()[0] != seen:
                diff = None  # another process wrote since the snapshot: its walk may be newer
            if rebuild or get_meta(self.conn, "fingerprint") != fingerprint:
                result.rebuilt = rebuild or get_meta(self.conn, "fingerprint") is not None
                self._clear()
                diff = None
            work, removed = diff or self._diff(self._walk(), result)
            self.state = int(get_meta(self.conn, "state") or "0", 16)
            first_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM notes").fetchone()[0]
            self._delete([row[1] for _key, row in removed])
            result.removed = len(removed)
            result.gone = [os.fsdecode(key) for key, _row in removed]
            batch = _Batch()
            for (vf, key, row), prep in zip(work, self._prepare_all(work, first_id, progress)):
                self._apply(vf, key, row, prep, result, batch)
                if len(batch) >= FLUSH_EVERY:
                    batch.flush(self.conn)
            batch.flush(self.conn)
            resolve_links(self.conn, self.links)
            if self.links.everything:
                create_indexes(self.conn)
            set_meta(self.conn, "fingerprint", fingerprint)
            set_meta(self.conn, "state", f"{self.state:032x}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on some errors
                self.conn.execute("ROLLBACK")
            raise
        return result

    def _walk(self) -> list[tuple[bytes, VaultFile]]:
        fsencode = os.fsencode
        return [(fsencode(vf.rel), vf) for vf in walk(self.vault.root, self.vault.ignore)]

    def _diff(self, files: list[tuple[bytes, VaultFile]], result: SyncResult) -> tuple[list, list]:
        """The files that may have changed (with their rows, if any) and the rows whose file is
        gone. Counts the unchanged files."""
        known = {row[0]: row for row in self.conn.execute(
            "SELECT path, id, size, mtime_ns, ctime_ns, ino, hash FROM notes")}
        work: list[tuple[VaultFile, bytes, tuple | None]] = []
        unchanged = 0
        for key, vf in files:
            row = known.pop(key, None)
            if row is not None and row[2] == vf.size and row[3] == vf.mtime_ns and row[4] == vf.ctime_ns \
                    and row[5] == vf.ino:
                unchanged += 1
            else:
                work.append((vf, key, row))
        result.unchanged = unchanged
        # what is left in known is gone from the disk (in row order, as the rows were written)
        return work, sorted(known.items(), key=lambda item: item[1][1])

    def _prepare_all(self, work: list, first_id: int, progress: Progress | None) -> Iterator[tuple]:
        """Read, hash and parse the files that may have changed, in order: on all cores when
        there are many, handing results over as they come so that inserting overlaps parsing.
        The i-th file is prepared as note ``first_id + i`` (a number unused if it is not added)."""
        jobs = [(vf.rel, vf.fspath, row[6] if row else None, first_id + i) for i, (vf, _key, row) in enumerate(work)]
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
            yield prepare(*job[:3], config, job[3])
            if progress and i % 50 == 0 and time.monotonic() - started > 1.0:
                progress(i + 1, len(jobs))

    def _apply(self, vf: VaultFile, key: bytes, row: tuple | None, prep: tuple, result: SyncResult,
               batch: _Batch) -> None:
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
        result.changed.append(vf.rel)
        if row is not None:
            self._delete([row[1]])  # before its new row goes in: the path is unique
            result.modified += 1
        else:
            result.added += 1
        self.state ^= state_part(key, prep[2])
        note, names = prep[3], prep[5]
        self.links.added(note[0], note[11], (r[1] for r in names))
        batch.add(prep)

    def _delete(self, ids: list[int]) -> None:
        c = self.conn
        for nid in ids:
            row = c.execute("SELECT name, body, path, hash, pathkey FROM notes WHERE id=?", (nid,)).fetchone()
            if row is None:
                continue
            self.links.removed(nid, row[4], (k for (k,) in c.execute("SELECT key FROM names WHERE note_id=?", (nid,))))
            self.state ^= state_part(row[2], row[3])
            c.execute("INSERT INTO fts(fts, rowid, name, body) VALUES ('delete', ?, ?, ?)", (nid, row[0], row[1]))
            for t in CHILD_TABLES:
                c.execute(f"DELETE FROM {t} WHERE note_id=?", (nid,))
            c.execute("DELETE FROM notes WHERE id=?", (nid,))

    def _clear(self) -> None:
        """Empty every table. Their indexes go too, and come back once the rows are in: one
        sort per index instead of a B-tree insert per row."""
        self.state = 0
        self.links.everything = True
        self.conn.execute("DELETE FROM meta WHERE key='state'")
        drop_indexes(self.conn)
        for t in CHILD_TABLES + ("notes",):
            self.conn.execute(f"DELETE FROM {t}")
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
