"""Applying an edit to a card file: read, edit, show or write, never clobber.

The edit is a pure function of the card's text (``netnotes.edit.spans``). The write is atomic
and checked: if another program saved the card after it was read, the edit is applied
again to their text; if the card keeps changing, nothing is written and the user is told.

Other netnotes processes wait on the vault's write lock (``netnotes.vault.lock``). Other
programs cannot be locked out, so a card they may still be saving is not trusted: one
changed in the last moment is read again once it has been quiet for ``QUIET`` seconds, and
one that stays empty right after being emptied (an in-place save that truncated it first)
is refused. After the rename the card is read back, so that a program that replaced it at
that very moment is reported, not hidden.
"""

from __future__ import annotations

import difflib
import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from netnotes.edit.spans import EditRefused
from netnotes.base.errors import NetnotesError
from netnotes.base.text import BOM, NotUtf8, decode_text
from netnotes.base.errors import Busy
from netnotes.base.files import read_regular
from netnotes.notes.note import MAX_FILE_BYTES
from netnotes.vault.atomic import ChangedOnDisk, atomic_write
from netnotes.vault.lock import writing

QUIET = 0.25  # seconds a card must go unchanged before it is read for an edit
SETTLE = 2.0  # how long an edit waits for a card still being saved
EMPTIED = 30.0  # an empty card changed this recently may be an in-place save that truncated it


@dataclass(frozen=True)
class EditResult:
    path: Path
    shown: str
    before: bytes
    after: bytes
    created: bool = False  # a new file (``before`` is then empty); an emptied card is not new

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        a = self.before.decode("utf-8", "replace").splitlines(keepends=True)
        b = self.after.decode("utf-8", "replace").splitlines(keepends=True)
        out = "".join(difflib.unified_diff(a, b, f"a/{self.shown}", f"b/{self.shown}"))
        return out if out.endswith("\n") or not out else out + "\n\\ No newline at end of file\n"


def _decode(data: bytes, shown: str) -> tuple[str, bool]:
    try:
        return decode_text(data), data.startswith(BOM)
    except NotUtf8 as e:
        raise EditRefused(f"{shown} is not valid UTF-8 (byte {e.offset}); netnotes will not edit it",
                          "re-save it as UTF-8 first") from None


def _encode(text: str, bom: bool) -> bytes:
    """The edited card as UTF-8. Text that cannot be (a lone surrogate: a byte that was not
    UTF-8 in a command-line argument, or in a file name that became a link) is refused here,
    the one place every edit passes, before anything is written."""
    try:
        return (BOM if bom else b"") + text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise EditRefused(f"the new text has {not_utf8(text[e.start])} in `{_around(text, e.start)}`, "
                          "and a card is UTF-8 text; nothing was written",
                          "pass the text as UTF-8; rename a note whose file name is not UTF-8 "
                          "before linking to it") from None


def not_utf8(char: str) -> str:
    """What a lone surrogate stands for: a byte that was not UTF-8 (``os.fsdecode`` and
    Python's command-line arguments keep such bytes as U+DC80..U+DCFF), else the code point."""
    code = ord(char)
    return (f"a byte that is not UTF-8 (0x{code - 0xDC00:02X})" if 0xDC80 <= code <= 0xDCFF
            else f"a lone surrogate (U+{code:04X})")


def _around(text: str, at: int) -> str:
    """A few characters either side of ``at``, bad ones as ``?``, on one line."""
    start = max(text.rfind("\n", 0, at) + 1, at - 20)
    end = text.find("\n", at)
    end = min(end if end >= 0 else len(text), at + 20)
    return text[start:end].encode("utf-8", "replace").decode("utf-8")


def _check_merged(text: str, shown: str) -> None:
    """A card a git merge left unfinished is edited by a person first: netnotes would write
    into one side of a conflict, and the next merge step would lose it."""
    if "<<<<<<<" in text:
        from netnotes.notes.conflicts import conflict_markers

        found = conflict_markers(text.split("\n"))
        if found:
            raise EditRefused(f"{shown}: line {found[0][0]} is a git conflict marker: the merge of this card is "
                              "unfinished; nothing was written",
                              "keep the right lines, delete the marker lines (`netnotes validate` shows them), "
                              "then run the command again")


def apply_edit(path: Path, shown: str, edit: Callable[[str], str], dry_run: bool = False) -> EditResult:
    """Edit one card. With ``dry_run`` nothing is written (the result carries the diff)."""
    with writing(path):
        for _attempt in range(3):
            before, identity = read_settled(path, shown, wait=not dry_run)
            text, bom = _decode(before, shown)
            _check_merged(text, shown)
            try:
                after = _encode(edit(text), bom)
            except EditRefused as e:
                raise EditRefused(f"{shown}: {e.message}", e.hint) from None
            result = EditResult(path, shown, before, after)
            if dry_run or not result.changed:
                return result
            try:
                atomic_write(path, after, expected=before, identity=identity, keep=True)
            except ChangedOnDisk:
                continue  # saved by someone else meanwhile: apply the edit to their version
            except OSError as e:
                raise NetnotesError(f"cannot write {shown}: {e.strerror or e}; the card is unchanged") from None
            check_written(path, shown, after)
            return result
    raise NetnotesError(f"{shown} keeps changing while netnotes edits it; nothing was written, try again")


def apply_edits(root: Path, command: str, edits: Sequence[tuple[Path, Callable[[str], str]]],
                dry_run: bool = False) -> list[EditResult]:
    """Several cards edited as one change (``intro A B --outcome``): all of them or none.

    Every edit is first made on its card as it is, writing nothing (read, decoded, checked
    for a merge left unfinished, edited, encoded: what ``apply_edit`` refuses, it refuses
    here), and each card's folder must be one this user may write in; so a card that would
    refuse stops the command before the first write. The writes are then one
    ``vault.history`` change: what can only fail during them (a card another program keeps
    saving, a full disk) puts back the cards written so far and leaves no undo record."""
    proved = []
    for path, edit in edits:
        shown = shown_path(path)
        proved.append(apply_edit(path, shown, edit, dry_run=True))
        if not dry_run and not os.access(path.parent, os.W_OK | os.X_OK):
            raise NetnotesError(f"cannot write {shown}: its folder is not writable by this user; nothing was written",
                                "make the folder writable (or run as its owner), then run the command again")
    if dry_run:
        return proved
    from netnotes.vault.history import change

    with change(root, command):
        return [apply_edit(path, shown_path(path), edit) for path, edit in edits]


def read_settled(path: Path, shown: str, wait: bool = True,
                 clock: Callable[[], float] = time.time) -> tuple[bytes, tuple]:
    """The card's bytes and stat identity, once it has not changed for ``QUIET`` seconds.
    Busy if it is still changing after ``SETTLE`` seconds, or still empty though it was
    emptied less than ``EMPTIED`` seconds ago (an empty card made long ago is edited).
    Without ``wait`` (a dry run, which writes nothing) the card is read as it is."""
    waited = 0.0
    while True:
        try:
            data, st = read_regular(path, limit=MAX_FILE_BYTES)
        except OSError as e:
            if e.errno == errno.EFBIG:
                raise EditRefused(f"{shown} is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB netnotes "
                                  "reads; it will not edit it", "split the card, then run the command again") from None
            raise NetnotesError(f"cannot read {shown}: {e.strerror}") from None
        identity = (st.st_ino, st.st_size, st.st_mtime_ns)
        age = clock() - st.st_mtime_ns / 1e9
        if not wait or age >= QUIET and (data or age >= EMPTIED):
            return data, identity
        if waited >= SETTLE:
            what = "is empty" if not data else "keeps changing"
            raise Busy(f"{shown} {what}: another program seems to be saving it right now; nothing was written",
                       "wait until the other program has saved the card, then run this command again")
        pause = max(min(QUIET - age, QUIET), 0.05) if data else QUIET
        time.sleep(pause)
        waited += pause


def check_written(path: Path, shown: str, data: bytes) -> None:
    """The path holds what netnotes just wrote, or the user hears that something replaced it."""
    try:
        now = path.read_bytes()
    except OSError:
        now = None
    if now != data:
        raise NetnotesError(f"{shown} was replaced by another program just after netnotes wrote it",
                            "open the card and check that the change is there; run the command again if not")


def restore(result: EditResult) -> None:
    """Undo a written edit (used when a two-card change fails half-way), unless the card has
    changed again since."""
    try:
        atomic_write(result.path, result.before, expected=result.after)  # back as it was: nothing to keep
    except (ChangedOnDisk, OSError):
        pass


def shown_path(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel
