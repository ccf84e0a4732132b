"""Links that named a merged card, made to name the card it was merged into.

After ``netnotes merge A B`` the card B is in the trash; netnotes still resolves ``[[B]]``
through the alias the merge gives A, but Obsidian resolves links by file name only, so its
backlinks (and graph) would lose every one of them. So each note that links to B has those
links rewritten as Obsidian's own rename does: ``[[B]]`` becomes ``[[A]]``, with the heading,
the block and the shown text kept (``[[B#Log|Al]]`` becomes ``[[A#Log|Al]]``). Nothing else in
the note changes, byte for byte; links inside code blocks are left as written.
"""

from __future__ import annotations

import re
from typing import Callable

from netnotes.notes.links import LINK_RE

_FENCE = re.compile(r"^\s*(```|~~~)")


def relinked(text: str, names_b: Callable[[str], bool], a_target: str) -> tuple[str, int]:
    """``text`` with every link whose target ``names_b`` rewritten to ``a_target``, and how many."""
    out: list[str] = []
    count = 0
    fence = None
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if m:
            fence = None if fence == m.group(1) else (fence or m.group(1))
            out.append(line)
            continue
        if fence is not None or "[[" not in line:
            out.append(line)
            continue

        def swap(link: re.Match) -> str:
            nonlocal count
            target = link.group("target")
            if not target.strip() or not names_b(target):
                return link.group(0)
            count += 1
            start, end = link.span("target")
            whole = link.group(0)
            offset = link.start()
            return whole[:start - offset] + a_target + whole[end - offset:]

        out.append(LINK_RE.sub(swap, line))
    return "".join(out), count
