"""Names as people type them: folded, shortened, nicknamed.

A name typed on the command line is often not the card's spelling: no accents (`Zoe` for
`Zoë`), only a first name or a surname, a prefix, initials, or a nickname (`Bob` for
`Robert`). These are the looser steps of ``Resolver.lookup`` (``notes.resolve``), tried only
after the exact ones, and only for typed names: links (``[[...]]``) resolve as Obsidian does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterable

from netnotes.notes.note import Note


def fold(name: str) -> str:
    """A name with case, accents and punctuation folded away, blanks collapsed: the key that
    "same name" compares (`Hélène Côté` and `helene cote`, `O'Brien` and `O’Brien`)."""
    s = name.casefold()
    if not s.isascii():  # the slow part, for the few names that need it
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()
    return " ".join(_PUNCTUATION.sub(" ", s).split())


_PUNCTUATION = re.compile(r"[^\w\s]")


# the hows of the folded steps, and the plain hows whose keys are already folded: a folded key
# is stored (in memory and in the index) only where folding changes the plain key
FOLDED = {"folded": ("title", "name"), "folded alias": ("alias",)}


def folded_keys(title: str, name: str, aliases: Iterable[str]) -> set[tuple[str, str]]:
    """The ``(key, how)`` name-table rows of a note's folded names, where folding changes
    the plain key (``normalize_name``); a plain row answers for the others."""
    from netnotes.notes.links import normalize_name

    out = set()
    for how, names in (("folded", (title, name)), ("folded alias", aliases)):
        for x in names:
            key = fold(x)
            if key and key != normalize_name(x):
                out.add((key, how))
    return out


def labels(note: Note) -> list[str]:
    """The folded names a note answers to: its ``name``, file name and aliases."""
    out: list[str] = []
    for label in (note.name, note.title, *note.aliases):
        key = fold(label)
        if key and key not in out:
            out.append(key)
    return out


def loose_tiers(typed: str, pool: Callable[[], Iterable[Note]]) -> Iterable[list[Note]]:
    """The notes of ``pool`` a typed name could mean by a looser rule, one list per rule,
    best rule first: a whole word of a name (a unique first name or surname); prefixes of
    the words in order, or initials; a known nickname of the first word (`Bob`, `Robert`).
    ``pool`` is called (once) only when the typed name can take a loose step. Nothing for
    a name with a folder in it, or of fewer than two letters."""
    key = fold(typed)
    if "/" in typed or "\\" in typed or len(key.replace(" ", "")) < 2:
        return
    words = key.split()
    notes = sorted(pool(), key=lambda n: n.rel)
    named = [(n, [label.split() for label in labels(n)]) for n in notes]
    yield [n for n, ls in named if any(_contiguous(words, label) for label in ls)]
    yield [n for n, ls in named if any(_prefixes(words, label) or _initials(words, label) for label in ls)]
    others = [[alt, *words[1:]] for alt in nicknames(words[0])]
    yield [n for n, ls in named if any(_contiguous(alt, label) for alt in others for label in ls)]


def _contiguous(words: list[str], label: list[str]) -> bool:
    """``words`` appear side by side in ``label`` (`gervais` in `alain gervais`)."""
    k = len(words)
    return any(label[i:i + k] == words for i in range(len(label) - k + 1))


def _prefixes(words: list[str], label: list[str]) -> bool:
    """Each typed word begins a word of ``label``, in order (`al g`, `ala` for `alain gervais`)."""
    i = 0
    for w in words:
        while i < len(label) and not label[i].startswith(w):
            i += 1
        if i == len(label):
            return False
        i += 1
    return True


def _initials(words: list[str], label: list[str]) -> bool:
    """One typed word that is the initials of every word of ``label`` (`ag` for `alain gervais`)."""
    return len(words) == 1 and len(label) >= 2 and words[0] == "".join(w[0] for w in label)


def nicknames(first: str) -> list[str]:
    """The names ``first`` is a nickname of, and its nicknames, folded and sorted (from the
    ``nicknames`` package's hand-curated list of English names)."""
    table = _nicknamer()
    return sorted({fold(n) for n in table.nicknames_of(first) | table.canonicals_of(first)} - {first, ""})


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()
