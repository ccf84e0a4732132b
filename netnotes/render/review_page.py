"""Writing the weekly review page again without losing what the user wrote on it.

The page is regenerated from the index, then merged with the page on disk:
- a generated task (it ends with a ``^nn-...`` block id) keeps the tick the user gave it;
- a ticked generated task that is no longer generated stays, ticked, in its section;
- a task the user added to a section (no ``^nn-`` id) stays, at the section's end;
- a section the page no longer has keeps those tasks, just before "My notes";
- everything else outside "My notes" is regenerated;
- everything under the ``## My notes`` heading, to the end of the page (headings of the user's
  own included), is the user's and is kept byte for byte.
The result is written only when its bytes differ, and not if the page changed meanwhile.
"""

from __future__ import annotations

import re
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text
from netnotes.vault.atomic import atomic_write

NOTES_HEADING = "## My notes"
_TASK = re.compile(r"^(\s*[-*+] \[)([ xX])(\] .*?)(?:\s\^(nn-[a-z0-9-]+))?\s*$")
_SECTION = re.compile(r"^## ")


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, body lines) pairs; everything after "## My notes", headings too, is its body."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if _SECTION.match(line) and out[-1][0] != NOTES_HEADING:
            out.append((line.strip(), []))
        else:
            out[-1][1].append(line)
    return out


def merge(old: str | None, new: str) -> str:
    """The new page with the user's ticks, extra items and notes from the old one."""
    if not old:
        return new
    old_lines = old.replace("\r\n", "\n").split("\n")
    ticks: dict[str, bool] = {}
    keep: dict[str, list[str]] = {}
    user_notes: list[str] | None = None
    new_ids = {m.group(4) for line in new.split("\n") if (m := _TASK.match(line)) and m.group(4)}
    for heading, body in _sections(old_lines):
        if heading == NOTES_HEADING:
            user_notes = body
            continue
        if not heading:
            continue  # front matter and title are always regenerated
        for line in body:
            m = _TASK.match(line)
            if m and m.group(4):
                checked = m.group(2) != " "
                ticks[m.group(4)] = checked
                if checked and m.group(4) not in new_ids:
                    keep.setdefault(heading, []).append(line)
            elif m:
                keep.setdefault(heading, []).append(line)
    out: list[str] = []
    for heading, body in _sections(new.split("\n")):
        if heading == NOTES_HEADING:  # sections the new page no longer has go before the notes
            for gone, extra in keep.items():
                out.extend([gone, *extra, ""])
            keep.clear()
        if heading:
            out.append(heading)
        if heading == NOTES_HEADING and user_notes is not None:
            out.extend(user_notes)
            continue
        lines = [_apply_tick(line, ticks) for line in body]
        extra = keep.pop(heading, [])
        if extra:
            while lines and not lines[-1].strip():
                lines.pop()
            lines.extend(extra)
            lines.append("")
        out.extend(lines)
    for heading, extra in keep.items():  # a page without "My notes": they go at the end
        out.extend(["", heading, *extra])
    text = "\n".join(out)
    return text if text.endswith("\n") else text + "\n"


def _apply_tick(line: str, ticks: dict[str, bool]) -> str:
    m = _TASK.match(line)
    if not m or not m.group(4) or m.group(4) not in ticks:
        return line
    mark = "x" if ticks[m.group(4)] else " "
    return f"{m.group(1)}{mark}{line[m.end(2):]}"


def write_review(path: Path, rendered: str) -> bool:
    """Merge with the page on disk and write if the bytes differ. True when written."""
    for _ in range(3):
        try:
            before = path.read_bytes()
        except FileNotFoundError:
            before = None
        except OSError as e:
            raise NetnotesError(f"cannot read {path}: {e.strerror}") from None
        old = decode_text(before, errors="replace") if before is not None else None
        data = merge(old, rendered).encode("utf-8")
        if data == before:
            return False
        try:
            now = path.read_bytes()
        except FileNotFoundError:
            now = None
        if now != before:
            continue  # someone saved the page meanwhile: merge again with their version
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except OSError as e:
            raise NetnotesError(f"cannot write {path}: {e.strerror}; the page on disk is unchanged") from None
        return True
    raise NetnotesError(f"{path} keeps changing while netnotes writes it; try again")
