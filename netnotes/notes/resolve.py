"""Link and name resolution, as Obsidian does it and a little more: the one name lookup.

A link target matches a note by its path, its file name, its ``name`` property or one of
its ``aliases``, case-insensitively. A name typed on the command line goes through the same
tables (``Resolver.lookup``), an exact spelling first, and else is answered with "did you
mean", ranked by similarity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from netnotes.base.errors import AmbiguousName, NameNotFound
from netnotes.notes.note import Note
from netnotes.notes.links import link_key, normalize_name


@dataclass(frozen=True)
class Match:
    notes: tuple[Note, ...]
    how: str  # path | title | name | alias | none

    @property
    def note(self) -> Note | None:
        return self.notes[0] if len(self.notes) == 1 else None


class NameTables(Protocol):
    """Where resolution looks names up: in memory (``MemoryTables``) or in the index
    (``netnotes.index.names``). Keys are ``normalize_name``'d."""

    def at_path(self, key: str) -> Any | None: ...

    def called(self, how: str, key: str) -> list[Any]: ...  # how: title | name | alias


def resolve_in(tables: NameTables, target: str) -> tuple[list[Any], str]:
    """What a link target resolves to, and how: by path (a target with a folder), else by
    file name, else by ``name``, else by alias; the first of these that matches decides."""
    path_key = normalize_name(target.replace("\\", "/"))
    if "/" in path_key:
        found = tables.at_path(path_key)
        if found is not None:
            return [found], "path"
    key = link_key(target)
    for how in ("title", "name", "alias"):
        found = tables.called(how, key)
        if found:
            return list({getattr(x, "rel", x): x for x in found}.values()), how
    return [], "none"


class MemoryTables:
    """Name tables built from notes in memory."""

    def __init__(self, notes: Iterable[Note]) -> None:
        self.by_path: dict[str, Note] = {}
        self.by_how: dict[str, dict[str, list[Note]]] = {"title": {}, "name": {}, "alias": {}}
        for n in notes:
            self.by_path[normalize_name(n.rel)] = n
            self.by_how["title"].setdefault(normalize_name(n.title), []).append(n)
            if n.name != n.title:
                self.by_how["name"].setdefault(normalize_name(n.name), []).append(n)
            for a in n.aliases:
                self.by_how["alias"].setdefault(normalize_name(a), []).append(n)

    def at_path(self, key: str) -> Note | None:
        return self.by_path.get(key)

    def called(self, how: str, key: str) -> list[Note]:
        return self.by_how[how].get(key, [])

    def every(self, kinds: tuple[str, ...]) -> list[Note]:
        return [n for n in self.by_path.values() if not kinds or n.kind in kinds]


class Resolver:
    """The one name lookup, over name tables in memory or in the index."""

    def __init__(self, notes: Iterable[Note] = (), tables: "MemoryTables | None" = None) -> None:
        """``tables``: anything with MemoryTables' three methods (the index has NoteTables)."""
        self.tables = tables if tables is not None else MemoryTables(notes)

    def resolve(self, target: str) -> Match:
        found, how = resolve_in(self.tables, target)
        return Match(tuple(_unique(found)), how)

    def candidates(self, name: str, kinds: tuple[str, ...] = ()) -> list[list[Note]]:
        """The notes ``name`` could mean, best tier first: an exact file name, path or
        ``name``; an exact alias; the same case-insensitively; an alias likewise."""
        def of_kind(notes: Iterable[Note]) -> list[Note]:
            return [n for n in _unique(list(notes)) if not kinds or n.kind in kinds]

        key, t = normalize_name(name), self.tables
        path = t.at_path(normalize_name(name.replace("\\", "/")))
        named = of_kind([*([path] if path else []), *t.called("title", key), *t.called("name", key)])
        aliased = of_kind(t.called("alias", key))
        exact = [n for n in named if name in (n.title, n.name, n.rel, n.rel[:-3])]
        return [exact, [n for n in aliased if name in n.aliases], named, aliased]

    def lookup(self, name: str, kinds: tuple[str, ...] = ("contact",)) -> Note:
        """The one note a typed ``name`` means; AmbiguousName lists the candidates, and
        NameNotFound says "did you mean"."""
        what = " or ".join(kinds) if kinds else "note"
        for found in self.candidates(name, kinds):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                listing = "\n".join(f"  {n.name}  ({n.rel})" for n in sorted(found, key=lambda n: n.rel))
                raise AmbiguousName(f"`{name}` matches {len(found)} {what}s:\n{listing}",
                                    "give the file path, e.g. " + found[0].rel[:-3])
        suggestions = suggest(name, self.tables.every(kinds))
        hint = f"did you mean: {', '.join(suggestions)}?" if suggestions else "see `netnotes list`"
        raise NameNotFound(f"no {what} named `{name}`", hint)

def suggest(name: str, pool: list[Note], limit: int = 3) -> list[str]:
    """The names in ``pool`` closest to ``name`` (by name, file name or alias), best first."""
    from rapidfuzz import fuzz, process, utils

    choices: dict[str, str] = {}
    for n in sorted(pool, key=lambda n: n.rel):
        for label in (n.name, n.title, *n.aliases):
            choices.setdefault(label, n.name)
    found = process.extract(name, list(choices), scorer=fuzz.WRatio, processor=utils.default_process,
                            limit=limit * 3, score_cutoff=70)
    out: list[str] = []
    for label, _score, _ in found:
        if choices[label] not in out:
            out.append(choices[label])
    return out[:limit]


def _unique(notes: list[Note]) -> list[Note]:
    seen: dict[str, Note] = {}
    for n in notes:
        seen.setdefault(n.rel, n)
    return list(seen.values())
