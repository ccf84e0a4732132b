"""Obsidian wikilinks: ``[[Name]]``, ``[[Name|shown]]``, ``[[Name#heading]]``, ``![[embed]]``.

Parsing is exact enough to round-trip: ``format_link(parse_one(s)) == s`` for every link
it accepts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# A target may not contain [ ] | # ^ or a newline (Obsidian refuses those in file names
# too); the shown text may not contain ] or a newline.
LINK_RE = _LINK = re.compile(
    r"(?P<embed>!?)\[\[(?P<target>[^\[\]|#^\n]*)(?:#(?P<heading>[^\[\]|\n]*))?(?:\|(?P<alias>[^\]\n]*))?\]\]"
)


class WikiLink(NamedTuple):
    """A link and its character span (a NamedTuple: cheap to make, a vault has millions)."""

    target: str
    heading: str | None = None
    alias: str | None = None
    embed: bool = False
    start: int = 0
    end: int = 0

    @property
    def shown(self) -> str:
        return self.alias if self.alias else self.target


def parse_links(text: str) -> list[WikiLink]:
    """Every wikilink in ``text``, with its character span."""
    if "[[" not in text:
        return []
    out = []
    for m in _LINK.finditer(text):
        target = m.group("target")
        if not target.strip() and m.group("heading") is None:
            continue
        out.append(WikiLink(target, m.group("heading"), m.group("alias"), bool(m.group("embed")),
                            m.start(), m.end()))
    return out


_TARGET = re.compile(r"!?\[\[([^\[\]|#^\n]*)(?:#[^\[\]|\n]*)?(?:\|[^\]\n]*)?\]\]")


def link_targets(text: str) -> list[str]:
    """Just the targets of the links in ``text`` (the fast path for log entries)."""
    if "[[" not in text:
        return []
    return [t for t in _TARGET.findall(text) if t.strip()]


def parse_one(text: str) -> WikiLink | None:
    """The link if ``text`` is exactly one wikilink (surrounding blanks allowed)."""
    s = text.strip()
    m = _LINK.fullmatch(s)
    if not m or (not m.group("target").strip() and m.group("heading") is None):
        return None
    return WikiLink(m.group("target"), m.group("heading"), m.group("alias"), bool(m.group("embed")),
                    0, len(s))


def format_link(link: WikiLink) -> str:
    s = "!" if link.embed else ""
    s += "[[" + link.target
    if link.heading is not None:
        s += "#" + link.heading
    if link.alias is not None:
        s += "|" + link.alias
    return s + "]]"


def normalize_name(name: str) -> str:
    """The key Obsidian-style resolution compares: NFC, case-folded, blanks collapsed."""
    name = unicodedata.normalize("NFC", name).strip()
    if name.lower().endswith(".md"):
        name = name[:-3]
    return " ".join(name.casefold().split())


def link_key(target: str) -> str:
    """Resolution key of a link target: its last path segment, normalised."""
    return normalize_name(target.replace("\\", "/").rsplit("/", 1)[-1])


# ``[shown](People/Ann%20Lee.md)`` or ``[shown](<People/Ann Lee.md>)``: a Markdown link to a note
MD_LINK_RE = re.compile(r"(?<![!\\])\[(?P<shown>[^\[\]\n]*)\]\(\s*(?:<(?P<angled>[^<>\n]+)>|(?P<plain>[^()\s]+))"
                        r"(?:\s+\"[^\"\n]*\")?\s*\)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def parse_md_links(text: str, folder: str = "") -> list[WikiLink]:
    """The Markdown links of ``text`` that lead to a note (``.md`` or no extension, no
    ``scheme:``), as wikilinks to the note's vault path without ``.md``. ``folder`` is the
    linking note's folder, for links relative to it (``../People/Ann.md``)."""
    if "](" not in text:
        return []
    from urllib.parse import unquote
    import posixpath

    out = []
    for m in MD_LINK_RE.finditer(text):
        raw = m.group("angled") or m.group("plain")
        if _SCHEME.match(raw) or raw.startswith("#"):
            continue
        path, _, heading = unquote(raw).partition("#")
        last = path.rsplit("/", 1)[-1]
        if "." in last and not last.lower().endswith(".md"):
            continue  # an image or another file, not a note
        if last.lower().endswith(".md"):
            path = path[:-3]
        if path.startswith(("./", "../")):
            path = posixpath.normpath(posixpath.join(folder, path))
            if path.startswith(".."):
                continue
        path = path.lstrip("/")
        if not path.strip():
            continue
        out.append(WikiLink(path, heading or None, m.group("shown") or None, False, m.start(), m.end()))
    return out
