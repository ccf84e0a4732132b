"""Files netnotes must not read: a FIFO where a settings file or a card should be never blocks a
command, and a card larger than netnotes reads is refused for edits as the index refuses it."""

from __future__ import annotations

import os

import pytest

from conftest import copy_sample, one_line_error, run_netnotes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
@pytest.mark.parametrize("rel", [".obsidian/app.json", ".obsidian/daily-notes.json"])
def test_a_fifo_in_obsidian_settings_never_blocks_a_command(tmp_path, rel):
    vault = copy_sample(tmp_path / "v")
    (vault / ".obsidian").mkdir(exist_ok=True)
    (vault / rel).unlink(missing_ok=True)
    os.mkfifo(vault / rel)
    for args in (["list"], ["validate"], ["show", "Ben Carter"], ["log", "Ben Carter", "call: hi"]):
        done = run_netnotes(args, vault=vault, timeout=120)  # a blocked read would time out here
        assert done.returncode in (0, 1), (args, done.stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_card_replaced_by_a_fifo_is_not_read_by_an_edit(tmp_path):
    from netnotes.base.files import NotRegular, read_regular

    os.mkfifo(tmp_path / "Card.md")
    with pytest.raises(NotRegular):
        read_regular(tmp_path / "Card.md")


def test_log_refuses_a_card_larger_than_netnotes_reads(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / "People/Ben Carter.md"
    big = card.read_bytes() + b"\n" + (b"x" * 1023 + b"\n") * (9 * 1024)
    card.write_bytes(big)
    os.utime(card, (1_700_000_000, 1_700_000_000))
    done = run_netnotes(["log", "Ben Carter", "call: hi"], vault=vault)
    assert done.returncode == 4, done.stderr
    assert "larger than the 8 MiB netnotes reads" in one_line_error(done.stderr)
    assert card.read_bytes() == big


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_review_page_is_an_error_not_a_hang(tmp_path):
    vault = copy_sample(tmp_path / "v")
    page = vault / "Reviews/2026-W47.md"
    page.unlink()
    os.mkfifo(page)
    done = run_netnotes(["report", "--today", "2026-11-20"], vault=vault, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in one_line_error(done.stderr)
    older = vault / "Reviews/2026-W46.md"
    os.mkfifo(older)  # an older page that is a FIFO: its ticks are skipped with a warning
    page.unlink()
    done = run_netnotes(["report", "--today", "2026-11-20"], vault=vault, timeout=120)
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
