"""Edits to a card that change only the bytes they must.

Each edit is a pure function of the card's text: it finds the span to change with the YAML
parser's positions, writes the new value with the YAML emitter (never by pasting strings
together), re-parses the result and proves that nothing but the intended key changed.
Where a safe span edit is impossible (the value spans lines, carries an anchor, alias or
tag, the key is written twice, or the front matter does not parse) it refuses and nothing
is written. Comments, key order, quoting, flow lists, indentation, CRLF, a BOM and a missing
final newline all survive.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode

from netnotes.base.errors import NetnotesError
from netnotes.notes.log import find_section, parse_log

_LINE_SPLIT = re.compile(r"(?<=\n)")


class EditRefused(NetnotesError):
    """The edit cannot be made safely; the file is unchanged."""

    exit_code = 4


@dataclass(frozen=True)
class Card:
    """A card's text cut into its parts, with offsets into ``text``."""

    text: str
    newline: str
    fm_start: int | None  # start of the YAML text (after the opening --- line)
    fm_end: int | None  # start of the closing --- line
    body_start: int

    @property
    def fm(self) -> str:
        return self.text[self.fm_start:self.fm_end] if self.fm_start is not None else ""


def split(text: str) -> Card:
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    lines = _LINE_SPLIT.split(text)
    if not lines or lines[0].rstrip("\r\n \t") != "---":
        return Card(text, newline, None, None, 0)
    offset = len(lines[0])
    for line in lines[1:]:
        if line.rstrip("\r\n \t") in ("---", "..."):
            return Card(text, newline, len(lines[0]), offset, offset + len(line))
        offset += len(line)
    raise EditRefused("the front matter opens with `---` but is never closed; fix the card first "
                      "(`netnotes validate` shows where)")


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
    raise EditRefused(f"the value {value!r} cannot be written on one line")


def _reads_back(text: str, value: Any) -> bool:
    try:
        return _same(yaml.safe_load(text), value)
    except yaml.YAMLError:
        return False


def _load(fm: str) -> dict:
    try:
        data = yaml.load(fm, Loader=yaml.SafeLoader) if fm.strip() else {}
    except yaml.YAMLError as e:
        raise EditRefused(f"the front matter does not parse ({str(e).splitlines()[0]}); fix it first "
                          "(`netnotes validate` shows where)") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EditRefused("the front matter is not a set of properties; fix it first")
    return data


def _compose(fm: str) -> MappingNode | None:
    try:
        node = yaml.compose(fm, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise EditRefused(f"the front matter does not parse ({str(e).splitlines()[0]}); fix it first "
                          "(`netnotes validate` shows where)") from None
    if node is None:
        return None
    if not isinstance(node, MappingNode) or node.flow_style:
        raise EditRefused("the front matter is not a plain list of `key: value` lines; edit it by hand")
    return node


def _find(node: MappingNode | None, key: str):
    if node is None:
        return None
    found = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == key]
    if len(found) > 1:
        raise EditRefused(f"`{key}` is written twice in the front matter; keep one, then try again")
    return found[0] if found else None


def _check_simple(fm: str, key: str, k: ScalarNode, v) -> None:
    raw = fm[v.start_mark.index:v.end_mark.index]
    if raw.startswith(("&", "*", "!")) or fm[k.start_mark.index:k.end_mark.index].startswith(("&", "*", "!")):
        raise EditRefused(f"`{key}` carries a YAML anchor, alias or tag; edit it by hand")
    if v.start_mark.line != v.end_mark.line or k.start_mark.line != v.start_mark.line and raw:
        raise EditRefused(f"`{key}` spans several lines; edit it by hand")
    if isinstance(v, ScalarNode) and v.style in ("|", ">"):
        raise EditRefused(f"`{key}` is a block of text; edit it by hand")


def _verify(old_fm: str, new_fm: str, key: str, value: Any, removed: bool = False) -> None:
    before, after = _load(old_fm), _load(new_fm)
    others_before = {k: v for k, v in before.items() if k != key}
    others_after = {k: v for k, v in after.items() if k != key}
    ok = others_before == others_after and (key not in after if removed else after.get(key) == value)
    if not ok:
        raise EditRefused(f"editing `{key}` would change more than `{key}`; edit it by hand")


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types: ``1`` is not ``true``, ``"2026-12-01"`` is not a date."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def _with_fm(card: Card, new_fm: str) -> str:
    assert card.fm_start is not None and card.fm_end is not None
    return card.text[:card.fm_start] + new_fm + card.text[card.fm_end:]


def set_property(text: str, key: str, value: Any) -> str:
    """The card with ``key: value``: its value replaced in place, or a new line added at the
    end of the front matter (front matter created when the card has none)."""
    card = split(text)
    line = f"{emit(key)}: {emit(value)}"
    if card.fm_start is None:
        new = f"---{card.newline}{line}{card.newline}---{card.newline}" + text
        _verify("", _front(new), key, value)
        return new
    fm = card.fm
    node = _compose(fm)
    pair = _find(node, key)
    if pair is None:
        sep = "" if not fm or fm.endswith("\n") else card.newline
        indent = " " * node.value[0][0].start_mark.column if node is not None and node.value else ""
        new_fm = fm + sep + indent + line + card.newline
    else:
        k, v = pair
        _check_simple(fm, key, k, v)
        current = _load(fm)
        if key in current and _same(current[key], value):
            return text  # already so: its quoting stays as written
        start, end = v.start_mark.index, v.end_mark.index
        if start == end:  # `key:` with no value
            colon = fm.index(":", k.end_mark.index)
            new_fm = fm[:colon + 1] + " " + emit(value) + fm[colon + 1:]
        else:
            new_fm = fm[:start] + emit(value) + fm[end:]
    _verify(fm, new_fm, key, value)
    return _with_fm(card, new_fm)


def remove_property(text: str, key: str) -> str:
    """The card without ``key`` (its whole line); unchanged when it has no such key."""
    card = split(text)
    if card.fm_start is None:
        return text
    fm = card.fm
    pair = _find(_compose(fm), key)
    if pair is None:
        return text
    k, v = pair
    _check_simple(fm, key, k, v)
    line_start = fm.rfind("\n", 0, k.start_mark.index) + 1
    if fm[line_start:k.start_mark.index].strip():
        raise EditRefused(f"`{key}` shares its line with something else; edit it by hand")
    line_end = fm.find("\n", v.end_mark.index)
    line_end = len(fm) if line_end < 0 else line_end + 1
    new_fm = fm[:line_start] + fm[line_end:]
    _verify(fm, new_fm, key, None, removed=True)
    return _with_fm(card, new_fm)


def _front(text: str) -> str:
    return split(text).fm


def log_order(dates: list[dt.date]) -> str:
    """"asc" or "desc": the order the card's log already keeps (newest first by default)."""
    if len(dates) >= 2 and dates[0] < dates[-1] and dates == sorted(dates):
        return "asc"
    return "desc"


def append_log(text: str, day: dt.date, entry: str, heading: str = "Log",
               continuation: list[str] | None = None) -> str:
    """The card with ``- DAY ENTRY`` in its log section, at its place in the card's own order;
    the section is created at the end when missing."""
    card = split(text)
    nl = card.newline
    line = f"- {day.isoformat()} {entry.strip()}"
    extra = [c.rstrip("\r\n") for c in (continuation or []) if c.strip()]
    probe = parse_log([f"## {heading}", line], 1, heading)
    if not probe.entries or probe.problems:
        why = probe.problems[0].message if probe.problems else "it does not parse"
        raise EditRefused(f"`{entry}` is not a log entry: {why}",
                          "write it as `kind: text`, e.g. \"call: asked how I can help\"")
    body = text[card.body_start:]
    lines = _LINE_SPLIT.split(body) if body else []
    stripped = [ln.rstrip("\r\n") for ln in lines]
    found = find_section(stripped, heading)
    if found is None:
        missing_nl = bool(text) and not text.endswith("\n")  # and it stays missing
        gap = "" if not body.strip() or body.endswith(nl + nl) or body.endswith("\n\n") else nl
        block = nl.join([line, *extra])
        return text + (nl if missing_nl else "") + gap + f"## {heading}{nl}{block}" + ("" if missing_nl else nl)
    start, end, _ = found
    section = parse_log(stripped, 1, heading)
    entries = list(section.entries)
    if not entries:
        insert_at = start + 1
    else:
        order = log_order([e.date for e in entries])
        idx = [e.line - 1 for e in entries]  # 0-based line index within body
        insert_at = None
        if order == "desc":
            for e, i in zip(entries, idx):
                if e.date <= day:
                    insert_at = i
                    break
            if insert_at is None:
                insert_at = _entry_end(stripped, idx[-1], end)
        else:
            insert_at = start + 1
            for e, i in zip(entries, idx):
                if e.date <= day:
                    insert_at = _entry_end(stripped, i, end)
            if day < entries[0].date:
                insert_at = idx[0]
    new_lines = list(lines)
    if insert_at == len(new_lines) and new_lines and not new_lines[-1].endswith("\n"):
        new_lines[-1] += nl  # the card had no final newline, and has none after the entry either
        new_lines.append(nl.join([line, *extra]))
    else:
        new_lines[insert_at:insert_at] = [line + nl] + [c + nl for c in extra]
    return text[:card.body_start] + "".join(new_lines)


def _entry_end(lines: list[str], i: int, end: int) -> int:
    """Index after the entry at line ``i`` and its indented continuation lines."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    j = i + 1
    while j < end and lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) > indent:
        j += 1
    return j
