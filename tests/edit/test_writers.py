"""Writers that must not lose a byte: other netnotes processes at the same moment, and another
program saving the card in place while netnotes edits it. Real processes on real files."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from conftest import copy_sample, one_line_error, run_netnotes

CARD = "People/Ben Carter.md"


def _slow_save(card: Path, pause: float) -> subprocess.Popen:
    """Another program's in-place save: truncate, wait, write the old text back."""
    code = ("import sys, time\n"
            "f = open(sys.argv[1], 'r+b'); d = f.read(); f.seek(0); f.truncate(); f.flush()\n"
            "print('truncated', flush=True); time.sleep(float(sys.argv[2])); f.write(d); f.close()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(card), str(pause)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "truncated"
    return proc


def test_an_in_place_save_under_way_is_waited_for_and_the_entry_lands_on_the_whole_card(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    original = card.read_bytes()
    saver = _slow_save(card, 1.0)
    done = run_netnotes(["log", "Ben Carter", "call: hello", "--date", "2026-11-20"], vault=vault)
    saver.wait(10)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Ben Carter: logged 2026-11-20 call: hello (")
    now = card.read_bytes().split(b"\n")
    entry = b"- 2026-11-20 call: hello"
    assert entry in now
    assert [line for line in now if line != entry] == original.split(b"\n")  # the whole card, plus the entry


def test_a_card_that_stays_empty_right_after_being_emptied_is_refused_and_then_restored_intact(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    original = card.read_bytes()
    saver = _slow_save(card, 4.0)
    done = run_netnotes(["log", "Ben Carter", "call: hello"], vault=vault)
    saver.wait(10)
    assert done.returncode == 75, (done.stdout, done.stderr)
    assert "another program seems to be saving it" in one_line_error(done.stderr)
    assert "created:" not in done.stdout
    assert card.read_bytes() == original  # the other program's save is whole; nothing of ours in it


def test_netnotes_writers_at_the_same_moment_keep_every_entry(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    from conftest import NETNOTES, user_env

    for round_ in range(3):
        procs = [subprocess.Popen([str(NETNOTES), "--vault", str(vault), "log", "Ben Carter",
                                   f"note: round {round_} writer {i}"], env=user_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(6)]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        text = card.read_text(encoding="utf-8")
        for i in range(6):
            assert f"note: round {round_} writer {i}" in text, (round_, i)


def test_a_writer_that_cannot_get_the_lock_says_who_holds_it_and_writes_nothing(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    original = card.read_bytes()
    (vault / ".netnotes/cache").mkdir(parents=True, exist_ok=True)
    code = ("import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.write(fd, str(os.getpid()).encode()); print('locked', flush=True); time.sleep(30)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(vault / ".netnotes/cache/write.lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = run_netnotes(["log", "Ben Carter", "call: hello"], vault=vault, env={"NETNOTES_LOCK_TIMEOUT": "0.5"})
        assert done.returncode == 75
        assert f"(process {holder.pid})" in one_line_error(done.stderr)
        assert card.read_bytes() == original
    finally:
        holder.kill()
        holder.wait()
    again = run_netnotes(["log", "Ben Carter", "call: hello"], vault=vault)  # the lock died with its holder
    assert again.returncode == 0, again.stderr


def test_a_card_saved_a_moment_ago_is_read_once_it_is_quiet(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    text = card.read_text(encoding="utf-8")
    card.write_text(text + "\nA line saved just now.\n", encoding="utf-8")
    started = time.monotonic()
    done = run_netnotes(["log", "Ben Carter", "call: hello"], vault=vault)
    assert done.returncode == 0, done.stderr
    assert "A line saved just now." in card.read_text(encoding="utf-8")
    assert time.monotonic() >= started  # (no bound on time: machines are noisy)
