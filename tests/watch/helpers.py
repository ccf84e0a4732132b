"""What the watch tests share: a real watcher on a real temporary vault, editors' ways of
saving a file, and the one-shot `netnotes report` its pages must equal.

Vaults come from conftest (``write_vault``, ``copy_sample``). Every watcher runs with a fixed
``today`` (conftest's TODAY) and a short debounce.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from conftest import TODAY, run_ok
from netnotes.watch.watcher import Cycle, WatchOptions, Watcher

WEEK = "2026-W47"  # the week of TODAY
DEBOUNCE = 0.15
TIMEOUT = 30.0  # generous: a slow machine must never fail a test, only make it slower

CONFIG = """\
[tiers]
A = "3w"
B = "2m"
C = "6m"
"""


def contact(name: str, tier: str, *log: str, met: str = "2026-01-10") -> str:
    """A contact card whose log lines are given without their leading dash."""
    text = f"---\ntier: {tier}\nmet: {met}\ncompany: {name} Ltd\n---\n## Log\n"
    return text + "".join(f"- {line}\n" for line in log)


def oneshot(root: Path, fmt: str = "md") -> str:
    """``netnotes report --format FMT --out - --today 2026-11-20`` on the same files."""
    return run_ok(["report", "--format", fmt, "--out", "-"], root, today=TODAY).stdout


def wait_for(predicate: Callable[[], bool], timeout: float = TIMEOUT, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.02)


@dataclass
class Run:
    """A started watcher, the cycles it emitted, and the vault it watches."""

    watcher: Watcher
    cycles: list[Cycle]
    root: Path
    settle: float

    def idle(self) -> None:
        assert self.watcher.wait_idle(TIMEOUT, self.settle), "the watcher never went quiet"

    def after(self, edit: Callable[[], object]) -> list[Cycle]:
        """Make an edit, wait for the re-read it causes and for quiet; the cycles it caused.

        ``wait_idle`` alone cannot know of an event not yet delivered, so first wait for
        a new cycle to start."""
        before = len(self.cycles)
        cycles_before = self.watcher.cycles
        edit()
        wait_for(lambda: self.watcher.cycles > cycles_before, what="a cycle after the edit")
        self.idle()
        wait_for(lambda: len(self.cycles) == self.watcher.cycles, what="the cycle to be emitted")
        return self.cycles[before:]

    def quiet_for(self, seconds: float) -> None:
        """Let time pass with no edits (any event would have arrived and been handled)."""
        time.sleep(seconds)
        self.idle()

    def page(self, fmt: str = "md") -> str:
        return (self.root / "Reviews" / f"{WEEK}.{fmt}").read_bytes().decode("utf-8")

    def assert_reports_match(self) -> str:
        """Each page the watcher writes equals a one-shot report of the same files (the
        watcher's pages hold no user edits, so the merged page is the fresh render).
        Returns the Markdown page."""
        for fmt in self.watcher.options.formats:
            assert self.page(fmt) == oneshot(self.root, fmt), f"the watcher's {fmt} review is stale"
        return self.page("md")

    def problems(self) -> set[tuple[str, str]]:
        """(path, code) of the problems the watcher currently knows of."""
        return {(d.path, d.code) for d in self.watcher.diags.values()}


@contextmanager
def watching(root: Path, formats: tuple[str, ...] = ("md",), poll: bool = False,
             observer_factory: Callable[[], object] | None = None,
             debounce: float = DEBOUNCE) -> Iterator[Run]:
    """A started watcher on ``root``, past its first render; stopped on the way out."""
    cycles: list[Cycle] = []
    options = WatchOptions(formats=formats, poll=poll, debounce=debounce, retry_delay=0.1, today=TODAY)
    watcher = Watcher(str(root), options, emit=cycles.append, observer_factory=observer_factory)
    # a polling observer looks every 0.5 s: quiet must last longer than that
    run = Run(watcher, cycles, root, settle=1.2 if poll else max(4 * debounce, 0.6))
    watcher.start()
    try:
        wait_for(lambda: watcher.cycles >= 1, what="the first cycle")
        run.idle()
        assert cycles and not cycles[0].errors, cycles
        yield run
    finally:
        watcher.stop()


# ---- how editors save -----------------------------------------------------------------
def collect(stream, lines: list[str]):
    """A thread that appends each line a real process prints to ``lines``, as it comes."""
    import threading

    def read() -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` for a watch started as a terminal's foreground job: a shell starts
    background jobs with SIGINT ignored, and a child inherits that; a terminal's foreground
    process has the default, which Python turns into KeyboardInterrupt."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(proc, readers=()) -> int:
    """Ctrl-C a real `netnotes watch` as a terminal would, wait for it (killing it if it does
    not stop within 20 s), let its output readers finish; its exit status."""
    import signal
    import subprocess

    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    for reader in readers:
        reader.join(timeout=5)
    return code


def create(path: Path, text: str) -> None:
    """A new file that appears whole: written beside it under a dot-name, then renamed."""
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def vim_save(path: Path, text: str) -> None:
    """vim with ``backupcopy=auto``: probe the folder with ``4913``, rename the card to its
    ``~`` backup, write a new file, delete the backup."""
    probe = path.parent / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    backup.unlink()


def jetbrains_save(path: Path, text: str) -> None:
    """IntelliJ's "safe write": write a temp file, move the card aside, move the temp in,
    delete the old one."""
    tmp = path.with_name(path.name + "___jb_tmp___")
    old = path.with_name(path.name + "___jb_old___")
    tmp.write_bytes(text.encode("utf-8"))
    os.rename(path, old)
    os.rename(tmp, path)
    old.unlink()


def truncate_then_write(path: Path, text: str, pause: float = 0.05) -> None:
    """Save in place: truncate, write half, flush, pause, write the rest."""
    half = len(text) // 2
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:half])
        f.flush()
        time.sleep(pause)
        f.write(text[half:])
        f.flush()
