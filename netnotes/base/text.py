"""The text of a user's file: UTF-8, with or without a byte order mark. The one decoder.

Every place that reads a card, the config, an import or the review page decodes its bytes
here, so a BOM is dropped the same way everywhere and a bad byte is reported at the same
place. Offsets, lines and columns count the bytes after the BOM.
"""

from __future__ import annotations

import functools

BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """The bytes are not UTF-8: where the first bad byte is."""

    def __init__(self, data: bytes, offset: int) -> None:
        self.offset = offset  # 0-based, in the bytes after the BOM
        self.byte = data[offset]
        self.line = data.count(b"\n", 0, offset) + 1  # 1-based
        self.col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1  # 1-based, in bytes
        super().__init__(f"byte 0x{self.byte:02X} at line {self.line}, column {self.col} is not UTF-8")


def decode_text(data: bytes, errors: str = "strict") -> str:
    """``data`` as text, a leading BOM dropped. Strict by default: raises ``NotUtf8`` at the
    first bad byte; ``errors="replace"`` puts U+FFFD in its place instead, as bytes.decode does.
    Line breaks are kept as written (no newline translation)."""
    body = data[len(BOM):] if data.startswith(BOM) else data
    try:
        return body.decode("utf-8", errors)
    except UnicodeDecodeError as e:
        raise NotUtf8(body, e.start) from None


def printable(text: str) -> str:
    """``text`` with tabs, line breaks and control characters as spaces: what a card, a
    calendar or a name brings in must not restyle the terminal or break a line."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


def one_line(text: str) -> str:
    """``printable`` text on one line, its blanks collapsed."""
    return " ".join(printable(text).split())


def shown(text: str) -> str:
    """Text for a page a person reads: a file name's undecodable bytes (lone surrogates, as
    ``os.fsdecode`` gives them) shown as U+FFFD, as a browser or an editor shows them."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode(
            "utf-8", "replace").decode("utf-8")


def utf8_safe(text: str) -> str:
    """Text that encodes to valid UTF-8: a file name's undecodable bytes (held as lone
    surrogates, as ``os.fsdecode`` gives them) written as ``\\udcXX`` escapes. In JSON those are
    the string escapes for the same code units, so a reader gets the name back exactly."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def name_sort_key(name: str) -> "NameKey":
    """How names sort wherever they are shown: by the Unicode Collation Algorithm (pyuca's
    default table), so Émile comes before Zoé and Øyvind beside Olivia, with case and accents
    breaking ties only; then the name itself, so the order is total. The one key: the index
    path and the loaded path sort with it alike, and so give the same lists."""
    return NameKey(name)


@functools.total_ordering
class NameKey:
    """A name's place in collation order, without the collation's table where it can: its
    first level (base letters, case folded, accents ignored) is the name itself, folded, for
    names of ASCII letters, digits, spaces, hyphens, full stops and apostrophes with or without
    accents (U+0300-U+036F), and its third (case) too for names without accents. Two such
    names compare by those; others, and ties, by the full key, computed on first need
    (tests/base/test_text_sort.py checks both against pyuca). So most lists never pay for
    loading the table (a quarter of a second) nor for the full keys (30 µs a name)."""

    __slots__ = ("name", "_first", "_case", "_full")

    def __init__(self, name: str) -> None:
        self.name = name
        self._first, self._case = _levels(name)
        self._full: tuple | None = None

    def full(self) -> tuple:
        """The collation key, then the name."""
        if self._full is None:
            self._full = (_collator().sort_key(self.name), self.name)
        return self._full

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NameKey) and self.name == other.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __lt__(self, other: "NameKey") -> bool:
        a, b = self._first, other._first
        if a is not None and b is not None:
            if a != b:
                return a < b
            if self._case is not None and other._case is not None:
                return self._case < other._case
        return self.full() < other.full()

    def __repr__(self) -> str:
        return f"NameKey({self.name!r})"


_PLAIN = frozenset(" -.'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# The collation puts these before the digits and the letters, in this order: space, hyphen,
# full stop, apostrophe; mapped to four code points in that order, all below "0".
_PRIMARY = str.maketrans({"-": "!", ".": '"', "'": "#"})


def _levels(name: str) -> tuple[str | None, str | None]:
    """The collation's first level as a string, and its third (lower case before upper) for a
    name without accents; None where this shortcut does not know them."""
    if _PLAIN.issuperset(name):
        return name.lower().translate(_PRIMARY), "".join("1" if c.isupper() else "0" for c in name)
    import unicodedata

    base = "".join(c for c in unicodedata.normalize("NFD", name) if not "\u0300" <= c <= "\u036f")
    return (base.lower().translate(_PRIMARY) if _PLAIN.issuperset(base) else None), None


@functools.cache
def _collator():
    """Loaded once, on the first name that needs it: reading its table takes a quarter of a second."""
    import pyuca

    return pyuca.Collator()
