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
from netnotes.index.schema import CHILD_TABLES, get_meta, set_meta
from netnotes.notes.note import parse_note
from netnotes.vault.discover import VaultFile, display_path, walk
from netnotes.vault.handle import Vault

PARSER_VERSION = "2"  # bump when parsing changes what a file yields: forces a re-parse
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
CHUNK = 200

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
    from netnotes.notes.links import link_key, normalize_name
    from netnotes.notes.note import note_date

    names = {(normalize_name(note.title), "title")}
    if note.name != note.title:
        names.add((normalize_name(note.name), "name"))
    names |= {(normalize_name(a), "alias") for a in note.aliases}
    day = note_date(note, config)
    dated = any(as_date(note.props.get(k)) for k in config.date_properties)
    rows = (
        display_path(rel), note.kind, _text(note.title), _text(note.name), serialize.dumps(note), _text(note.body),
        [(_text(k), h) for k, h in sorted(names)],
        [(_text(k), json.dumps(v, default=str), note.prop_pos.get(k, (0,))[0]) for k, v in note.props.items()],
        [(i, _text(lk.target), lk.source, lk.line, lk.col, _text(link_key(lk.target)), _link_path(lk.target))
         for i, lk in enumerate(note.links)],
        [(e.line, e.date.isoformat(), e.kind, e.direction, _text(e.text), e.amount_cents, e.currency)
         for e in note.log],
        [(i, d.line, d.col, d.severity.value, d.code, _text(d.message)) for i, d in enumerate(note.diagnostics)],
        (_text(normalize_name(rel)), day.isoformat() if day else None,
         ("dated note" if dated else "daily note") if day else None, json.dumps(list(note.tags))),
    )
    return ("parsed", stat_cols, digest, rows)


def _link_path(target: str) -> str | None:
    """The path key of a target written with a folder (``[[People/Ann]]``), else None."""
    from netnotes.notes.links import normalize_name

    key = normalize_name(target.replace("\\", "/"))
    return _text(key) if "/" in key else None


def _prepare_chunk(args: tuple) -> list[tuple]:
    config, jobs = args
    return [prepare(rel, path, digest, config) for rel, path, digest in jobs]


def _text(s: str) -> str:
    """Text SQLite can store: lone surrogates (from undecodable names) replaced."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


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
        c.executemany("INSERT OR REPLACE INTO props VALUES (?,?,?,?)", self.props)
        c.executemany("INSERT INTO links VALUES (?,?,?,?,?,?,?,?,NULL)", self.links)
        c.executemany("INSERT OR REPLACE INTO log VALUES (?,?,?,?,?,?,?,?)", self.log)
        c.executemany("INSERT INTO diagnostics VALUES (?,?,?,?,?,?,?)", self.diags)
        for rows in (self.fts, self.names, self.props, self.links, self.log, self.diags):
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
        # the write lock first: rows read before it could be stale by the time they are written
        # (another netnotes syncing the same cache at the same moment)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if rebuild or get_meta(self.conn, "fingerprint") != fingerprint:
                result.rebuilt = rebuild or get_meta(self.conn, "fingerprint") is not None
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
            self.state = int(get_meta(self.conn, "state") or "0", 16)
            self._delete(removed)
            result.removed = len(removed)
            batch = _Batch()
            for (vf, key, row), prep in zip(work, self._prepare_all(work, progress)):
                self._apply(vf, key, row, prep, result, batch)
                if len(batch.fts) >= 2000:
                    batch.flush(self.conn)
            batch.flush(self.conn)
            resolve_links(self.conn, self.links)
            set_meta(self.conn, "fingerprint", fingerprint)
            set_meta(self.conn, "state", f"{self.state:032x}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on some errors
                self.conn.execute("ROLLBACK")
            raise
        return result

    def _prepare_all(self, work: list, progress: Progress | None) -> Iterator[tuple]:
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
        _, stat_cols, digest, rows = prep
        result.changed.append(vf.rel)
        if row is not None:
            self._delete([row[1]])
            result.modified += 1
        else:
            result.added += 1
        display, kind, title, name, data, body, names, props, links, log, diags, place = rows
        self.state ^= state_part(key, digest)
        cur = self.conn.execute(
            "INSERT INTO notes(path, rel, size, mtime_ns, ctime_ns, ino, hash, kind, title, name, pathkey, day,"
            " day_source, tags, data, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, display, *stat_cols, digest, kind, title, name, *place, data, body))
        nid = cur.lastrowid
        self.links.added(nid, place[0], (k for k, _how in names))
        batch.fts.append((nid, name, body))
        batch.names.extend((nid, *r) for r in names)
        batch.props.extend((nid, *r) for r in props)
        batch.links.extend((nid, *r) for r in links)
        batch.log.extend((nid, *r) for r in log)
        batch.diags.extend((nid, *r) for r in diags)

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
        self.state = 0
        self.links.everything = True
        self.conn.execute("DELETE FROM meta WHERE key='state'")
        for t in CHILD_TABLES + ("notes",):
            self.conn.execute(f"DELETE FROM {t}")
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
