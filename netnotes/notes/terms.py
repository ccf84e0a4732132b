"""Matching what people offer and need: normalised terms and the config's synonyms.

"Web-Designers", "web designer" and "web design" (when the config says so) are one term, and
so are "book-keeping" and "bookkeeping".
"""

from __future__ import annotations

import re
import unicodedata

_SPLIT = re.compile(r"[\s\-_/]+")
_KEEP_S = ("ss", "us", "is", "ys")


def _singular(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def normalize_term(term: str) -> str:
    """Lower case, accents and punctuation folded, hyphens as spaces, each word singular."""
    s = unicodedata.normalize("NFKD", term.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w\s\-/]", " ", s)
    return " ".join(_singular(w) for w in _SPLIT.split(s) if w)


def _compact(term: str) -> str:
    """The normalised term without spaces: "book-keeping" and "bookkeeping" are one word."""
    return normalize_term(term).replace(" ", "")


class Vocabulary:
    """Maps every spelling of a term to one canonical key, through the config's synonyms."""

    def __init__(self, synonyms: dict[str, tuple[str, ...]]) -> None:
        self.canon: dict[str, str] = {}
        self._keys: dict[str, str] = {}  # spelling -> key, remembered (a vault repeats its terms)
        self._words: dict[str, list[str]] = {}  # spelling -> its normalised words, likewise
        for key, words in synonyms.items():
            k = _compact(key)
            existing = self.canon.get(k, k)
            for w in (key, *words):
                self.canon[_compact(w)] = existing

    def key(self, term: str) -> str:
        found = self._keys.get(term)
        if found is None:
            n = _compact(term)
            found = self._keys[term] = self.canon.get(n, n)
        return found

    def _words_of(self, term: str) -> list[str]:
        found = self._words.get(term)
        if found is None:
            found = self._words[term] = normalize_term(term).split()
        return found

    def matches(self, query: str, offered: str) -> int:
        """2 when the terms are the same (or synonyms), 1 when the query's words all appear in
        the offered term ("tax" in "small-business tax"), else 0."""
        q, o = self.key(query), self.key(offered)
        if not q or not o:
            return 0
        if q == o:
            return 2
        qw, ow = self._words_of(query), self._words_of(offered)
        if qw and all(w in ow for w in qw):
            return 1
        return 0
