"""Link and name resolution, as Obsidian does it and a little more.

A link target matches a note by its path, its file name, its ``name`` property or one of
its ``aliases``, case-insensitively. Names typed on the command line also match fuzzily,
to say "did you mean".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from netnotes.notes.note import Note
from netnotes.notes.links import link_key, normalize_name


@dataclass(frozen=True)
class Match:
    notes: tuple[Note, ...]
    how: str  # path | title | name | alias | none

    @property
    def note(self) -> Note | None:
        return self.notes[0] if len(self.notes) == 1 else None


class Resolver:
    def __init__(self, notes: Iterable[Note]) -> None:
        self.by_path: dict[str, Note] = {}
        self.by_title: dict[str, list[Note]] = {}
        self.by_name: dict[str, list[Note]] = {}
        self.by_alias: dict[str, list[Note]] = {}
        for n in notes:
            self.by_path[normalize_name(n.rel)] = n
            self.by_title.setdefault(normalize_name(n.title), []).append(n)
            if n.name != n.title:
                self.by_name.setdefault(normalize_name(n.name), []).append(n)
            for a in n.aliases:
                self.by_alias.setdefault(normalize_name(a), []).append(n)

    def resolve(self, target: str) -> Match:
        path_key = normalize_name(target.replace("\\", "/"))
        if "/" in path_key and path_key in self.by_path:
            return Match((self.by_path[path_key],), "path")
        key = link_key(target)
        for how, table in (("title", self.by_title), ("name", self.by_name), ("alias", self.by_alias)):
            found = table.get(key)
            if found:
                return Match(tuple(_unique(found)), how)
        return Match((), "none")

    def names(self) -> list[str]:
        """Every name a note can be called by (for completion and fuzzy matching)."""
        out = {n.title for ns in self.by_title.values() for n in ns}
        out |= {n.name for ns in self.by_name.values() for n in ns}
        out |= {a for ns in self.by_alias.values() for n in ns for a in n.aliases}
        return sorted(out)


def _unique(notes: list[Note]) -> list[Note]:
    seen: dict[str, Note] = {}
    for n in notes:
        seen.setdefault(n.rel, n)
    return list(seen.values())
