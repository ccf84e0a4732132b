"""What the index holds, compared with a fresh build and a direct parse; file times and
permissions as the index tests need them. Vaults and runners come from conftest."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from netnotes.index import serialize
from netnotes.notes.note import Note
from netnotes.vault.handle import open_vault
from netnotes.index.cache import SyncResult, _memory, cache_path, open_synced
from netnotes.index.session import load_session_uncached
from netnotes.notes.resolve import Resolver

CHILD_QUERIES = {
    # every derived row, keyed by the note's path instead of its (arbitrary) row id
    "names": "SELECT n.path, c.key, c.how FROM names c JOIN notes n ON n.id=c.note_id",
    "props": "SELECT n.path, c.key, c.value, c.line FROM props c JOIN notes n ON n.id=c.note_id",
    "links": "SELECT n.path, c.seq, c.target, c.source, c.line, c.col, c.key, c.pathkey, t.path "
             "FROM links c JOIN notes n ON n.id=c.note_id LEFT JOIN notes t ON t.id=c.target_id",
    "log": "SELECT n.path, c.line, c.date, c.kind, c.direction, c.text, c.amount_cents, c.currency "
           "FROM log c JOIN notes n ON n.id=c.note_id",
    "diagnostics": "SELECT n.path, c.seq, c.line, c.col, c.severity, c.code, c.message "
                   "FROM diagnostics c JOIN notes n ON n.id=c.note_id",
    "notes": "SELECT path, rel, size, hash, kind, title, name, pathkey, match, day, day_source, tags, data, body "
             "FROM notes",
}


def snapshot(notes: list[Note]) -> list[tuple[str, str]]:
    """Each note as (serialized JSON, body), sorted by rel: equal snapshots, equal notes."""
    return sorted(((serialize.dumps(n), n.body) for n in notes), key=lambda t: t[0])


def by_rel(notes: list[Note]) -> list[tuple[str, str, str]]:
    return sorted((n.rel, serialize.dumps(n), n.body) for n in notes)


def rows(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every table of the index as sorted rows (ids replaced by paths), orphans counted too."""
    out = {name: sorted(conn.execute(q).fetchall(), key=repr) for name, q in CHILD_QUERIES.items()}
    for table in ("names", "props", "links", "log", "diagnostics"):
        out[f"orphans:{table}"] = conn.execute(
            f"SELECT count(*) FROM {table} WHERE note_id NOT IN (SELECT id FROM notes)").fetchall()
    return out


def fts_ok(conn: sqlite3.Connection) -> None:
    """FTS5's own check that the full-text index matches the notes table, row for row."""
    conn.execute("INSERT INTO fts(fts, rank) VALUES('integrity-check', 1)")


def sync(root: Path, rebuild: bool = False) -> tuple[SyncResult, list[Note], dict, str]:
    """Sync the real cache file of the vault; (result, notes, every row, state digest)."""
    vault = open_vault(str(root))
    index, result = open_synced(vault, rebuild=rebuild)
    try:
        assert index.path == cache_path(vault), result.notices  # the real file, not a fallback
        fts_ok(index.conn)
        return result, index.notes(), rows(index.conn), index.state()
    finally:
        index.close()


def fresh(root: Path) -> tuple[list[Note], dict, str]:
    """What a fresh rebuild holds (built in memory, so the cache file under test is untouched)."""
    vault = open_vault(str(root))
    index = _memory(vault, [])
    try:
        index.sync()
        return index.notes(), rows(index.conn), index.state()
    finally:
        index.close()


def uncached(root: Path) -> list[Note]:
    return load_session_uncached(open_vault(str(root))).notes


def assert_index_fresh(root: Path) -> SyncResult:
    """Sync incrementally, then check the index equals a fresh rebuild and a direct parse."""
    result, notes, got_rows, state = sync(root)
    want_notes, want_rows, want_state = fresh(root)
    assert by_rel(notes) == by_rel(want_notes)
    direct = uncached(root)
    assert snapshot(notes) == snapshot(direct)
    for table in got_rows:
        assert got_rows[table] == want_rows[table], f"table {table} differs from a fresh rebuild"
    assert state == want_state
    assert_links_resolved(got_rows["links"], direct)
    assert_touches_from_rows(root, direct)
    assert_diagnostics_from_rows(root, direct)
    assert_cards_from_rows(root, direct)
    return result


def assert_cards_from_rows(root: Path, notes: list[Note]) -> None:
    """The contacts read from the cards' narrow rows (``index.cards``) equal those read from
    ``props`` and the parsed contacts' own properties and tags, in the same order."""
    from netnotes.index.cards import CARD_KEYS, contacts_from_cards
    from netnotes.index.contacts import contacts_from_props

    def seen(found: list[Note]) -> list[tuple]:
        return [(n.rel, n.title, list(n.props.items()), n.tags) for n in found]

    want = sorted((n for n in notes if n.kind == "contact"), key=lambda n: os.fsencode(n.rel))
    index, _ = open_synced(open_vault(str(root)))
    try:
        for keys in (CARD_KEYS, ("tier", "name", "met"), ()):
            got = contacts_from_cards(index.conn, keys)
            assert seen(got) == seen(contacts_from_props(index.conn, keys))
            assert seen(got) == [(n.rel, n.title, [(k, n.props[k]) for k in sorted(set(keys)) if k in n.props],
                                  n.tags) for n in want]
    finally:
        index.close()


def assert_diagnostics_from_rows(root: Path, notes: list[Note]) -> None:
    """Every diagnostic answered from the cache's rows equals ``check_vault`` over every note."""
    from netnotes.index.checks import vault_diagnostics
    from netnotes.notes.checks import check_vault

    vault = open_vault(str(root))
    index, _ = open_synced(vault)
    try:
        got = vault_diagnostics(index.conn, vault.config)
        want = check_vault(notes, vault.config)
        assert [(d, d.excerpt, d.span) for d in got] == [(d, d.excerpt, d.span) for d in want]
    finally:
        index.close()


def assert_touches_from_rows(root: Path, notes: list[Note]) -> None:
    """Last touches answered by SQL over the cache equal the rule applied to every parsed note."""
    import datetime as dt

    from netnotes.index.contacts import last_touches as from_rows
    from netnotes.index.contacts import next_plans as plans_from_rows
    from netnotes.notes.touches import last_touches, next_plans

    vault = open_vault(str(root))
    index, _ = open_synced(vault)
    try:
        for today in (dt.date(2026, 11, 19), dt.date(2026, 12, 31)):
            assert from_rows(index.conn, vault.config, today) == last_touches(
                notes, Resolver(notes), vault.config, today), today
            assert plans_from_rows(index.conn, today) == next_plans(notes, today), today
    finally:
        index.close()


def assert_links_resolved(links: list[tuple], notes: list[Note]) -> None:
    """Each link row's stored target is what resolving it over every parsed note gives."""
    resolver = Resolver(notes)
    for path, seq, target, *_rest, resolved in links:
        want = resolver.resolve(target).note
        assert resolved == (os.fsencode(want.rel) if want else None), (path, seq, target)


def counts(result: SyncResult) -> tuple[int, int, int, int]:
    """(added, modified, removed, unchanged) as `netnotes index` prints them."""
    return result.added, result.modified, result.removed, result.unchanged + result.touched


def set_mtime(path: Path, mtime_ns: int) -> None:
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, mtime_ns))


def rewrite_keeping_mtime(path: Path, data: bytes) -> None:
    """Write new bytes, then put the old modification time back (as some sync tools do)."""
    old = os.stat(path).st_mtime_ns
    path.write_bytes(data)
    set_mtime(path, old)
    assert os.stat(path).st_mtime_ns == old


def make_read_only(path: Path, cleanup: list) -> str:
    """Make a file or folder read-only for this process; returns how.

    chmod is enough for a normal user; root ignores permission bits, so as root the file is
    made immutable (``chattr +i``, on file systems that support it). Skips the test when
    neither works. ``cleanup`` collects the undo steps (run them in a finally)."""
    mode = path.stat().st_mode & 0o7777
    os.chmod(path, 0o500 if path.is_dir() else 0o400)
    cleanup.append(lambda: os.chmod(path, mode))
    if not os.access(path, os.W_OK):
        return "chmod"
    chattr = shutil.which("chattr")
    if chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode == 0:
        cleanup.append(lambda: subprocess.run([chattr, "-i", str(path)], capture_output=True))
        if not os.access(path, os.W_OK):
            return "chattr +i"
    pytest.skip("running as root: chmod does not stop root, and chattr +i is not available here")


def differential_vault(kind: str, tmp_path: Path, contacts: int = 250, seed: int = 7) -> Path:
    """The vaults every differential test runs on: ``sample`` (a copy of sample-vault),
    ``hostile`` (the broken-card corpus as People/) and ``generated`` (benchmarks/generate.py)."""
    import sys

    from conftest import CORPUS, ROOT, copy_sample, write_vault

    if kind == "sample":
        return copy_sample(tmp_path / "sample")
    if kind == "hostile":
        root = write_vault(tmp_path / "hostile")
        shutil.copytree(CORPUS, root / "People")
        return root
    out = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(out), "--contacts", str(contacts),
                    "--seed", str(seed)], check=True, capture_output=True)
    return out
