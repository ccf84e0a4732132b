"""Bringing the index in line with the files: a diff of the files on disk against the rows.

A file whose size, mtime, ctime or inode changed is read and hashed; only a changed hash is
parsed again, and then every row derived from it is replaced. Added, modified and removed
files are applied in one transaction, and the caller is told the counts.

Every command syncs first, so the no-change case is kept cheap: one walk, the stat columns
read from an index of their own, no write transaction. A full index parses in worker
processes and inserts many rows per statement (docs/performance.md says where the time goes).
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Iterator

from netnotes.base.dates import as_date
from netnotes.base.files import read_regular
from netnotes.index import serialize
from netnotes.index.cards import CARD_KEYS, card_row
from netnotes.index.links import LinkChanges, resolve_links
from netnotes.index.schema import CHILD_TABLES, FTS_COLUMNS, create_indexes, drop_indexes, get_meta, set_meta
from netnotes.index.searchable import field_texts
from netnotes.notes.matching import MATCH_FIELDS
from netnotes.notes.note import parse_note
from netnotes.vault.discover import VaultFile, display_path, vault_files
from netnotes.vault.handle import Vault

PARSER_VERSION = "7"  # bump when parsing changes what a file yields: forces a re-parse
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
CHUNK = 200  # files prepared (and inserted) together

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
    unreadable: list[str] = field(default_factory=list)  # files and folders (``rel/``) permission denied

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


RACY_NS = 2_000_000_000  # FAT's 2-second timestamps; ext2, HFS+, SMB and NFS mounts often keep whole seconds
RACY = -1  # stored in place of an mtime too recent to vouch for the bytes


def _trusted_mtime(mtime_ns: int) -> int:
    """A file saved again in the same tick of a coarse clock keeps its size and mtime: its
    stat cannot tell the two versions apart. As git does with "racily clean" entries, an mtime
    not safely older than this moment is not stored; the next sync sees a stat that differs
    and hashes the file again, until its mtime is old enough to trust."""
    return RACY if mtime_ns >= time.time_ns() - RACY_NS else mtime_ns


def prepare(rel: str, path: str, known_digest: str | None, config, nid: int) -> tuple:
    """Read, hash and (when the bytes changed) parse one file into the rows the index stores,
    as note ``nid`` (the id its row gets if it is inserted).

    A module-level function of plain values, so that worker processes can run it. The rows
    come by statement (``_INSERTS``); a row never binds None, which costs SQLite's Python
    binding more than a whole row: a NULL column has a statement of its own."""
    try:
        data, st = read_regular(path)  # replaced by a FIFO since the walk: never a hang
    except PermissionError:
        return ("unreadable",)
    except OSError:
        return ("gone",)
    stat_cols = (len(data), _trusted_mtime(st.st_mtime_ns), st.st_ctime_ns, st.st_ino)
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if digest == known_digest:
        return ("same", stat_cols)
    note = parse_note(rel, data, config)
    from netnotes.notes.links import normalize_name
    from netnotes.notes.note import note_date
    from netnotes.notes.typed_names import folded_keys

    names = {(normalize_name(note.title), "title")}
    if note.name != note.title:
        names.add((normalize_name(note.name), "name"))
    names |= {(normalize_name(a), "alias") for a in note.aliases}
    linked = sorted({_text(k) for k, _h in names})  # the keys links resolve by (not the folded ones)
    names |= folded_keys(note.title, note.name, note.aliases)
    day = note_date(note, config)
    dated = any(as_date(note.props.get(k)) for k in config.date_properties)
    name, body, pos, pathkey = _text(note.name), _text(note.body), note.prop_pos, _text(normalize_name(rel))
    generated, *texts = field_texts(note)
    fields = (generated, *map(_text, texts))  # search_fields' values after the id
    # bytearray: SQLite's binding takes it (as a BLOB) without looking for an adapter
    head = (nid, bytearray(os.fsencode(rel)), display_path(rel), *stat_cols, digest, note.kind, _text(note.title),
            name, pathkey, match_digest(note))
    tags = json.dumps(list(note.tags))
    tail = (tags, serialize.dumps(note), body)
    encoded = {_text(k): _prop_json(v) for k, v in note.props.items()}
    rows: dict[str, list[tuple]] = {
        "notes": [head + (day.isoformat(), "dated note" if dated else "daily note") + tail] if day else [],
        "notes_undated": [] if day else [head + tail],
        "fts": [(nid, name, *fields[1:], body)],
        "search_fields": [(nid, *fields)],
        "names": [(nid, _text(k), h) for k, h in sorted(names)],
        "props": [(nid, _text(k), encoded[_text(k)], *pos.get(k, _NOWHERE)[:2]) for k in note.props],
        "cards": [card_row(nid, head[1], tags, encoded)] if note.kind == "contact" else [],
        "links": [], "links_pathless": [], "log": [], "log_plain": [],
        "planned": [(nid, e.line, e.date.isoformat(), e.kind, _text(e.text)) for e in note.planned],
        "diagnostics": [(nid, i, d.line, d.col, d.severity.value, d.code, _text(d.message))
                        for i, d in enumerate(note.diagnostics)],
    }
    for i, lk in enumerate(note.links):
        key, path_key = _link_keys(lk.target)
        link = (nid, i, _text(lk.target), lk.source, lk.line, lk.col, key)
        if path_key is None:
            rows["links_pathless"].append(link)
        else:
            rows["links"].append(link + (path_key,))
    for e in note.log:
        entry = (nid, e.line, e.date.isoformat(), e.kind, e.direction, _text(e.text))
        if e.amount_cents is None and e.currency is None:
            rows["log_plain"].append(entry)
        else:
            rows["log"].append(entry + (e.amount_cents, e.currency))
    return ("parsed", stat_cols, digest, nid, pathkey, linked, rows)


_prop_json = serialize.encode_value  # dates kept apart from text that reads as one


def match_digest(note) -> str:
    """What the duplicate-contact rule reads of a contact (its path, tags and each matching
    property with where it is written), as a digest: ``index.checks`` keeps its warnings
    until one of these changes. '' for other notes."""
    if note.kind != "contact":
        return ""
    parts = [note.rel, json.dumps(list(note.tags))]
    for k in MATCH_FIELDS:
        if k in note.props:
            parts.append(f"{k}\0{_prop_json(note.props[k])}\0{note.prop_pos.get(k, _NOWHERE)[:2]}")
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
_NOWHERE = (0, 1)  # a property's (line, col) when the file does not write it


def _link_keys(target: str) -> tuple[str, str | None]:
    """A link's key (``link_key``) and path key: the target written with a folder
    (``[[People/Ann]]``) as a path, else None."""
    from netnotes.notes.links import link_key, normalize_name

    if "/" not in target and "\\" not in target:  # the common case: both are the whole name
        return _text(normalize_name(target)), None
    key = normalize_name(target.replace("\\", "/"))
    return _text(link_key(target)), _text(key) if "/" in key else None


def _text(s: str) -> str:
    """Text SQLite can store: lone surrogates (from undecodable names) replaced."""
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


_NOTE_COLUMNS = "id, path, rel, size, mtime_ns, ctime_ns, ino, hash, kind, title, name, pathkey, match"
_INSERTS = {  # statement -> (its head, one row's values); every row of a table, whichever statement
    "notes": (f"INSERT INTO notes({_NOTE_COLUMNS}, day, day_source, tags, data, body) VALUES ",
              "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
    "notes_undated": (f"INSERT INTO notes({_NOTE_COLUMNS}, tags, data, body) VALUES ", "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
    "fts": (f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES ", f"({','.join('?' * (len(FTS_COLUMNS) + 1))})"),
    "search_fields": ("INSERT INTO search_fields VALUES ", "(?,?,?,?,?,?,?,?,?,?,?,?)"),
    "names": ("INSERT INTO names VALUES ", "(?,?,?)"),
    "props": ("INSERT OR REPLACE INTO props VALUES ", "(?,?,?,?,?)"),
    "links": ("INSERT INTO links VALUES ", "(?,?,?,?,?,?,?,?,NULL)"),
    "links_pathless": ("INSERT INTO links VALUES ", "(?,?,?,?,?,?,?,NULL,NULL)"),
    "log": ("INSERT OR REPLACE INTO log VALUES ", "(?,?,?,?,?,?,?,?)"),
    "log_plain": ("INSERT OR REPLACE INTO log VALUES ", "(?,?,?,?,?,?,NULL,NULL)"),
    "planned": ("INSERT OR REPLACE INTO planned VALUES ", "(?,?,?,?,?)"),
    "cards": ("INSERT INTO cards VALUES ", f"({','.join('?' * (3 + len(CARD_KEYS)))})"),
    "diagnostics": ("INSERT INTO diagnostics VALUES ", "(?,?,?,?,?,?,?)"),
}
_FTS_DELETE = (f"INSERT INTO fts(fts, rowid, {', '.join(FTS_COLUMNS)}) SELECT 'delete', id, {', '.join(FTS_COLUMNS)} "
               "FROM search_text WHERE id=?")
_GROUP = 50  # rows per statement: executing one costs SQLite's Python binding more than a row
_SQL = {name: (head + ",".join([one] * _GROUP), head + one) for name, (head, one) in _INSERTS.items()}


def _group(preps: list[tuple]) -> tuple[list[tuple], list[tuple[str, list[tuple], list[tuple]]]]:
    """Prepared files as (what each one is, without its rows) and their rows by statement:
    groups of ``_GROUP`` rows flattened into one tuple each, then the rows left over."""
    merged: dict[str, list[tuple]] = {name: [] for name in _INSERTS}
    metas = []
    for prep in preps:
        if prep[0] == "parsed":
            for name, rows in prep[6].items():
                merged[name] += rows
            prep = prep[:6]
        metas.append(prep)
    statements = []
    for name, rows in merged.items():
        if rows:
            cut = len(rows) - len(rows) % _GROUP
            flat = list(chain.from_iterable(rows[:cut]))
            size = _GROUP * len(rows[0])
            statements.append((name, [tuple(flat[i:i + size]) for i in range(0, len(flat), size)], rows[cut:]))
    return metas, statements


def _prepare_chunk(args: tuple) -> bytes:
    """A worker's share: some files prepared and grouped, marshalled (plain tuples, strings and
    numbers: marshal writes and reads them in half the time pickle takes)."""
    config, jobs = args
    return marshal.dumps(_group([prepare(rel, path, digest, config, nid) for rel, path, digest, nid in jobs]))


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
            at = 0
            for metas, statements in self._prepare_all(work, first_id, progress):
                for (vf, key, row), prep in zip(work[at:at + len(metas)], metas):
                    self._apply(vf, key, row, prep, result)
                at += len(metas)
                self._insert(statements)  # after the deletes: a note's path is unique
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
        """Every file with its key (``os.fsencode`` of its path, as the rows store it)."""
        encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
        self.unreadable: list[str] = []
        found = vault_files(self.vault.root, self.vault.ignore, self.unreadable)
        return [(vf.rel.encode(encoding, errors), vf) for vf in found]

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
        folders = tuple(os.fsencode("" if f == "./" else f) for f in getattr(self, "unreadable", ()))
        if folders:  # a folder that cannot be listed: its notes are not gone, only unseen
            for key in [k for k in known if k.startswith(folders)]:
                del known[key]
            result.unreadable = sorted(set(result.unreadable) | set(getattr(self, "unreadable", ())))
        # what is left in known is gone from the disk (in row order, as the rows were written)
        return work, sorted(known.items(), key=lambda item: item[1][1])

    def _prepare_all(self, work: list, first_id: int, progress: Progress | None) -> Iterator[tuple]:
        """Read, hash and parse the files that may have changed, in chunks, in order (see
        ``_group``): on all cores when there are many, handing chunks over as they come so that
        inserting overlaps parsing. The i-th file is prepared as note ``first_id + i`` (a number
        left unused if it is not added)."""
        jobs = [(vf.rel, vf.fspath, row[6] if row else None, first_id + i) for i, (vf, _key, row) in enumerate(work)]
        chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
        config = self.vault.config
        workers = min(os.cpu_count() or 1, 8)
        started = time.monotonic()
        done = 0
        if len(jobs) >= PARALLEL_MIN and workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            gc.freeze()  # forked workers then neither scan nor copy this process's objects
            try:
                with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                    for chunk, blob in zip(chunks, pool.map(_prepare_chunk, [(config, c) for c in chunks])):
                        yield marshal.loads(blob)
                        done += len(chunk)
                        if progress and time.monotonic() - started > 1.0:
                            progress(done, len(jobs))
            finally:
                gc.unfreeze()
            return
        for chunk in chunks:
            yield _group([prepare(rel, path, digest, config, nid) for rel, path, digest, nid in chunk])
            done += len(chunk)
            if progress and time.monotonic() - started > 1.0:
                progress(done, len(jobs))

    def _apply(self, vf: VaultFile, key: bytes, row: tuple | None, prep: tuple, result: SyncResult) -> None:
        if prep[0] == "unreadable":  # permission denied: its last indexed version, if any, stays
            result.unreadable.append(vf.rel)
            return
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
            self._delete([row[1]])  # before its new rows go in
            result.modified += 1
        else:
            result.added += 1
        _, _stat, digest, nid, pathkey, keys = prep
        self.state ^= state_part(key, digest)
        self.links.added(nid, pathkey, keys)

    def _insert(self, statements: list[tuple[str, list[tuple], list[tuple]]]) -> None:
        for name, groups, rest in statements:
            many, one = _SQL[name]
            if groups:
                self.conn.executemany(many, groups)
            if rest:
                self.conn.executemany(one, rest)

    def _delete(self, ids: list[int]) -> None:
        c = self.conn
        for nid in ids:
            row = c.execute("SELECT path, hash, pathkey FROM notes WHERE id=?", (nid,)).fetchone()
            if row is None:
                continue
            self.links.removed(nid, row[2], (k for (k,) in c.execute("SELECT key FROM names WHERE note_id=?", (nid,))))
            self.state ^= state_part(row[0], row[1])
            c.execute(_FTS_DELETE, (nid,))  # the very text it was indexed with, before its rows go
            for t in CHILD_TABLES:
                c.execute(f"DELETE FROM {t} WHERE note_id=?", (nid,))
            c.execute("DELETE FROM notes WHERE id=?", (nid,))

    def _clear(self) -> None:
        """Empty every table. Their indexes go too, and come back once the rows are in: one
        sort per index instead of a B-tree insert per row."""
        self.state = 0
        self.links.everything = True
        self.conn.execute("DELETE FROM meta WHERE key='state'")
        self.conn.execute("DELETE FROM derived")
        drop_indexes(self.conn)
        for t in CHILD_TABLES + ("notes",):
            self.conn.execute(f"DELETE FROM {t}")
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
