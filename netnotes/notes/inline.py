"""Dataview inline fields: ``last-contact:: 2024-01-05`` on a line of its own (a list item or
a quote too), or ``[key:: value]`` / ``(key:: value)`` inside a sentence.

Read as properties where Dataview is in use (``Config.dataview``); each field keeps the line
and column of its value, so that a problem with it is reported where it is written. Code
blocks and inline code are not fields.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from netnotes.notes.links import LINK_RE

# the key: text without colons or brackets, optionally in ** or __; the value: the rest of the line
_LINE = re.compile(r"(?P<lead>\s*(?:[-*+]\s+(?:\[.\]\s+)?|\d+[.)]\s+|>\s*)*)(?P<mark>\*\*|__)?"
                   r"(?P<key>[^\s:*_`\[\]()#>][^:*`\[\]()]*?)(?P=mark)?::(?P<value>.*)")
_VALUE = r"(?:\[\[[^\]\n]*\]\]|[^\[\]()\n])*"
_BRACKETED = re.compile(r"(?P<open>[\[(])(?P<key>[^\s:*_`\[\]()#][^:*`\[\]()]*?)::(?P<value>" + _VALUE + r")[\])]")
_CODE = re.compile(r"`[^`\n]*`")


class InlineField(NamedTuple):
    key: str
    value: str | list[str]
    line: int  # 1-based, in the file
    col: int  # 1-based column of the value
    span: int
    key_col: int = 1  # 1-based column of the key


def inline_fields(body_lines: list[str], first_line: int) -> list[InlineField]:
    """Every inline field of the body, in order. ``first_line`` is the file line of
    ``body_lines[0]``."""
    out: list[InlineField] = []
    in_fence = False
    for i, line in enumerate(body_lines):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or "::" not in line:
            continue
        text = _CODE.sub(lambda m: " " * len(m.group()), line)  # same columns, no code
        found = False
        for m in _BRACKETED.finditer(text):
            out.append(_field(m, first_line + i))
            found = True
        if found:
            continue
        m = _LINE.fullmatch(text)
        if m and "::" not in m.group("value")[:1]:
            out.append(_field(m, first_line + i))
    return [f for f in out if f.key and f.value not in ("", [])]


def _field(m: re.Match[str], line: int) -> InlineField:
    key, raw, start = m.group("key"), m.group("value"), m.start("value")
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':  # a quoted string: the text inside
        text, lead = text[1:-1], lead + 1
    return InlineField(key.strip(), split_value(text), line, start + lead + 1, max(len(text), 1), m.start("key") + 1)


def split_value(text: str) -> str | list[str]:
    """A value of several links separated by commas is a list, as Dataview reads it; any
    other value is the text itself."""
    if "," in text and "[[" in text:
        parts = [p.strip() for p in _split_outside_links(text)]
        if all(LINK_RE.fullmatch(p) for p in parts if p) and sum(1 for p in parts if p) > 1:
            return [p for p in parts if p]
    return text


def _split_outside_links(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    i = 0
    while i < len(text):
        if text.startswith("[[", i):
            depth += 1
            cur += "[["
            i += 2
            continue
        if text.startswith("]]", i) and depth:
            depth -= 1
            cur += "]]"
            i += 2
            continue
        if text[i] == "," and not depth:
            parts.append(cur)
            cur = ""
        else:
            cur += text[i]
        i += 1
    return parts + [cur]


def with_inline_fields(props: dict, pos: dict, key_pos: dict, body_lines: list[str],
                       first_line: int) -> tuple[dict, dict, dict]:
    """The properties, their value and name positions, with the body's inline fields added;
    the front matter wins a name both write (names compared as Obsidian does, in any case)."""
    from netnotes.notes.propnames import fold

    fields = inline_fields(body_lines, first_line)
    if not fields:
        return props, pos, key_pos
    props, pos, key_pos = dict(props), dict(pos), dict(key_pos)
    taken = {fold(k) for k in props if isinstance(k, str)}
    for f in fields:
        if fold(f.key) in taken:
            continue
        taken.add(fold(f.key))
        props[f.key] = f.value
        pos[f.key] = (f.line, f.col, f.span)
        key_pos[f.key] = (f.line, f.key_col, len(f.key))
    return props, pos, key_pos
