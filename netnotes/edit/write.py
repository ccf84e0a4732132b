"""Applying an edit to a card file: read, edit, show or write, never clobber.

The edit is a pure function of the card's text (``netnotes.edit.spans``). The write is atomic
and checked: if another program saved the card after it was read, the edit is applied
again to their text; if the card keeps changing, nothing is written and the user is told.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from netnotes.edit.spans import EditRefused
from netnotes.base.errors import NetnotesError
from netnotes.base.text import BOM, NotUtf8, decode_text
from netnotes.vault.atomic import ChangedOnDisk, atomic_write


@dataclass(frozen=True)
class EditResult:
    path: Path
    shown: str
    before: bytes
    after: bytes

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
    return (BOM if bom else b"") + text.encode("utf-8")


def apply_edit(path: Path, shown: str, edit: Callable[[str], str], dry_run: bool = False) -> EditResult:
    """Edit one card. With ``dry_run`` nothing is written (the result carries the diff)."""
    for _attempt in range(3):
        try:
            before = path.read_bytes()
        except OSError as e:
            raise NetnotesError(f"cannot read {shown}: {e.strerror}") from None
        text, bom = _decode(before, shown)
        try:
            after = _encode(edit(text), bom)
        except EditRefused as e:
            raise EditRefused(f"{shown}: {e.message}", e.hint) from None
        result = EditResult(path, shown, before, after)
        if dry_run or not result.changed:
            return result
        try:
            atomic_write(path, after, expected=before)
        except ChangedOnDisk:
            continue  # saved by someone else meanwhile: apply the edit to their version
        except OSError as e:
            raise NetnotesError(f"cannot write {shown}: {e.strerror or e}; the card is unchanged") from None
        return result
    raise NetnotesError(f"{shown} keeps changing while netnotes edits it; nothing was written, try again")


def restore(result: EditResult) -> None:
    """Undo a written edit (used when a two-card change fails half-way), unless the card has
    changed again since."""
    try:
        atomic_write(result.path, result.before, expected=result.after)
    except (ChangedOnDisk, OSError):
        pass


def shown_path(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel
