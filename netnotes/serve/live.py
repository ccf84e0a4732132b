"""What keeps the open page live: a watchdog observer over the vault and a version number.

As ``netnotes watch`` does it (MkDocs' way): every relevant file event marks the vault dirty;
after a short quiet period the index is synced once from what is on disk, and when a note
changed (or the config did) the version goes up. The page's script polls ``/version`` and
fetches itself again when the number moves. The dashboard writes nothing of its own into the
vault (the index is under ``.netnotes/``, ignored), so an update never triggers another.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path
from typing import Callable

from netnotes.watch.watcher import CONFIG_FILES, changed_rel

IGNORED_EVENTS = ("opened", "closed", "closed_no_write")


class Live:
    """The version counter and the thread that moves it. ``refresh`` syncs the index, moves
    the version (``bump``) when the notes changed and says whether it did; it runs in this
    object's thread, after each burst."""

    def __init__(self, root: Path, refresh: Callable[[], bool], debounce: float = 0.15) -> None:
        self.root = str(root)
        self.refresh = refresh
        self.debounce = debounce
        self.polling = False  # the system's file events were not available
        self._version = 1
        self._lock = threading.Lock()
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._last_event = 0.0
        self._config = False  # the burst touched the config: every page may change
        self._observer = None
        self._thread: threading.Thread | None = None

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    def bump(self) -> int:
        with self._lock:
            self._version += 1
            return self._version

    def notify(self, event) -> None:
        kind = getattr(event, "event_type", "")
        if kind in IGNORED_EVENTS or (getattr(event, "is_directory", False) and kind == "modified"):
            return
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        found = [rel for rel in (changed_rel(self.root, os.fsdecode(p)) for p in paths if p) if rel is not None]
        if found:
            self._config |= any(rel in CONFIG_FILES for rel in found)
            self._last_event = time.monotonic()
            self._dirty.set()

    def start(self) -> None:
        observer = self._observer_for(poll=False)
        try:
            observer.start()
        except OSError as e:
            if e.errno not in (errno.ENOSPC, errno.EMFILE):
                raise
            observer = self._observer_for(poll=True)  # the inotify limit: poll instead
            observer.start()
            self.polling = True
        self._observer = observer
        self._thread = threading.Thread(target=self._loop, name="netnotes-serve-live", daemon=True)
        self._thread.start()

    def _observer_for(self, poll: bool):
        from watchdog.events import FileSystemEventHandler

        if poll:
            from watchdog.observers.polling import PollingObserver

            observer = PollingObserver(timeout=0.5)
        else:
            from watchdog.observers import Observer

            observer = Observer()
        live = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                live.notify(event)

        observer.schedule(Handler(), self.root, recursive=True)
        return observer

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._dirty.wait(0.1):
                continue
            while not self._stop.is_set():  # a burst of saves becomes one refresh
                quiet = time.monotonic() - self._last_event
                if quiet >= self.debounce:
                    break
                time.sleep(self.debounce - quiet)
            if self._stop.is_set():
                break
            self._dirty.clear()
            config, self._config = self._config, False
            try:
                moved = self.refresh()  # which moves the version itself when the notes changed
            except Exception:  # a broken config, say: the loop goes on, and the page, reloaded, says what
                moved = False
                config = True
            if config and not moved:  # every page may change with the config
                self.bump()

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=5)
