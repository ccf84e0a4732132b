"""Link and name resolution, as Obsidian does it and a little more: the one name lookup.

A link target matches a note by its path, its file name, its ``name`` property or one of
its ``aliases``, case-insensitively (``resolve_in``). A name typed on the command line
(``Resolver.lookup``) goes through the same tables, exact spellings first, then looser
steps only typed names get: accents and punctuation folded, then a unique first name,
surname, prefix or initials, then a nickname (``notes.typed_names``). The first step that
finds anyone decides; several there is ambiguous, none anywhere is "did you mean", ranked
by similarity of the folded names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Protocol

from netnotes.base.errors import AmbiguousName, NameNotFound
from netnotes.notes.note import Note
from netnotes.notes.links import link_key, normalize_name
from netnotes.notes.typed_names import FOLDED, fold, folded_keys, loose_tiers

SHOWN = 10  # candidates an ambiguous name lists


@dataclass(frozen=True)
class Match:
    notes: tuple[Note, ...]
    how: str  # path | title | name | alias | none

    @property
    def note(self) -> Note | None:
        return self.notes[0] if len(self.notes) == 1 else None


class NameTables(Protocol):
    """Where resolution looks names up: in memory (``MemoryTables``) or in the index
    (``netnotes.index.names``). Keys are ``normalize_name``'d, and ``fold``'ed for the hows
    ``folded`` (file name or ``name``) and ``folded alias``."""

    def at_path(self, key: str) -> Any | None: ...

    def called(self, how: str, key: str) -> list[Any]: ...  # how: title | name | alias | folded | folded alias


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
        self.all: list[Note] = []
        self.by_how: dict[str, dict[str, list[Note]]] = {h: {} for h in ("title", "name", "alias", "folded",
                                                                         "folded alias")}
        for n in notes:
            self.all.append(n)
            self.by_path[normalize_name(n.rel)] = n
            self.by_how["title"].setdefault(normalize_name(n.title), []).append(n)
            if n.name != n.title:
                self.by_how["name"].setdefault(normalize_name(n.name), []).append(n)
            for a in n.aliases:
                self.by_how["alias"].setdefault(normalize_name(a), []).append(n)
            for key, how in sorted(folded_keys(n.title, n.name, n.aliases)):
                self.by_how[how].setdefault(key, []).append(n)

    def at_path(self, key: str) -> Note | None:
        return self.by_path.get(key)

    def called(self, how: str, key: str) -> list[Note]:
        found = self.by_how[how].get(key, [])
        for plain in FOLDED.get(how, ()):
            found = found + self.by_how[plain].get(key, [])
        return found

    def every(self, kinds: tuple[str, ...]) -> list[Note]:
        return [n for n in self.all if not kinds or n.kind in kinds]

    def whole(self, note: Note) -> Note:
        """The note itself (``every`` gives whole notes here)."""
        return note


def _kinds_said(kinds: tuple[str, ...]) -> tuple[str, str]:
    """``("contact", "group")`` as "contact or group" and "contacts or groups"."""
    if not kinds:
        return "note", "notes"

    def listed(words: list[str]) -> str:
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    return listed(list(kinds)), listed([f"{k}s" for k in kinds])


class Resolver:
    """The one name lookup, over name tables in memory or in the index."""

    def __init__(self, notes: Iterable[Note] = (), tables: "MemoryTables | None" = None) -> None:
        """``tables``: anything with MemoryTables' methods (the index has NoteTables)."""
        self.tables = tables if tables is not None else MemoryTables(notes)

    def resolve(self, target: str) -> Match:
        found, how = resolve_in(self.tables, target)
        return Match(tuple(_unique(found)), how)

    def candidates(self, name: str, kinds: tuple[str, ...] = (),
                   pool: "Callable[[], list[Note]] | None" = None) -> Iterator[list[Note]]:
        """The notes ``name`` could mean, one list per step of the lookup, best first: an
        exact file name, path or ``name``; an exact alias; the same case-insensitively; an
        alias likewise; then folded (``fold``): a name, an alias; then the loose steps of
        ``typed_names.loose_tiers`` over every note of ``kinds`` (stand-ins, in the index:
        ``tables.whole`` reads one whole). Lazy: a step is computed only when the ones before
        it found no one."""
        def of_kind(notes: Iterable[Note]) -> list[Note]:
            return [n for n in _unique(list(notes)) if not kinds or n.kind in kinds]

        key, t = normalize_name(name), self.tables
        path = t.at_path(normalize_name(name.replace("\\", "/")))
        named = of_kind([*([path] if path else []), *t.called("title", key), *t.called("name", key)])
        aliased = of_kind(t.called("alias", key))
        yield [n for n in named if name in (n.title, n.name, n.rel, n.rel[:-3])]
        yield [n for n in aliased if name in n.aliases]
        yield named
        yield aliased
        folded = fold(name)
        if folded:
            yield of_kind(t.called("folded", folded))
            yield of_kind(t.called("folded alias", folded))
        yield from loose_tiers(name, pool or (lambda: t.every(kinds)))

    def lookup(self, name: str, kinds: tuple[str, ...] = ("contact",)) -> Note:
        """The one note a typed ``name`` means; AmbiguousName lists the candidates (name,
        company, path), and NameNotFound says "did you mean"."""
        what, whats = _kinds_said(kinds)
        every: list[list[Note]] = []

        def pool() -> list[Note]:  # every note of these kinds, read once for the loose steps and "did you mean"
            if not every:
                every.append(self.tables.every(kinds))
            return every[0]

        for found in self.candidates(name, kinds, pool):
            if len(found) == 1:
                return self.tables.whole(found[0])
            if len(found) > 1:
                found = sorted(found, key=lambda n: n.rel)
                shown = [self.tables.whole(n) for n in found[:SHOWN]]
                listing = "\n".join(f"  {_described(n)}  ({n.rel})" for n in shown)
                more = f"\n  ... and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
                raise AmbiguousName(f"`{name}` matches {len(found)} {whats}:\n{listing}{more}",
                                    "give more of the name, or the file path, e.g. " + found[0].rel[:-3])
        suggestions = suggest(name, pool())
        hint = f"did you mean: {', '.join(suggestions)}?" if suggestions else "see `netnotes list`"
        raise NameNotFound(f"no {what} named `{name}`", hint)


SIMILAR = 70  # the least similarity (0-100) of a suggestion


def _similarity(typed: str, label: str, **_kw) -> float:
    """How alike two folded names are: as whole strings, as sorted words, or word by word
    (each typed word against its closest word of the name, a little less), the best of
    these. Unlike rapidfuzz's WRatio, a short name is not a close match of every name that
    merely contains its letters."""
    from rapidfuzz import fuzz

    typed_words, words = typed.split(), label.split()
    by_word = 0.0
    if typed_words and words:
        by_word = sum(max(fuzz.ratio(a, b) for b in words) for a in typed_words) / len(typed_words) - 5
    return max(fuzz.ratio(typed, label), fuzz.token_sort_ratio(typed, label), by_word)


def _described(note: Note) -> str:
    company = note.props.get("company")
    return f"{note.name}, {company.strip()}" if isinstance(company, str) and company.strip() else note.name


def suggest(name: str, pool: list[Note], limit: int = 3) -> list[str]:
    """The names in ``pool`` closest to ``name`` (by name, file name or alias), best first,
    compared folded (``fold``), so that a missing accent costs nothing (``_similarity``)."""
    from rapidfuzz import fuzz, process

    typed = fold(name)
    if not typed:
        return []
    choices: dict[str, str] = {}  # folded label -> the name shown
    for n in sorted(pool, key=lambda n: n.rel):
        for label in (n.name, n.title, *n.aliases):
            choices.setdefault(fold(label), n.name)
    choices.pop("", None)
    labels = list(choices)
    # the few worth scoring in full: close as whole strings, as sorted words, or holding a close word
    near = {label for scorer in (fuzz.ratio, fuzz.token_sort_ratio)
            for label, _s, _i in process.extract(typed, labels, scorer=scorer, limit=limit * 5)}
    by_word: dict[str, list[str]] = {}
    for label in labels:
        for w in set(label.split()):
            by_word.setdefault(w, []).append(label)
    for w in set(typed.split()):
        for close, _s, _i in process.extract(w, list(by_word), scorer=fuzz.ratio, limit=limit * 5):
            near.update(by_word[close])
    scored = sorted(((-_similarity(typed, label), label) for label in near), key=lambda x: (x[0], x[1]))
    out: list[str] = []
    for score, label in scored:
        if -score >= SIMILAR and choices[label] not in out:
            out.append(choices[label])
    return out[:limit]


def _unique(notes: list[Note]) -> list[Note]:
    seen: dict[str, Note] = {}
    for n in notes:
        seen.setdefault(n.rel, n)
    return list(seen.values())
