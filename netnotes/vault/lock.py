"""One writer at a time per vault: an exclusive lock that every read-edit-write of a card holds.

Two ``netnotes log`` on one card at once would each read the card, append their entry and
rename their version over it: the last rename wins and the other entry is gone, though both
said "updated". The lock (``fcntl.flock`` on ``.netnotes/cache/write.lock``, released by the
kernel when a process dies) makes the second wait for the first. It is reentrant within a
process, so a command that edits two cards (``intro``) holds it across both.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from netnotes.base.errors import Busy
from netnotes.vault.atomic import vault_root_of

LOCK_NAME = "write.lock"
TIMEOUT = 15.0  # seconds a writer waits for another one before it gives up (NETNOTES_LOCK_TIMEOUT)

_held: dict[str, list] = {}  # lock file -> [fd, depth], within this process
_guard = threading.RLock()


@contextmanager
def writing(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of the vault ``path`` is in (none outside a vault)."""
    if timeout is None:
        try:
            timeout = float(os.environ.get("NETNOTES_LOCK_TIMEOUT", TIMEOUT))
        except ValueError:
            timeout = TIMEOUT
    root = vault_root_of(path)
    if root is None:
        yield
        return
    with vault_lock(root, timeout):
        yield


@contextmanager
def vault_lock(root: Path, timeout: float = TIMEOUT) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # no flock on this system: writes still check the bytes before renaming
        yield
        return
    folder = root / ".netnotes" / "cache"
    lock = os.path.realpath(folder / LOCK_NAME)  # one key however the vault's path is spelled
    with _guard:
        entry = _held.get(lock)
        if entry is not None:
            entry[1] += 1
    if entry is not None:
        try:
            yield
        finally:
            with _guard:
                entry[1] -= 1
        return
    fd = _open(folder, lock)
    if fd is None:  # a read-only vault: the write itself will fail and say so
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"another netnotes command{_holder(fd)} has been writing to this vault for "
                               f"{timeout:.0f} s; nothing was written",
                               "wait for it to finish, then run this command again") from None
                time.sleep(0.02)
        try:  # who holds it, for the message of a writer that waits too long
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # a full disk: the lock holds all the same
        with _guard:
            _held[lock] = [fd, 1]
        try:
            from netnotes.vault.history import recover

            recover(root)  # a writer that died mid-change is rolled back before anyone writes again
            yield
        finally:
            with _guard:
                del _held[lock]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _open(folder: Path, lock: str) -> int | None:
    from netnotes.vault.atomic import OutsideVault, check_inside

    try:
        check_inside(Path(lock))
    except OutsideVault:
        return None  # a linked cache folder: the write itself is refused and says why
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.path.islink(lock):
            os.unlink(lock)  # never follow a planted link out of the vault
        return os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError:
        return None


def _holder(fd: int) -> str:
    try:
        pid = int(os.pread(fd, 32, 0).decode().strip() or 0)
    except (OSError, ValueError):
        return ""
    return f" (process {pid})" if pid else ""
