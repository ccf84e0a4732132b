"""Writing the weekly review page again without losing what the user wrote on it.

The page is regenerated from the index, then merged line by line with the page on disk
(docs/review.md has the rules as a user reads them):

- a generated task (it ends with a ``^nn-...`` block id) is matched by its id: unticked, it
  takes the new text; ticked (``[x]``), cancelled or superseded (``[-]``), the user's line
  stays as it is (with an Obsidian Tasks done date such as ``✅ 2026-11-20``);
- a task no longer generated stays where it was if it is ticked or has lines of the user's
  indented under it; otherwise it goes;
- every other line is matched against the new render (an exact longest common subsequence).
  A line of the old page that the new render does not have is the user's unless it was
  generated last time: the page's ``generated_lines`` property holds a short hash of every
  line netnotes generated (a multiset), so the lines of the last render that this render no
  longer has are told apart from the user's, without any state outside the page;
- a line of the user's stays after the line it followed; when that line was regenerated
  differently or is gone, after what replaced it; indented lines under a task move with it;
- everything under the ``## My notes`` heading, to the end of the page (headings of the
  user's own included), is the user's and is kept byte for byte.

``merge(merge(p, r), r) == merge(p, r)``: a re-run with nothing new is byte-identical, and
the result is written only when its bytes differ, never over a save made meanwhile.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text, shown
from netnotes.render.linediff import common_pairs
from netnotes.vault.atomic import atomic_write

NOTES_HEADING = "## My notes"
RECORD_KEY = "generated_lines"
# a task line: its box's mark in group 2, its block id (generated tasks only) in group 4
TASK = re.compile(r"^(\s*[-*+] \[)(.)(\] .*?)(?:\s\^(nn-[a-z0-9-]+))?\s*$")
_BLOCK_ID = re.compile(r"\s\^(nn-[a-z0-9-]+)\s*$")
_RECORD = re.compile(rf'^{RECORD_KEY}: "([A-Za-z0-9_-]*)"\s*$')
_HASH_CHARS = 4  # 24 bits of blake2b, base64url


# ---- the record of generated lines ---------------------------------------------------------
def _front_matter_end(lines: list[str]) -> int:
    """Index of the closing ``---`` of the front matter, or -1 when there is none."""
    if not lines or lines[0].rstrip() != "---":
        return -1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i
    return -1


def _line_hash(line: str) -> str:
    digest = hashlib.blake2b(line.encode("utf-8", "surrogateescape"), digest_size=3).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _block_id(line: str) -> str | None:
    m = _BLOCK_ID.search(line)
    return m.group(1) if m else None


def _recorded(lines: list[str]) -> Counter:
    """The multiset of hashes in the page's ``generated_lines`` property (empty without one)."""
    for line in _split_notes(lines)[0]:  # in its front matter, unless the user moved that
        m = _RECORD.match(line)
        if m:
            value = m.group(1)
            return Counter(value[k:k + _HASH_CHARS] for k in range(0, len(value) - _HASH_CHARS + 1, _HASH_CHARS))
    return Counter()


def stamp(rendered: str) -> str:
    """The rendered page with its ``generated_lines`` property, last in its front matter: the
    hash of each generated line that is not a task with a block id (those are matched by id).
    Idempotent. A page without front matter is left as it is."""
    lines = rendered.split("\n")
    end = _front_matter_end(lines)
    if end > 0:
        lines = [line for k, line in enumerate(lines) if not (0 < k < end and _RECORD.match(line))]
        end = _front_matter_end(lines)
    top = _top(lines)
    hashes = sorted(_line_hash(line) for line in top if _block_id(line) is None)
    if end > 0:  # a user's template without front matter gets none: its pages merge as legacy ones
        lines.insert(end, f'{RECORD_KEY}: "{"".join(hashes)}"')
    return "\n".join(lines)


def _top(lines: list[str]) -> list[str]:
    """The generated part of a page: the lines before "## My notes" (the record line left out)."""
    end = _front_matter_end(lines)
    out = []
    for k, line in enumerate(lines):
        if line.rstrip() == NOTES_HEADING:
            break
        if not (0 < k < end and _RECORD.match(line)):
            out.append(line)
    return out


# ---- the merge ---------------------------------------------------------------------------
def _split_notes(lines: list[str]) -> tuple[list[str], list[str] | None]:
    for k, line in enumerate(lines):
        if line.rstrip() == NOTES_HEADING:
            return lines[:k], lines[k:]
    return lines, None


def _key(line: str) -> tuple[str, str]:
    block = _block_id(line)
    return ("id", block) if block else ("text", line)


def _own_mark(line: str) -> str:
    """An old task line as it is kept: the user's, with ``[X]`` written ``[x]``."""
    m = TASK.match(line)
    if m and m.group(2) == "X":
        return f"{m.group(1)}x{line[m.end(2):]}"
    return line


def _is_open(line: str) -> bool:
    m = TASK.match(line)
    return m is None or m.group(2) == " "


KEEP, STALE, MOVED, CARRIED = "keep", "stale", "moved", "carried"


def merge(old: str | None, new: str) -> str:
    """The new page (stamped with its record) merged with what the user wrote on the old one."""
    new = stamp(new)
    if not new.endswith("\n"):
        new += "\n"
    if not old:
        return new
    old_lines = old.replace("\r\n", "\n").split("\n")
    new_lines = new.split("\n")
    old_top, old_notes = _split_notes(old_lines)
    new_top, new_notes = _split_notes(new_lines)
    if new_notes is None:  # a template without "My notes": the whole page is merged
        old_top, old_notes = old_lines, None
    recorded = _recorded(old_lines)
    budget = recorded - Counter(_line_hash(line) for line in _top(new_lines) if _block_id(line) is None)
    out = _merge_top(old_top, new_top, budget, legacy=not recorded)
    if new_notes is not None:
        out += [new_notes[0], *(old_notes[1:] if old_notes is not None else new_notes[1:])]
    text = "\n".join(out)
    return text if text.endswith("\n") else text + "\n"


def _merge_top(old: list[str], new: list[str], budget: Counter, legacy: bool = False) -> list[str]:
    """``legacy``: a page written before pages had their record (or whose front matter the
    user removed): of the lines the new render does not have, only tasks and the lines
    indented under a task are known to be the user's, and only they are kept."""
    okeys, nkeys = [_key(line) for line in old], [_key(line) for line in new]
    pairs = common_pairs(okeys, nkeys)
    matched = {i for i, _ in pairs}
    new_ids = {k[1] for k in nkeys if k[0] == "id"}
    status: dict[int, str] = {}
    for i, line in enumerate(old):  # lines without a block id: the user's, or generated last time
        if i in matched or okeys[i][0] == "id":
            continue
        if _RECORD.match(line):  # the last run's record
            status[i] = STALE
            continue
        h = _line_hash(line)
        if legacy:
            under = i > 0 and (TASK.match(old[i - 1]) or status.get(i - 1) == KEEP and old[i - 1][:1].isspace())
            mine = TASK.match(line) or (under and line.strip() and line[:1].isspace())
            status[i] = KEEP if mine else STALE
        elif budget[h] > 0:
            budget[h] -= 1
            status[i] = STALE
        else:
            status[i] = KEEP
    carried: dict[str, list[str]] = {}
    old_task: dict[str, str] = {}  # block id -> the old line, which holds the user's tick
    for i, line in enumerate(old):
        if okeys[i][0] != "id":
            continue
        block = okeys[i][1]
        if i in matched or block not in old_task:
            old_task[block] = line
        under = _attached(old, i, matched, status)
        if i in matched:
            continue
        if block in new_ids:  # generated still, elsewhere: its lines go with it
            status[i] = MOVED
            for k in under:
                status[k] = CARRIED
            carried.setdefault(block, []).extend(old[k] for k in under)
        elif not _is_open(line) or under:
            status[i] = KEEP
        else:
            status[i] = STALE
    for i, line in enumerate(old):  # a heading of a section no longer generated, with lines of the user's
        if status.get(i) == STALE and line.startswith("## ") and _keeps_lines(old, i, status):
            status[i] = KEEP

    def emit_new(line: str, into: list[str]) -> None:
        block = _block_id(line)
        if block is None:
            into.append(line)
            return
        mine = old_task.get(block)
        into.append(_own_mark(mine) if mine is not None and not _is_open(mine) else line)
        into.extend(carried.pop(block, []))

    out: list[str] = []
    prev_i = prev_j = -1
    for i, j in [*pairs, (len(old), len(new))]:
        head: list[str] = []
        tail: list[str] = []
        replaced = False
        for k in range(prev_i + 1, i):
            st = status[k]
            if st in (STALE, MOVED):
                replaced = True
            elif st == KEEP:
                (tail if replaced else head).append(_own_mark(old[k]) if okeys[k][0] == "id" else old[k])
        out.extend(head)
        for k in range(prev_j + 1, j):
            emit_new(new[k], out)
        out.extend(tail)
        if i < len(old):
            emit_new(new[j], out)
        prev_i, prev_j = i, j
    return out


def _attached(old: list[str], i: int, matched: set[int], status: dict[int, str]) -> list[int]:
    """The user's indented lines right under the task at ``i``."""
    out = []
    for k in range(i + 1, len(old)):
        line = old[k]
        if k in matched or status.get(k) != KEEP or not line.strip() or not line[:1].isspace():
            break
        out.append(k)
    return out


def _keeps_lines(old: list[str], i: int, status: dict[int, str]) -> bool:
    for k in range(i + 1, len(old)):
        if old[k].startswith("## "):
            return False
        if status.get(k) == KEEP and old[k].strip():
            return True
    return False


# ---- writing -----------------------------------------------------------------------------
def write_review(path: Path, rendered: str, dry_run: bool = False) -> bool:
    """Merge with the page on disk and write if the bytes differ. True when written (with
    ``dry_run``: when it would be)."""
    rendered = shown(rendered)  # a card whose file name is not UTF-8: its name as it is seen
    for _ in range(3):
        before = _read(path)
        old = decode_text(before, errors="replace") if before is not None else None
        data = merge(old, rendered).encode("utf-8")
        if data == before:
            return False
        if dry_run:
            return True
        if _read(path) != before:
            continue  # someone saved the page meanwhile: merge again with their version
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except OSError as e:
            raise NetnotesError(f"cannot write {path}: {e.strerror}; the page on disk is unchanged") from None
        return True
    raise NetnotesError(f"{path} keeps changing while netnotes writes it; try again")


def _read(path: Path) -> bytes | None:
    """The page's bytes (None: no page yet); a FIFO or folder there is an error, never a hang."""
    from netnotes.base.files import read_regular

    try:
        return read_regular(path)[0]
    except FileNotFoundError:
        return None
    except OSError as e:
        raise NetnotesError(f"cannot read {path}: {e.strerror}") from None
