"""``netnotes watch``: keep validation and reports fresh while cards are edited anywhere.

As MkDocs does it: every file event counts the same and marks the vault dirty; after a short
quiet period the vault is re-read from disk (a stat walk; only changed files are parsed), so
editors' atomic saves (write a temp file, rename it over the card) just work. Editor litter,
dot-folders and the files the watcher itself writes are ignored, so a render never triggers
another one. Errors are reported and the loop goes on.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from netnotes.base.diagnostics import Diagnostic, applicable
from netnotes.base.errors import NetnotesError

# vim's 4913 probe and swap files, ~ backups, JetBrains safe-write files, emacs locks and
# autosaves, macOS metadata, generic temp files
_LITTER = re.compile(r"(^4913$|\.sw[a-p]x?$|~$|___jb_(tmp|old)___$|^\.#|^#.*#$|^\.DS_Store$"
                     r"|\.tmp$|\.crswap$|\.netnotes-tmp$)")
CONFIG_FILES = (".netnotes/config.toml", ".obsidian/app.json", ".obsidian/daily-notes.json")


def changed_rel(root: str, path: str) -> str | None:
    """The vault path of a change that may change what netnotes shows: a note, a folder, or
    the config (dot-folders, the index among them, and editors' litter never do); else None.
    ``watch`` and ``serve`` both ask this."""
    if not path:
        return None
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    if rel.startswith(".."):
        return None
    if rel in CONFIG_FILES:
        return rel
    parts = rel.split("/")
    if any(p.startswith(".") for p in parts) or _LITTER.search(parts[-1]):
        return None
    return rel if rel.lower().endswith(".md") or "." not in parts[-1] else None
INOTIFY_HINT = ("raise the limit: echo fs.inotify.max_user_watches=524288 | "
                "sudo tee /etc/sysctl.d/90-netnotes.conf && sudo sysctl --system")


@dataclass
class WatchOptions:
    formats: tuple[str, ...] = ("md",)
    poll: bool = False
    debounce: float = 0.25
    retry_delay: float = 0.25
    today: dt.date | None = None


@dataclass
class Cycle:
    """What one re-read of the vault did."""

    when: dt.datetime
    summary: str = ""
    appeared: list[Diagnostic] = field(default_factory=list)
    cleared: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)  # ticks recorded on cards ("People/Ann.md: ...")
    warnings: list[str] = field(default_factory=list)  # ticks that could not be recorded
    rendered: int = 0
    errors: list[str] = field(default_factory=list)


def _diag_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.code, d.message)


class Watcher:
    """Owns the vault state between bursts of edits. ``cycle()`` is one re-read and render;
    ``start()``/``stop()`` run it on file events in a background thread."""

    def __init__(self, vault_arg: str | None, options: WatchOptions,
                 emit: Callable[[Cycle], None] = lambda c: None,
                 observer_factory: Callable[[], object] | None = None) -> None:
        from netnotes.vault.handle import open_vault

        self.vault_arg = vault_arg
        self.options = options
        self.emit = emit
        self.vault = open_vault(vault_arg)
        self.root = str(self.vault.root)
        self.index = None
        self.note_count = 0
        self.diags: dict[tuple, Diagnostic] = {}
        self.outputs: set[str] = set()
        self._own: dict[str, bytes] = {}  # files this watcher wrote -> their bytes then
        self._writing = threading.Event()  # set while it writes: events on its outputs are its own
        self.config_stamp = self._config_stamp()
        self.renders = 0
        self.cycles = 0
        self.events = 0
        self.notices: list[str] = []
        self._watch_notices: list[str] = []  # about the observer: kept, unlike the index's per cycle
        self._observer_factory = observer_factory
        self._observer = None
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._last_event = 0.0
        self._last_cycle_end = 0.0
        self._thread: threading.Thread | None = None

    # ---- one cycle --------------------------------------------------------------------
    def _config_stamp(self) -> tuple:
        out = []
        for rel in CONFIG_FILES:
            try:
                st = os.stat(os.path.join(self.root, rel))
                out.append((rel, st.st_size, st.st_mtime_ns))
            except OSError:
                out.append((rel, None, None))
        return tuple(out)

    def _reload_config(self, cycle: Cycle) -> None:
        stamp = self._config_stamp()
        if stamp == self.config_stamp:
            return
        self.config_stamp = stamp
        from netnotes.vault.handle import open_vault

        try:
            self.vault = open_vault(self.vault_arg)
        except NetnotesError as e:
            cycle.errors.append(f"config not reloaded, keeping the previous one: {e}")
            for d in getattr(e, "diagnostics", []):
                cycle.errors.append(f"  {d.path}:{d.line}:{d.col}: {d.message}")
            return
        cycle.summary = "config reloaded; "
        if self.index is not None:
            self.index.close()
            self.index = None

    def _sync(self):
        """Sync the shared index (only what changed is parsed); nothing of the vault is kept
        in memory between cycles: every report is a query over the index."""
        from netnotes.index.cache import open_index

        if self.index is None:
            self.index = open_index(self.vault)
            result = self.index.sync()
            self._count()
            return result, True
        result = self.index.sync()
        self._count()
        return result, result.rebuilt

    def _count(self) -> None:
        self.note_count = self.index.conn.execute("SELECT count(*) FROM notes").fetchone()[0]

    def _looks_unfinished(self, rels: list[str]) -> bool:
        """An emptied file or a changed one that no longer parses: maybe a save under way."""
        for rel in rels:
            try:
                if os.path.getsize(os.path.join(self.root, rel)) == 0:
                    return True
            except OSError:
                pass
        from netnotes.base.diagnostics import RULES, Severity

        errors = tuple(code for code, rule in RULES.items() if rule.severity is Severity.ERROR)
        marks, codes = ",".join("?" * len(rels)), ",".join("?" * len(errors))
        found = self.index.conn.execute(
            f"SELECT 1 FROM diagnostics d JOIN notes n ON n.id = d.note_id WHERE n.path IN ({marks})"
            f" AND d.code IN ({codes}) LIMIT 1", (*(os.fsencode(r) for r in rels), *errors)).fetchone()
        return found is not None

    def cycle(self) -> Cycle:
        """Re-read the vault from disk, report diagnostics that appeared or cleared, and render
        the reports, writing each file only when its bytes change."""
        cycle = Cycle(dt.datetime.now().replace(microsecond=0))
        self.cycles += 1
        try:
            self._reload_config(cycle)
            result, full = self._sync()
            if not full and result.changed and self._looks_unfinished(result.changed):
                time.sleep(self.options.retry_delay)  # a save may still be under way: look once more
                again, _ = self._sync()
                result.changed = sorted(set(result.changed) | set(again.changed))
                result.gone = sorted(set(result.gone) | set(again.gone))
            self.notices = self._watch_notices + list(result.notices)
            cycle.summary += (f"{len(result.changed)} changed, {len(result.gone)} removed"
                              if not full else f"indexed {self.note_count} notes")
            session = self._session(result)
            self._diff_diagnostics(session, cycle)
            self._render(session, cycle)
        except NetnotesError as e:
            cycle.errors.append(str(e))
        except Exception as e:  # the loop must go on; say what happened in one line
            cycle.errors.append(f"{type(e).__name__}: {e}")
        self.emit(cycle)
        return cycle

    def _session(self, result):
        from netnotes.index.session import Session

        return Session(self.vault, None, self.index, result, with_body=False)

    def _diff_diagnostics(self, session, cycle: Cycle) -> None:
        now = {_diag_key(d): d for d in applicable(session.diagnostics, strict=False)}
        cycle.appeared = [d for k, d in sorted(now.items()) if k not in self.diags]
        cycle.cleared = [d for k, d in sorted(self.diags.items()) if k not in now]
        self.diags = now

    def _render(self, session, cycle: Cycle) -> None:
        """Record the ticks of the review pages, then write the week's review (``edit.review_loop``,
        as ``netnotes report`` does). What it writes is remembered byte for byte, so that its
        own writes trigger nothing while a user's save of the same page (a tick) does."""
        from netnotes.edit.review_loop import run_review
        from netnotes.render.publish import default_path
        from netnotes.reports.weekly import Week

        today = self.options.today or dt.date.today()
        week = Week.of(today)
        for fmt in self.options.formats:
            # known before it is first written, so that its own events are ignored
            self.outputs.add(os.path.abspath(default_path(session, week, fmt)))
        self._writing.set()
        run = None
        try:
            run = run_review(session, week, today, self.options.formats)
        finally:
            if run is not None:
                for path in self._written_by(run):
                    self._remember(path)
            self._writing.clear()
        wrote = [p for p in run.published if p.written]
        self.renders += len(run.published)
        cycle.rendered += len(run.published)
        cycle.recorded.extend(run.ticks.recorded)
        cycle.warnings.extend(run.ticks.warnings)
        cycle.written.extend(p.path for p in wrote)
        cycle.written.extend(p for p, _ in run.superseded)

    @staticmethod
    def _written_by(run) -> list[Path]:
        return [*(e.path for e in run.ticks.edits), *(p.path for p in run.published if p.written),
                *(path for path, _ in run.superseded)]

    def _remember(self, path) -> None:
        try:
            self._own[os.path.abspath(path)] = Path(path).read_bytes()
        except OSError:
            self._own.pop(os.path.abspath(path), None)

    def _is_own(self, path: str) -> bool:
        """A file this watcher wrote that still holds exactly what it wrote."""
        full = os.path.abspath(path)
        if full in self.outputs and self._writing.is_set():
            return True
        known = self._own.get(full)
        if known is None:
            return False
        try:
            return Path(full).read_bytes() == known
        except OSError:
            return False

    # ---- events -----------------------------------------------------------------------
    def relevant(self, path: str) -> bool:
        """Is a change at this absolute path worth a re-read?"""
        if not path:
            return False
        if self._is_own(path):
            return False  # our own writes (a page the user saved since is not ours any more)
        if os.path.abspath(path) in self.outputs and not os.path.exists(path):
            return False  # a temporary name of our own write, or the page removed: nothing to read
        return changed_rel(self.root, path) is not None

    def notify(self, event) -> None:
        if getattr(event, "event_type", "") in ("opened", "closed", "closed_no_write"):
            return
        if getattr(event, "is_directory", False) and event.event_type == "modified":
            return
        if getattr(event, "is_directory", False) and event.event_type == "created":
            folder = os.path.abspath(os.fsdecode(event.src_path)) + os.sep
            if any(out.startswith(folder) for out in self.outputs):
                return  # the review folder made for our own first write
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        if any(self.relevant(os.fsdecode(p)) for p in paths if p):
            self.events += 1
            self._last_event = time.monotonic()
            self._idle.clear()
            self._dirty.set()

    def _make_observer(self, poll: bool):
        if poll:
            from watchdog.observers.polling import PollingObserver

            observer = PollingObserver(timeout=0.5)
        elif self._observer_factory is not None:
            observer = self._observer_factory()
        else:
            from watchdog.observers import Observer

            observer = Observer()
        observer.schedule(_handler_for(self), self.root, recursive=True)
        return observer

    def start(self) -> None:
        """Start watching, then index and render once, in a background thread."""
        observer = self._make_observer(self.options.poll)
        try:
            observer.start()
        except OSError as e:
            if e.errno not in (errno.ENOSPC, errno.EMFILE):
                raise NetnotesError(f"cannot watch {self.root}: {e.strerror}") from None
            self._watch_notices.append(f"notice: the inotify watch limit is reached; polling instead ({INOTIFY_HINT})")
            self.notices = list(self._watch_notices)
            observer = self._make_observer(poll=True)
            observer.start()
        self._observer = observer
        self._dirty.set()  # the first cycle
        self._thread = threading.Thread(target=self._loop, name="netnotes-watch", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._dirty.wait(0.1):
                self._idle.set()
                continue
            # wait for a quiet period: a burst of saves becomes one re-read
            while not self._stop.is_set():
                quiet = time.monotonic() - self._last_event
                if quiet >= self.options.debounce:
                    break
                time.sleep(self.options.debounce - quiet)
            if self._stop.is_set():
                break
            self._dirty.clear()
            self.cycle()
            self._last_cycle_end = time.monotonic()
            if not self._dirty.is_set():
                self._idle.set()
        if self.index is not None:  # SQLite connections belong to the thread that made them
            self.index.close()
            self.index = None

    def wait_idle(self, timeout: float = 15.0, settle: float | None = None) -> bool:
        """Block until nothing happened for ``settle`` seconds: no event pending, no re-read
        under way (for tests and scripts). False on timeout."""
        settle = settle if settle is not None else max(2 * self.options.debounce, 0.6)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = not self._idle.is_set() or self._dirty.is_set()
            if not busy and time.monotonic() - max(self._last_event, self._last_cycle_end) >= settle:
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=10)


def _handler_for(watcher: Watcher):
    from watchdog.events import FileSystemEventHandler

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            watcher.notify(event)

    return Handler()
