"""Writing files so that nothing is ever half-written or silently clobbered."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from netnotes.base.errors import NetnotesError

TEMP_SUFFIX = ".netnotes-tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + r"$")


class ChangedOnDisk(Exception):
    """The file changed on disk after it was read; nothing was written."""


class OutsideVault(NetnotesError):
    """A write would land outside the vault (through a symlink planted in it)."""


def vault_root_of(path: Path) -> Path | None:
    """The vault a path belongs to: the nearest folder above it with ``.netnotes/``."""
    for parent in Path(os.path.abspath(path)).parents:
        if (parent / ".netnotes").is_dir():
            return parent
    return None


def check_inside(path: Path) -> Path:
    """Where a write to ``path`` really lands (symlinks resolved), refused with OutsideVault if
    that is outside the vault the path is in: a link shared through git, Syncthing or a zip
    must never make netnotes overwrite a file elsewhere. A path in no vault is taken as is."""
    real = Path(os.path.realpath(path))
    root = vault_root_of(path)
    if root is None:
        return real
    inside = os.path.realpath(root)
    if os.path.commonpath([inside, str(real)]) != inside:
        shown = os.path.relpath(os.path.abspath(path), root)
        raise OutsideVault(f"{shown} leads outside the vault (to {real}) through a symbolic link; "
                           "netnotes writes only inside the vault",
                           "remove the link, or replace it with a real file or folder")
    return real


def atomic_write(path: Path, data: bytes, mode: int | None = None, expected: bytes | None = None,
                 identity: tuple | None = None, keep: bool = False) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync, then rename.

    A crash leaves either the old file or the new one, never a mix (leftover temp files are
    removed by the next write in that folder). Writes through a symlink land on its target;
    the file keeps its mode; a write that would leave the vault that way is refused
    (``check_inside``). With ``expected``, the file must still hold exactly those bytes
    just before the rename, else ChangedOnDisk is raised and nothing changes; with
    ``identity`` (inode, size, mtime in ns, when it was read) its stat must match too, which
    also catches a same-size rewrite in progress. With ``keep`` the previous bytes go into
    the vault's undo history first (``netnotes.vault.history``): every edit of a card."""
    path = check_inside(path)
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
        current = _current(path) if expected is not None or keep else None
        if expected is not None and current != expected:
            raise ChangedOnDisk(str(path))
        token = None
        if keep:
            from netnotes.vault import history

            token = history.record(path, current, data)
        ino = os.stat(tmp).st_ino
        try:
            os.replace(tmp, path)
        except BaseException:
            # forgotten only if it did not land: a Ctrl-C can arrive just after the rename
            if keep and not _is_file(path, ino):
                history.forget(token)
            raise
    except BaseException:
        _discard(tmp)
        raise
    _fsync_dir(path.parent)
    if keep:
        history.written(token)


def create_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, atomically, failing with FileExistsError if it exists."""
    check_inside(path)
    path = Path(os.path.abspath(path))
    from netnotes.vault import history

    tmp = _temp_copy(path, data, 0o666 & ~_umask())
    token = None
    try:
        token = history.record(path, None, data) if not path.exists() else None
        os.link(tmp, path)  # never replaces an existing file
    except BaseException:
        # forgotten only if it did not land: a Ctrl-C can arrive just after the link, and the
        # card it made must then be put back with the rest of the change
        if not _is_file(path, os.stat(tmp).st_ino):
            history.forget(token)
        raise
    finally:
        _discard(tmp)
    _fsync_dir(path.parent)
    history.written(token)


def _is_file(path: Path, ino: int) -> bool:
    """``path`` is the file with inode ``ino`` (our temp file, renamed or linked there)."""
    try:
        return os.stat(path).st_ino == ino
    except OSError:
        return False


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
