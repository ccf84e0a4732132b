"""The watch loop (netnotes.watch.watcher): a burst of edits is one re-read, the watcher's own writes and
editors' litter trigger nothing, a half-written card is looked at twice, the inotify limit
falls back to polling, and other netnotes commands syncing the same index miss nothing."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

from watchdog.observers import Observer

from conftest import TODAY, copy_sample, write_vault
from netnotes.render.review_page import merge
from netnotes.watch.watcher import WatchOptions, Watcher

from .helpers import CONFIG, WEEK, append, contact, oneshot, vim_save, watching

MARIE = "People/Marie Tremblay.md"
CALL = "- 2026-11-19 call: caught up at last; she wants to meet restaurant owners.\n"


def fifty_cards(root: Path) -> Path:
    return write_vault(root, {f"People/Person {i:02}.md": contact(f"Person {i:02}", "ABC"[i % 3],
                                                                  "2026-06-01 call: first call.")
                              for i in range(50)}, CONFIG)


def test_a_burst_of_200_edits_is_rendered_a_few_times_not_in_a_loop(tmp_path):
    vault = fifty_cards(tmp_path / "vault")
    cards = sorted((vault / "People").iterdir())

    def burst() -> None:
        for i in range(200):
            append(cards[i % 50], f"- 2026-11-{16 + i % 5} call: edit number {i}.\n")

    # a longer quiet period than elsewhere: a loaded machine may pause mid-burst
    with watching(vault, formats=("md", "html"), debounce=0.3) as run:
        assert run.watcher.renders == 2, "the first cycle renders each format once"
        run.after(burst)
        renders = run.watcher.renders
        assert renders <= 10, f"{renders} renders for one burst of edits"

        run.quiet_for(1.0)
        assert run.watcher.renders == renders, "rendered again with no edits: a render loop"
        page = run.assert_reports_match()
        assert all(f"edit number {i}." in page for i in range(200))


def test_the_watchers_own_writes_trigger_nothing_and_a_tick_is_recorded_once(tmp_path):
    vault = copy_sample(tmp_path / "vault")
    review = vault / "Reviews" / f"{WEEK}.md"
    review.unlink()  # the first render creates the page: that write must not count either
    with watching(vault, formats=("md", "html")) as run:
        assert (run.watcher.cycles, run.watcher.renders) == (1, 2)
        run.quiet_for(1.0)
        assert (run.watcher.cycles, run.watcher.renders, run.watcher.events) == (1, 2, 0)
        run.assert_reports_match()

        # the user ticks a task on the review page, as an editor saves it: the tick is recorded
        page = review.read_text(encoding="utf-8")
        ticked = page.replace("- [ ] [[Mike Sullivan]]", "- [x] [[Mike Sullivan]]", 1)
        assert ticked != page
        cycles = run.after(lambda: vim_save(review, ticked))
        recorded = [line for c in cycles for line in c.recorded]
        assert len(recorded) == 1 and "Mike Sullivan.md: 2026-11-20 note: followed up" in recorded[0]
        run.quiet_for(1.0)
        settled = run.watcher.cycles
        run.quiet_for(1.0)
        assert run.watcher.cycles == settled, "its own writes started a loop"
        mike = (vault / "People" / "Mike Sullivan.md").read_text(encoding="utf-8")
        assert mike.count("followed up (ticked in [[2026-W47]])") == 1
        page = review.read_text(encoding="utf-8")
        assert "- [x] [[Mike Sullivan]]" in page
        assert merge(page, oneshot(vault)) == page, "the page is the fresh review plus the tick"

        # the next edit re-renders and keeps the tick
        run.after(lambda: append(vault / MARIE, CALL))
        page = review.read_text(encoding="utf-8")
        assert "- [x] [[Mike Sullivan]]" in page and "caught up at last" in page
        assert page == merge(page, oneshot(vault))
        assert (vault / "Reviews" / f"{WEEK}.html").read_text(encoding="utf-8") == oneshot(vault, "html")


def test_editor_litter_and_dot_folders_trigger_nothing(tmp_path):
    vault = copy_sample(tmp_path / "vault")
    people = vault / "People"
    with watching(vault) as run:
        for name in (".Marie Tremblay.md.swp", ".Marie Tremblay.md.swx", "4913", "Marie Tremblay.md~",
                     ".DS_Store", "Marie Tremblay.md___jb_tmp___", "Marie Tremblay.md___jb_old___",
                     "#Marie Tremblay.md#", "notes.tmp"):
            (people / name).write_text("litter\n", encoding="utf-8")
        os.symlink("user@host.1234:1700000000", people / ".#Marie Tremblay.md")  # an emacs lock
        (people / "4913").unlink()
        os.rename(people / "Marie Tremblay.md~", people / "Marie Tremblay.md.~1~")
        (vault / ".obsidian" / "workspace.json").write_text('{"active": "x"}\n', encoding="utf-8")
        (vault / ".git" / "objects" / "ab").mkdir(parents=True)
        (vault / ".git" / "objects" / "ab" / "cdef0123").write_bytes(b"x")
        (vault / ".git" / "index").write_bytes(b"DIRC")
        (vault / ".trash").mkdir()
        (vault / ".trash" / "Old card.md").write_text("---\ntier: A\n---\n", encoding="utf-8")
        (vault / ".netnotes" / "cache" / "junk.md").write_text("x\n", encoding="utf-8")
        run.quiet_for(1.0)
        assert (run.watcher.events, run.watcher.cycles) == (0, 1)

        # and the watcher still hears real edits
        run.after(lambda: append(vault / MARIE, CALL))
        assert "caught up at last" in run.assert_reports_match()


def test_a_half_written_card_is_read_again_before_it_is_reported(tmp_path):
    """The first re-read finds the card empty (a save under way); the retry finds it whole,
    so no problem is ever reported for it."""
    vault = write_vault(tmp_path / "vault", {"People/Ann Lee.md": contact("Ann Lee", "A", "2026-11-02 call: hi.")},
                        CONFIG)
    card = vault / "People" / "Ann Lee.md"
    whole = contact("Ann Lee", "A", "2026-11-02 call: hi.", "2026-11-19 coffee: caught up.")
    cycles = []
    watcher = Watcher(str(vault), WatchOptions(debounce=0.1, retry_delay=1.0, today=TODAY), emit=cycles.append)
    try:
        watcher.cycle()
        card.write_bytes(b"")  # the editor truncated the card and is still writing
        writer = threading.Timer(0.15, lambda: card.write_text(whole, encoding="utf-8"))
        writer.start()
        cycle = watcher.cycle()
        writer.join()
        assert cycle.errors == [] and cycle.appeared == []
        assert "caught up" in (vault / "Reviews" / f"{WEEK}.md").read_text(encoding="utf-8")
        assert (vault / "Reviews" / f"{WEEK}.md").read_text(encoding="utf-8") == oneshot(vault)
    finally:
        watcher.index.close()


class FullInotify(Observer):
    """A native observer whose start fails as inotify does when the watch limit is reached."""

    def start(self) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_the_inotify_limit_falls_back_to_polling(tmp_path):
    vault = copy_sample(tmp_path / "vault")
    with watching(vault, observer_factory=FullInotify) as run:
        notices = [n for n in run.watcher.notices if "inotify" in n]
        assert len(notices) == 1, run.watcher.notices
        assert "polling" in notices[0] and "max_user_watches" in notices[0] and "sysctl" in notices[0]

        run.after(lambda: append(vault / MARIE, CALL))
        assert "caught up at last" in run.assert_reports_match()
        assert any("inotify" in n for n in run.watcher.notices), "the notice outlives the first cycles"


def test_another_command_syncing_the_index_first_is_not_missed(tmp_path):
    """`netnotes log` or `netnotes report` run in another terminal may sync the shared index
    between a save and the watcher's re-read; the watcher must still see the change."""
    vault = copy_sample(tmp_path / "vault")
    cycles = []
    watcher = Watcher(str(vault), WatchOptions(today=TODAY), emit=cycles.append)
    try:
        watcher.cycle()
        append(vault / MARIE, CALL)
        fresh = oneshot(vault)  # syncs .netnotes/cache/index.sqlite before the watcher does
        assert "caught up at last" in fresh
        cycle = watcher.cycle()
        assert cycle.errors == []
        assert (vault / "Reviews" / f"{WEEK}.md").read_text(encoding="utf-8") == fresh

        (vault / MARIE).unlink()
        fresh = oneshot(vault)
        watcher.cycle()
        assert (vault / "Reviews" / f"{WEEK}.md").read_text(encoding="utf-8") == fresh
    finally:
        watcher.index.close()


def test_stop_ends_the_loop_and_releases_the_index(tmp_path):
    vault = write_vault(tmp_path / "vault", {"People/Ann Lee.md": contact("Ann Lee", "A")}, CONFIG)
    with watching(vault) as run:
        assert "netnotes-watch" in [t.name for t in threading.enumerate()]
    assert "netnotes-watch" not in [t.name for t in threading.enumerate()]
    assert run.watcher.index is None, "the index is closed"
    before = run.watcher.cycles
    append(vault / "People" / "Ann Lee.md", "- 2026-11-19 call: after stop.\n")
    time.sleep(0.5)
    assert run.watcher.cycles == before
