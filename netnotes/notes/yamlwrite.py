"""One YAML value written on one line, by the YAML emitter, and proved by reading it back with
netnotes' own loader (``netnotes.notes.yamlload``). Edits and templates write values here."""

from __future__ import annotations

from typing import Any

import yaml

from netnotes.notes import yamlload


class NotOneLine(ValueError):
    """The value has no one-line YAML form."""


def emit(value: Any) -> str:
    """One YAML value as the emitter writes it, on one line. Non-ASCII characters are
    escaped only when, written as they are, the value would not read back the same (the
    emitter leaves U+0085 and U+2028 raw, and YAML reads them as line breaks)."""
    one_line = []
    for allow_unicode in (True, False):
        text = yaml.safe_dump(value, allow_unicode=allow_unicode, default_flow_style=True, width=1_000_000,
                              sort_keys=False)
        if text.endswith("\n...\n"):
            text = text[: -len("\n...\n")]
        text = text.rstrip("\n")
        if not any(c in text for c in "\n\r\x85\u2028\u2029"):
            if _reads_back(text, value):
                return text
            one_line.append(text)
    if one_line:  # e.g. .nan, which is never equal to itself
        return one_line[0]
    raise NotOneLine(f"the value {value!r} cannot be written on one line")


def _reads_back(text: str, value: Any) -> bool:
    loaded = yamlload.load(text)
    return not loaded.issues and same(loaded.data, value)


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types: ``1`` is not ``true``, ``"2026-12-01"`` is not a date."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b
