"""Every change netnotes makes to a file of the vault, kept so that it can be undone, and so
that a command that writes several files either finishes or is rolled back.

Before a file is replaced or created, its previous bytes go into the open *change*: a folder
``.netnotes/undo/<id>/`` holding ``change.json`` and one ``N.before`` file per path. A change
is opened by the command (``change(root, "intro A B")``) or, for a lone write, by the write
itself. It is the journal too:

- the command ends normally: the change is marked ``done`` (``netnotes undo`` can restore it);
- it raises, or the user presses Ctrl-C: each file it wrote is put back (only if it still holds
  what netnotes wrote), and the user is told; the change then leaves no record (it never
  happened: ``undo --list`` does not show it), unless a file had changed since netnotes wrote
  it and stays as it is now: then the change is kept, marked ``rolled back``, with the bytes
  that file held before;
- the process dies (SIGKILL, power cut): the change stays ``open``; the next writer, holding
  the vault's write lock, finds it and rolls it back the same way (``recover``): a command's
  several files are all written or none. A lone write (one file, in no command's change) whose
  file holds what it wrote reached the disk whole: it is kept, marked ``done`` (undoable).

Changes are kept for ``KEEP_DAYS`` days, at most ``KEEP_MAX`` of them. The folder ignores
itself for git, as the cache does.

A file name need not be UTF-8 (Python holds its undecodable bytes as lone surrogates, as
``os.fsdecode`` gives them): ``change.json`` is written as UTF-8 with those code units as JSON
``\\udcXX`` escapes (``base.text.utf8_safe``), which ``json.loads`` reads back as the same
string, so the path is found again byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from netnotes.base.errors import NetnotesError
from netnotes.base.text import utf8_safe

UNDO_DIR = (".netnotes", "undo")
KEEP_DAYS = 30
KEEP_MAX = 200
NOTICES: list[str] = []  # what recovery did, for the CLI to print

_open: dict[str, "Change"] = {}  # vault root -> the change this process has open
_guard = threading.RLock()


def _hash(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


@dataclass
class FileChange:
    rel: str
    before: str | None  # sha256 of the previous bytes (None: the file was new)
    after: str | None  # sha256 of what netnotes writes (GONE: it removes the file)


GONE = "removed"


def _holds(now: bytes | None, digest: str | None) -> bool:
    """Does the file (its bytes, None if absent) hold what this digest says was written?"""
    return now is None if digest == GONE else digest is not None and _hash(now) == digest


class Change:
    """One command's writes, recorded as they happen (``change.json`` is rewritten
    atomically after each step, so a crash leaves it readable)."""

    def __init__(self, root: Path, folder: Path, command: str, state: str = "open",
                 files: list[FileChange] | None = None, started: str = "", pid: int = 0) -> None:
        self.root, self.folder, self.command, self.state = root, folder, command, state
        self.files = files or []
        self.started = started or dt.datetime.now().isoformat(timespec="seconds")
        self.pid = pid or os.getpid()

    @property
    def id(self) -> str:
        return self.folder.name

    def save(self) -> None:
        data = {"command": self.command, "state": self.state, "started": self.started, "pid": self.pid,
                "files": [[f.rel, f.before, f.after] for f in self.files]}
        text = utf8_safe(json.dumps(data, ensure_ascii=False))  # a non-UTF-8 file name: escaped, lossless
        tmp = self.folder / "change.json.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.folder / "change.json")
        except BaseException:
            _unlink(tmp)
            raise

    @classmethod
    def load(cls, root: Path, folder: Path) -> "Change | None":
        try:
            data = json.loads((folder / "change.json").read_text(encoding="utf-8"))
            return cls(root, folder, data["command"], data["state"],
                       [FileChange(*f) for f in data["files"]], data["started"], data["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def before_bytes(self, i: int) -> bytes | None:
        if self.files[i].before is None:
            return None
        return (self.folder / f"{i}.before").read_bytes()

    def put_back(self) -> tuple[list[str], list[str]]:
        """Restore every file this change wrote, last first, if it still holds what was
        written; (restored, left because they changed since)."""
        from netnotes.vault.atomic import atomic_write

        restored, left = [], []
        for i in reversed(range(len(self.files))):
            f = self.files[i]
            path = self.root / f.rel
            now = _current(path)
            if _hash(now) == f.before:
                continue  # never written, or already back
            if not _holds(now, f.after):
                left.append(f.rel)
                continue
            before = self.before_bytes(i)
            if before is None:
                os.unlink(path)
            else:
                atomic_write(path, before)  # back as it was: not itself kept
            restored.append(f.rel)
        return restored, left


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _folder(root: Path) -> Path:
    return root.joinpath(*UNDO_DIR)


def _new_change(root: Path, command: str) -> Change:
    base = _folder(root)
    base.mkdir(parents=True, exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        try:
            ignore.write_text("# netnotes' undo history: the bytes of files before netnotes changed them\n*\n",
                              encoding="utf-8")
        except BaseException:  # (a full disk): an empty one would be kept, and let git take the history
            _unlink(ignore)
            raise
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    folder = base / f"{stamp}-{os.getpid()}"
    folder.mkdir()
    c = Change(root, folder, command)
    try:
        c.save()
    except BaseException:  # (a full disk): no record folder is left without its record
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return c


@contextmanager
def change(root: Path, command: str) -> Iterator[Change | None]:
    """Group every write of the block into one change (reentrant: an inner block joins the
    outer one). On an exception or Ctrl-C the block's writes are put back."""
    from netnotes.vault.lock import vault_lock

    key = os.path.realpath(root)
    with _guard:
        outer = _open.get(key)
    if outer is not None:
        yield outer
        return
    with vault_lock(root):
        c = _new_change(root, command)
        with _guard:
            _open[key] = c
        try:
            yield c
        except BaseException as e:
            restored, left = c.put_back()
            c.state = "rolled back"
            _settle_rolled_back(c, left)
            if restored or left:  # (a command that undid its own writes leaves nothing to say)
                why = "interrupted" if isinstance(e, KeyboardInterrupt) else "failed"
                NOTICES.append(_rollback_notice(f"{command} {why}", restored, left))
            raise
        finally:
            with _guard:
                _open.pop(key, None)
        if not c.files:
            shutil.rmtree(c.folder, ignore_errors=True)
        else:
            c.state = "done"
            c.save()
        prune(root)


def _settle_rolled_back(c: Change, left: list[str]) -> None:
    """A rolled-back change whose files are all as they were before it leaves no record: it
    never happened, so ``undo --list`` must not show it (the files themselves hold every
    ``N.before``). One with a file it could not put back (changed since netnotes wrote it)
    is kept, marked ``rolled back``: its ``N.before`` may be the only copy of what that file
    held. The state is saved before the folder goes, so a removal cut short leaves a record
    that says what it is, never an ``open`` one."""
    if left:
        c.save()
        return
    if c.files:
        try:
            c.save()
        except OSError:  # (a full disk): the folder goes all the same
            pass
    shutil.rmtree(c.folder, ignore_errors=True)


def _rollback_notice(what: str, restored: list[str], left: list[str]) -> str:
    out = f"notice: {what}; "
    out += f"put back {', '.join(restored)}" if restored else "nothing had been written yet"
    if left:
        out += f"; left {', '.join(left)} as it is now (changed since)"
    return out


def record(path: Path, before: bytes | None, after: bytes | None) -> "tuple[Change, int] | None":
    """Keep ``before`` (None: the file is new) in the open change of the vault ``path`` is in,
    with what is about to be written (``after``; None: the file is removed), just before
    netnotes does it; a lone write gets a change of its own. Whether the write then landed is
    told by the file itself: it holds ``before`` or ``after``."""
    from netnotes.vault.atomic import vault_root_of

    root = vault_root_of(path)
    if root is None:
        return None
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    if rel.startswith(".netnotes/") or rel.startswith("../"):
        return None
    with _guard:
        c = _open.get(os.path.realpath(root))
    if c is None:
        c = _new_change(root, f"write {rel}")
        c.state = "lone"  # becomes done after the write (``written``)
    i = len(c.files)
    try:
        if before is not None:
            with open(c.folder / f"{i}.before", "wb") as f:
                f.write(before)
                f.flush()
                os.fsync(f.fileno())
        c.files.append(FileChange(rel, _hash(before), _hash(after) if after is not None else GONE))
        c.save()
    except BaseException:  # the write does not happen: the record is as it was, a lone one gone
        forget((c, i))
        raise
    return c, i


def written(token: "tuple[Change, int] | None") -> None:
    """The write ``record`` announced has landed: a lone write's change is then done."""
    if token is None:
        return
    c, _i = token
    if c.state == "lone":
        c.state = "done"
        c.save()
        prune(c.root)


def forget(token: "tuple[Change, int] | None") -> None:
    """The write ``record`` announced did not happen (it failed before the rename)."""
    if token is None:
        return
    c, i = token
    if i == len(c.files) - 1:
        c.files.pop()
    if i == len(c.files):
        _unlink(c.folder / f"{i}.before")
    if c.state == "lone":
        shutil.rmtree(c.folder, ignore_errors=True)
    else:
        c.save()


def changes(root: Path) -> list[Change]:
    """Every kept change, newest first."""
    base = _folder(root)
    try:
        names = sorted((e.name for e in os.scandir(base) if e.is_dir()), reverse=True)
    except OSError:
        return []
    return [c for name in names if (c := Change.load(root, base / name)) is not None]


def recover(root: Path) -> list[str]:
    """Roll back the changes a dead process left open (called with the write lock held, so no
    live netnotes process is writing); what was done, as notices. A lone write killed after
    its rename, before ``written``, is finished instead: putting its file back would lose a
    write that was whole on disk, and that a reader may already have seen."""
    out = []
    for c in changes(root):
        if c.state not in ("open", "lone") or c.pid == os.getpid():
            continue
        if c.state == "lone" and c.files and all(_holds(_current(root / f.rel), f.after) for f in c.files):
            c.state = "done"  # nothing to say: the file is as the write left it
            c.save()
            continue
        restored, left = c.put_back()
        c.state = "rolled back"
        _settle_rolled_back(c, left)
        out.append(_rollback_notice(f"`{c.command}` (started {c.started}) did not finish", restored, left))
    NOTICES.extend(out)
    return out


def prune(root: Path, today: dt.date | None = None) -> None:
    """Drop finished changes older than ``KEEP_DAYS`` days, and all but the newest ``KEEP_MAX``.
    Runs after every write, so it reads only folder names (they start with the time) and the
    record of a change it is about to drop (an open one is never dropped)."""
    limit = ((today or dt.date.today()) - dt.timedelta(days=KEEP_DAYS)).strftime("%Y%m%d")
    base = _folder(root)
    try:
        names = sorted((e.name for e in os.scandir(base) if e.is_dir()), reverse=True)
    except OSError:
        return
    for n, name in enumerate(names):
        if n < KEEP_MAX and name[:8] >= limit:
            continue
        c = Change.load(root, base / name)
        if c is None or c.state not in ("open", "lone"):
            shutil.rmtree(base / name, ignore_errors=True)


class CannotUndo(NetnotesError):
    exit_code = 4


def undo(root: Path, change_id: str | None = None) -> tuple[Change, list[str]]:
    """Put back the files of the newest finished change (or ``change_id``); refused, with
    nothing written, if any of them changed since netnotes wrote it."""
    found = [c for c in changes(root) if c.state == "done" and (change_id is None or c.id == change_id)]
    if not found:
        raise CannotUndo(f"no change {change_id} to undo" if change_id else "nothing to undo",
                         "see `netnotes undo --list`")
    c = found[0]
    changed = [f.rel for f in c.files if not _holds(_current(c.root / f.rel), f.after)]
    if changed:
        raise CannotUndo(f"{', '.join(changed)} changed since `{c.command}`; nothing was undone",
                         "edit the card by hand, or undo the later changes first")
    with change(root, f"undo {c.id}"):
        from netnotes.vault.atomic import atomic_write

        for i in reversed(range(len(c.files))):
            path = c.root / c.files[i].rel
            before = c.before_bytes(i)
            if before is None:
                token = record(path, _current(path), None)
                os.unlink(path)
                written(token)
            else:
                atomic_write(path, before, keep=True)
    c.state = "undone"
    c.save()
    return c, [f.rel for f in c.files]
