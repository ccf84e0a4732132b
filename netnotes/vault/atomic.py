"""Writing files so that nothing is ever half-written or silently clobbered."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".netnotes-tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + r"$")


class ChangedOnDisk(Exception):
    """The file changed on disk after it was read; nothing was written."""


def atomic_write(path: Path, data: bytes, mode: int | None = None, expected: bytes | None = None,
                 identity: tuple | None = None) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync, then rename.

    A crash leaves either the old file or the new one, never a mix (leftover temp files are
    removed by the next write in that folder). Writes through a symlink land on its target;
    the file keeps its mode. With ``expected``, the file must still hold exactly those bytes
    just before the rename, else ChangedOnDisk is raised and nothing changes; with
    ``identity`` (inode, size, mtime in ns, when it was read) its stat must match too, which
    also catches a same-size rewrite in progress."""
    path = Path(os.path.realpath(path))
    remove_stale_temps(path.parent)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    tmp = _temp_copy(path, data, mode)
    try:
        if identity is not None and _identity(path) != identity:
            raise ChangedOnDisk(str(path))
        if expected is not None and _current(path) != expected:
            raise ChangedOnDisk(str(path))
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    _fsync_dir(path.parent)


def create_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, atomically, failing with FileExistsError if it exists."""
    path = Path(os.path.abspath(path))
    tmp = _temp_copy(path, data, 0o666 & ~_umask())
    try:
        os.link(tmp, path)  # never replaces an existing file
    finally:
        _discard(tmp)
    _fsync_dir(path.parent)


def _temp_copy(path: Path, data: bytes, mode: int) -> str:
    """``data`` in a new temp file beside ``path``, synced to disk, with ``mode``; its name
    carries our pid so that a leftover from a crash can be told from a live write."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(tmp: str) -> None:
    """Remove our temp file; one already gone is fine."""
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _identity(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def remove_stale_temps(folder: Path) -> int:
    """Remove temp files left by a netnotes process that died mid-write (its pid is gone)."""
    removed = 0
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        m = _TEMP.match(name)
        if not m or _alive(int(m.group(1))):
            continue
        try:
            os.unlink(folder / name)
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the bytes differ, so unchanged output keeps its mtime. True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
