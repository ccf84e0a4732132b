"""Links that named a merged card, made to name the card it was merged into.

After ``netnotes merge A B`` the card B is in the trash; netnotes still resolves ``[[B]]``
through the alias the merge gives A, but Obsidian resolves links by file name only, so its
backlinks (and graph) would lose every one of them. So each note that links to B has those
links rewritten as Obsidian's own rename does: ``[[B]]`` becomes ``[[A]]``, with the heading,
the block and the shown text kept (``[[B#Log|Al]]`` becomes ``[[A#Log|Al]]``; in a table,
``[[B\\|Al]]`` keeps its escape), and a Markdown link ``[Al](People/B.md)`` leads to A's file.
Nothing else in the note changes, byte for byte; links in code (fenced, indented or inline)
are left as written.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable
from urllib.parse import quote, unquote

from netnotes.notes.links import _SCHEME, LINK_RE, MD_LINK_RE

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def relinked(text: str, names_b: Callable[[str], bool], a_target: str, a_rel: str = "",
             note_rel: str = "") -> tuple[str, int]:
    """``text`` with every link whose target ``names_b`` rewritten to ``a_target`` (a
    Markdown link: to ``a_rel``, relative to ``note_rel``'s folder as it was), and how many."""
    out: list[str] = []
    count = 0
    fence = None
    previous_blank = True
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if m:
            fence = None if fence == m.group(1) else (fence or m.group(1))
            out.append(line)
            continue
        indented_code = previous_blank and (line.startswith("    ") or line.startswith("\t")) \
            and not line.lstrip().startswith(("- ", "* ", "+ "))
        previous_blank = not line.strip()
        if fence is not None or indented_code or ("[[" not in line and "](" not in line):
            out.append(line)
            continue
        pieces, at = [], 0
        for span in _CODE_SPAN.finditer(line):  # inline code is shown as written
            pieces.append((line[at:span.start()], True))
            pieces.append((span.group(0), False))
            at = span.end()
        pieces.append((line[at:], True))
        new_line = []
        for piece, live in pieces:
            if live:
                piece, n = _wikilinks(piece, names_b, a_target)
                count += n
                if a_rel:
                    piece, n = _md_links(piece, names_b, a_rel, note_rel)
                    count += n
            new_line.append(piece)
        out.append("".join(new_line))
    return "".join(out), count


def _wikilinks(text: str, names_b: Callable[[str], bool], a_target: str) -> tuple[str, int]:
    count = 0

    def swap(link: re.Match) -> str:
        nonlocal count
        target = link.group("target")
        escaped = target.endswith("\\")  # `[[B\|shown]]`: a table cell's escape of the pipe
        name = target[:-1] if escaped else target
        if not name.strip() or not names_b(name):
            return link.group(0)
        count += 1
        start, end = link.span("target")
        offset = link.start()
        whole = link.group(0)
        return whole[:start - offset] + a_target + ("\\" if escaped else "") + whole[end - offset:]

    return LINK_RE.sub(swap, text), count


def _md_links(text: str, names_b: Callable[[str], bool], a_rel: str, note_rel: str) -> tuple[str, int]:
    count = 0
    folder = posixpath.dirname(note_rel)

    def swap(link: re.Match) -> str:
        nonlocal count
        group = "angled" if link.group("angled") else "plain"
        raw = link.group(group)
        if _SCHEME.match(raw) or raw.startswith("#"):
            return link.group(0)
        path, hash_, heading = unquote(raw).partition("#")
        last = path.rsplit("/", 1)[-1]
        if "." in last and not last.lower().endswith(".md"):
            return link.group(0)  # an image or another file, not a note (`J. Smith.md` is a note)
        target = path[:-3] if path.lower().endswith(".md") else path
        if path.startswith(("./", "../")):
            target = posixpath.normpath(posixpath.join(folder, target))
        if not target.strip() or not names_b(target.lstrip("/")):
            return link.group(0)
        count += 1
        new = posixpath.relpath(a_rel, folder or ".") if path.startswith(("./", "../")) else a_rel
        written = (new if group == "angled" else quote(new, safe="/")) + (hash_ + quote(heading, safe="")
                                                                           if hash_ else "")
        start, end = link.span(group)
        offset = link.start()
        whole = link.group(0)
        return whole[:start - offset] + written + whole[end - offset:]

    return MD_LINK_RE.sub(swap, text), count
