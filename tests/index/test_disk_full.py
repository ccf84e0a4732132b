"""A full disk with a good, warm cache: every command still answers (without the cache), writes
fail with a clear message and nothing half-written, and the cache is never thrown away.
Needs a small tmpfs, which only root can mount; skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import SAMPLE, run_netnotes


@pytest.fixture()
def full_disk(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("needs to mount a small tmpfs (run as root): " + made.stderr.decode(errors="replace").strip())
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(mnt) -> None:
    with open(mnt / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    for n in range(10_000):  # the last blocks, a few bytes at a time
        try:
            with open(mnt / f"filler{n}", "wb") as f:
                f.write(b"\0" * 512)
        except OSError:
            break


def test_a_full_disk_keeps_the_cache_and_no_command_crashes(full_disk):
    vault = full_disk / "v"
    shutil.copytree(SAMPLE, vault, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    assert run_netnotes(["index"], vault=vault).returncode == 0
    cache = vault / ".netnotes/cache/index.sqlite"
    size = cache.stat().st_size
    card = vault / "People/Ben Carter.md"
    text = card.read_bytes()
    _fill(full_disk)
    with open(card, "r+b") as f:  # a same-size edit needs no new block
        f.write(text.replace(b"Travel agent", b"Travel AGENT", 1))
    for args in (["list"], ["show", "Ben Carter"], ["validate"], ["followups", "--today", "2026-11-20"],
                 ["introductions", "--today", "2026-11-20"], ["search", "travel"], ["index"]):
        done = run_netnotes(args, vault=vault)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert "internal error" not in done.stderr, args
    assert "Travel AGENT" in run_netnotes(["show", "Ben Carter"], vault=vault).stdout  # fresh, not stale
    for args in (["log", "Ben Carter", "call: hi"], ["report", "--week", "2026-W40"]):
        done = run_netnotes(args, vault=vault)
        assert done.returncode not in (0, 70), (args, done.stderr)
        assert "No space left on device" in done.stderr or "disk is full" in done.stderr, (args, done.stderr)
    assert card.read_bytes() == text.replace(b"Travel agent", b"Travel AGENT", 1)
    assert cache.exists() and cache.stat().st_size >= size  # kept, never removed as corrupt
    for f in full_disk.glob("filler*"):
        os.unlink(f)
    assert run_netnotes(["log", "Ben Carter", "call: hi"], vault=vault).returncode == 0
