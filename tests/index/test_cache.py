"""The index cache (netnotes.index.cache) broken, foreign, read-only or locked: the answer is
still right, or one notice says why.

Every test runs a real command (in-process with NETNOTES_DEBUG=1, so any exception escapes and
fails the test, or as the installed program) against a real ``index.sqlite``.

Read-only: as root, chmod does not stop writes, so ``make_read_only`` falls back to
``chattr +i`` (immutable), which stops root too; the test is skipped where neither works.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from conftest import NETNOTES, run_cli, run_netnotes, user_env, write_vault
from netnotes.index.cache import SCHEMA_VERSION

from .helpers import make_read_only

CARDS = {
    "People/Ann Lee.md": "---\ncompany: Acme\ntier: A\n---\nKeeps books.\n\n## Log\n- 2026-11-02 call: year end.\n",
    "People/Bob Stone.md": "---\ncompany: Stone Works\ntier: B\n---\nMason.\n",
    "Daily/2026-11-20.md": "Lunch with [[Bob Stone]].\n",
}
ARGS = ["list", "--json", "--today", "2026-11-23"]


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(CARDS)


@pytest.fixture
def expected(make_vault) -> str:
    """The answer from a healthy cache of an identical vault."""
    twin = make_vault(CARDS, name="twin")
    out = run_cli(ARGS, twin)
    assert out.exit_code == 0 and out.stderr == ""
    return out.stdout


@pytest.fixture
def read_only():
    undo: list = []

    def make(path: Path) -> str:
        return make_read_only(path, undo)

    yield make
    for step in reversed(undo):
        step()


def cache(root: Path) -> Path:
    return root / ".netnotes/cache/index.sqlite"


def notices(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(line.startswith("notice: ") for line in lines), stderr
    assert "Traceback" not in stderr
    return lines


def answer(root: Path) -> tuple[str, list[str]]:
    result = run_cli(ARGS, root)
    assert result.exit_code == 0, result.output
    return result.stdout, notices(result.stderr)


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as c:
        return c.execute("PRAGMA user_version").fetchone()[0]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


# ---- corrupt and foreign caches: rebuilt -----------------------------------------------------
def test_garbage_bytes_are_rebuilt_with_one_notice(vault: Path, expected: str) -> None:
    run_cli(["index"], vault)
    cache(vault).write_bytes(os.urandom(3000) + b"not sqlite at all" * 50)
    out, said = answer(vault)
    assert out == expected
    assert said == ["notice: the index was corrupt (file is not a database); rebuilding it"]
    assert answer(vault) == (expected, [])  # healed: the next run is quiet
    assert user_version(cache(vault)) == SCHEMA_VERSION


def test_garbage_bytes_in_a_real_process(vault: Path, expected: str) -> None:
    (vault / ".netnotes/cache").mkdir(parents=True)
    cache(vault).write_bytes(b"\x00\xff" * 4096)
    proc = run_netnotes(ARGS, cwd=vault)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
    assert len(notices(proc.stderr)) == 1 and "corrupt" in proc.stderr


def test_empty_file_is_a_new_cache(vault: Path, expected: str) -> None:
    (vault / ".netnotes/cache").mkdir(parents=True)
    cache(vault).write_bytes(b"")
    assert answer(vault) == (expected, [])
    assert user_version(cache(vault)) == SCHEMA_VERSION


def test_truncated_cache_is_rebuilt(vault: Path, expected: str) -> None:
    run_cli(["index"], vault)
    data = cache(vault).read_bytes()
    cache(vault).write_bytes(data[: len(data) // 2 + 100])
    out, said = answer(vault)
    assert out == expected and len(said) <= 1


def test_other_schema_version_is_rebuilt(vault: Path, expected: str) -> None:
    (vault / ".netnotes/cache").mkdir(parents=True)
    with sqlite3.connect(cache(vault)) as c:
        c.execute("CREATE TABLE notes(whatever TEXT)")
        c.execute("INSERT INTO notes VALUES ('from the future')")
        c.execute("PRAGMA user_version=99")
    out, said = answer(vault)
    assert out == expected
    assert said == ["notice: the index was made by another version of netnotes (schema 99); rebuilding it"]
    assert user_version(cache(vault)) == SCHEMA_VERSION
    with sqlite3.connect(cache(vault)) as c:
        assert "data" in [r[1] for r in c.execute("PRAGMA table_info(notes)")]


def test_right_version_with_wrong_tables_is_rebuilt(vault: Path, expected: str) -> None:
    (vault / ".netnotes/cache").mkdir(parents=True)
    with sqlite3.connect(cache(vault)) as c:
        c.execute("CREATE TABLE notes(x)")
        c.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    out, said = answer(vault)
    assert out == expected
    assert len(said) == 1 and "rebuil" in said[0]
    assert answer(vault) == (expected, [])


def test_garbage_wal_is_ignored_or_rebuilt(vault: Path, expected: str) -> None:
    run_cli(["index"], vault)
    Path(f"{cache(vault)}-wal").write_bytes(os.urandom(8192))
    out, said = answer(vault)
    assert out == expected and len(said) <= 1


def test_stale_wal_from_an_earlier_cache_is_rebuilt(vault: Path, expected: str) -> None:
    """A -wal left beside a cache it does not belong to (a crash, then the cache replaced):
    SQLite replays it into the new file, and the damage must heal."""
    run_cli(["index"], vault)
    wal = Path(f"{cache(vault)}-wal")
    c = sqlite3.connect(cache(vault), isolation_level=None)
    c.execute("PRAGMA wal_autocheckpoint=0")
    c.execute("BEGIN")
    c.execute("DELETE FROM notes")  # leaves every child row behind
    c.execute("COMMIT")
    stale = wal.read_bytes()
    c.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cache(vault)}{suffix}").unlink(missing_ok=True)
    run_cli(["index"], vault)
    wal.write_bytes(stale)
    out, said = answer(vault)
    assert out == expected
    assert len(said) <= 1
    assert answer(vault) == (expected, [])


def test_unremovable_stale_wal_is_bypassed(vault: Path, expected: str, read_only) -> None:
    """The cache must be rebuilt but a side file cannot be removed: a notice, not a crash."""
    for card in vault.rglob("*.md"):  # old enough to be trusted: the next sync only reads
        os.utime(card, (time.time() - 3600, time.time() - 3600))
    run_cli(["index"], vault)
    wal = Path(f"{cache(vault)}-wal")
    wal.write_bytes(b"")
    how = read_only(wal)
    out, said = answer(vault)
    assert out == expected, how
    assert len(said) <= 1
    if how == "chattr +i" and said:  # even root cannot remove it (an unchanged vault is read, not written)
        assert said == ["notice: the index needs a rebuild but cannot remove index.sqlite-wal: "
                        "Operation not permitted; working without it this time"]


# ---- read-only caches: bypassed -------------------------------------------------------------
def test_read_only_cache_folder_is_bypassed(vault: Path, expected: str, read_only) -> None:
    run_cli(["index"], vault)
    (vault / "People/Cleo.md").write_text("---\ncompany: Cleo Co\n---\n", encoding="utf-8")
    folder = vault / ".netnotes/cache"
    before = digest(folder)
    read_only(folder)
    result = run_cli(ARGS, vault)
    assert result.exit_code == 0
    assert "Cleo" in result.stdout  # the answer is still fresh
    assert notices(result.stderr) == ["notice: .netnotes/cache/ is read-only; working without a cache this time"]
    assert digest(folder) == before
    shown = run_cli(["index"], vault)
    assert shown.stdout.startswith("4 notes: 4 added")  # counted against an empty in-memory index


def test_read_only_cache_folder_from_an_older_netnotes(vault: Path, expected: str, read_only) -> None:
    """A cache folder made before netnotes wrote its own .gitignore there: still "read-only"."""
    run_cli(["index"], vault)
    (vault / ".netnotes/cache/.gitignore").unlink(missing_ok=True)
    read_only(vault / ".netnotes/cache")
    out, said = answer(vault)
    assert out == expected
    assert said == ["notice: .netnotes/cache/ is read-only; working without a cache this time"]


def test_read_only_index_file_is_bypassed(vault: Path, expected: str, read_only) -> None:
    run_cli(["index"], vault)
    read_only(cache(vault))
    out, said = answer(vault)
    assert out == expected
    assert len(said) == 1 and "read-only" in said[0]


def test_read_only_cache_folder_in_a_real_process(vault: Path, expected: str, read_only) -> None:
    run_cli(["index"], vault)
    read_only(vault / ".netnotes/cache")
    proc = run_netnotes(ARGS, cwd=vault)
    assert proc.returncode == 0 and proc.stdout == expected
    assert notices(proc.stderr) == ["notice: .netnotes/cache/ is read-only; working without a cache this time"]


def test_cache_folder_that_is_a_file(vault: Path, expected: str) -> None:
    (vault / ".netnotes/cache").write_text("not a folder", encoding="utf-8")
    out, said = answer(vault)
    assert out == expected
    assert len(said) == 1 and said[0].startswith("notice: cannot create .netnotes/cache/")


def test_missing_netnotes_folder_in_an_obsidian_vault(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "obs", {"People/Ann.md": "---\ncompany: A\n---\n"}, marker=False)
    (root / ".obsidian").mkdir()
    out, said = answer(root)
    assert '"name": "Ann"' in out and said == []


# ---- locked caches: wait briefly, then bypass ------------------------------------------------
def hold(path: Path, exclusive_mode: bool = False) -> sqlite3.Connection:
    """Another connection holding the write lock (as a long netnotes sync would)."""
    c = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if exclusive_mode:
        c.execute("PRAGMA locking_mode=EXCLUSIVE")
    c.execute("BEGIN EXCLUSIVE")
    c.execute("INSERT OR REPLACE INTO meta VALUES ('held', 'by a test')")
    return c


@pytest.mark.parametrize("exclusive_mode", [False, True], ids=["begin-exclusive", "locking-mode-exclusive"])
def test_locked_cache_waits_briefly_then_answers(vault: Path, expected: str, monkeypatch, exclusive_mode) -> None:
    import netnotes.index.cache as index_mod

    monkeypatch.setattr(index_mod, "LOCK_WAIT_MS", 300)
    run_cli(["index"], vault)
    (vault / "People/Cleo.md").write_text("---\ncompany: Cleo Co\n---\n", encoding="utf-8")
    holder = hold(cache(vault), exclusive_mode)
    try:
        started = time.monotonic()
        result = run_cli(ARGS, vault)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 0
    assert "Cleo Co" in result.stdout  # answered from the files, not from the stale cache
    said = notices(result.stderr)
    assert len(said) == 1 and "locked" in said[0]
    assert elapsed < 5
    out, said = answer(vault)  # the lock is gone: the cache is used (and updated) again
    assert "Cleo Co" in out and said == []


def touch(path: Path) -> None:
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_locked_cache_in_a_real_process(vault: Path, expected: str) -> None:
    run_cli(["index"], vault)
    touch(vault / "People/Ann Lee.md")  # the sync has a row to write: it needs the lock
    holder = hold(cache(vault))
    try:
        started = time.monotonic()
        proc = run_netnotes(ARGS, cwd=vault)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
    assert notices(proc.stderr) == [
        "notice: the index is locked by another netnotes process (waited 2 s); working without it this time"]
    assert elapsed < 10


def test_unchanged_vault_is_answered_from_a_locked_cache(vault: Path, expected: str) -> None:
    """Nothing to write: the sync only reads, so another process's write lock costs no wait."""
    run_cli(["index"], vault)
    holder = hold(cache(vault))
    try:
        proc = run_netnotes(ARGS, cwd=vault)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 0 and proc.stdout == expected
    assert proc.stderr == ""


def test_lock_released_while_waiting_uses_the_cache(vault: Path, expected: str) -> None:
    run_cli(["index"], vault)
    touch(vault / "People/Ann Lee.md")  # the sync has a row to write: it waits for the lock
    holder = hold(cache(vault))
    timer = threading.Timer(0.3, lambda: (holder.execute("ROLLBACK"), holder.close()))
    timer.start()
    try:
        proc = run_netnotes(ARGS, cwd=vault)
    finally:
        timer.join()
    assert proc.returncode == 0 and proc.stdout == expected
    assert proc.stderr == ""


def test_processes_starting_together_share_one_cache(vault: Path, expected: str) -> None:
    """Several commands at once on a new cache (a watcher, a shell, completion): each answers,
    none calls the others' half-made cache corrupt or throws it away."""
    import subprocess

    env = user_env()
    for _ in range(3):
        shutil.rmtree(vault / ".netnotes/cache", ignore_errors=True)
        procs = [subprocess.Popen([str(NETNOTES), *ARGS], cwd=vault, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(6)]
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
            assert out == expected
            # on a loaded machine one may wait out the others' lock and answer without the
            # cache; none may call a half-made cache corrupt, or rebuild it
            assert err == "" or err.startswith("notice: the index is locked by another netnotes process"), err
    assert answer(vault) == (expected, [])
