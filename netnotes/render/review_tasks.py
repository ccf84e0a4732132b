"""The generated tasks of the vault's review pages: which are ticked (for ``edit.ticks``), and
marking the open ones of older weeks superseded, so that Obsidian's task queries stop
listing last month's follow-ups.

A generated task ends with its block id, ``^nn-KIND-...``: ``fu`` (a follow-up, in
"Follow-ups" or "Going cold"), ``ask`` ("Ask this week") or ``intro`` ("Introductions to
make"). Superseded is ``- [-]``, which Obsidian Tasks shows as cancelled; only open
generated tasks (``- [ ]`` with a block id) above "## My notes" are ever changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.base.isoweek import Week
from netnotes.base.text import BOM, NotUtf8, decode_text
from netnotes.render.review_page import NOTES_HEADING, TASK
from netnotes.vault.atomic import ChangedOnDisk, atomic_write

_KIND = re.compile(r"^nn-(fu|ask|intro)-")
_DONE = re.compile(r"\u2705\ufe0f?\s*(\d{4}-\d{2}-\d{2})")  # Obsidian Tasks' done date: ✅ 2026-11-20


@dataclass(frozen=True)
class PageTask:
    """One generated task of a review page."""

    line: int  # 1-based
    text: str  # the whole line
    mark: str  # " ", "x", "X", "-", ...
    block: str  # its block id
    kind: str  # "fu", "ask", "intro", or "" for another generated task
    done: dt.date | None  # the done date written on it, if any

    @property
    def ticked(self) -> bool:
        return self.mark in "xX"


def page_tasks(text: str) -> list[PageTask]:
    """The generated tasks above "## My notes", in page order."""
    out = []
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if line.rstrip() == NOTES_HEADING:
            break
        m = TASK.match(line)
        if not m or not m.group(4):
            continue
        kind = _KIND.match(m.group(4))
        done = _DONE.search(line)
        try:
            day = dt.date.fromisoformat(done.group(1)) if done else None
        except ValueError:
            day = None
        out.append(PageTask(n, line, m.group(2), m.group(4), kind.group(1) if kind else "", day))
    return out


def page_week(path: Path) -> Week | None:
    """The ISO week a review page is for, from its file name (``2026-W47.md``)."""
    try:
        return Week.parse(path.stem)
    except NetnotesError:
        return None


def review_pages(root: Path, folder: str) -> list[Path]:
    """The Markdown pages of the reviews folder (and its subfolders), in name order."""
    base = root / folder
    if not base.is_dir():
        return []
    return sorted((p for p in base.rglob("*.md") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(root).parts)), key=lambda p: p.as_posix())


def superseded(text: str) -> tuple[str, int]:
    """The page with each open generated task marked ``[-]``, and how many were."""
    lines = text.split("\n")
    count = 0
    for k, line in enumerate(lines):
        if line.replace("\r", "").rstrip() == NOTES_HEADING:
            break
        m = TASK.match(line.rstrip("\r"))
        if m and m.group(4) and m.group(2) == " ":
            lines[k] = f"{line[:m.end(1)]}-{line[m.end(2):]}"
            count += 1
    return "\n".join(lines), count


def supersede_before(root: Path, folder: str, week: Week, dry_run: bool = False) -> list[tuple[Path, int]]:
    """Mark the open generated tasks of every page of a week before ``week`` superseded.
    Each page is written atomically, and not over a save made since it was read."""
    done = []
    for path in review_pages(root, folder):
        other = page_week(path)
        if other is None or (other.year, other.number) >= (week.year, week.number):
            continue
        count = _supersede_page(path, dry_run)
        if count:
            done.append((path, count))
    return done


def _supersede_page(path: Path, dry_run: bool) -> int:
    from netnotes.base.files import read_regular

    try:
        before = read_regular(path)[0]  # a FIFO there is an error, never a hang
    except OSError as e:
        raise NetnotesError(f"cannot read {path}: {e.strerror}") from None
    try:
        text, count = superseded(decode_text(before))
    except NotUtf8:
        return 0  # not a page netnotes wrote; it is left as it is
    if not count or dry_run:
        return count
    bom = BOM if before.startswith(BOM) else b""
    try:
        atomic_write(path, bom + text.encode("utf-8"), expected=before)
    except ChangedOnDisk:
        return 0  # the user saved it meanwhile: the next run marks it
    except OSError as e:
        raise NetnotesError(f"cannot write {path}: {e.strerror}; the page on disk is unchanged") from None
    return count
