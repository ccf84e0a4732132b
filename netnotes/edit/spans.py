"""Edits to a card that change only the bytes they must.

Each edit is a pure function of the card's text: it finds the span to change with the
positions netnotes' one YAML loader (``netnotes.notes.yamlload``) keeps, writes the new value
with the YAML emitter (never by pasting strings together), re-reads the result with the same
loader and proves that nothing but the intended key changed. Where a safe span edit is
impossible (the value spans lines, carries an anchor, alias or tag, the key is written twice,
or the front matter has a problem ``netnotes validate`` reports as an error of the YAML
itself) it refuses, at the problem's line, and nothing is written. Comments, key order,
quoting, flow lists, indentation, CRLF, a BOM and a missing final newline all survive.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from netnotes.base.errors import NetnotesError
from netnotes.notes import yamlload, yamlwrite
from netnotes.notes.log import find_section, parse_log

_LINE_SPLIT = re.compile(r"(?<=\n)")


class EditRefused(NetnotesError):
    """The edit cannot be made safely; the file is unchanged."""

    exit_code = 4


@dataclass(frozen=True)
class CardText:
    """A card's text cut into its parts, with offsets into ``text``."""

    text: str
    newline: str
    fm_start: int | None  # start of the YAML text (after the opening --- line)
    fm_end: int | None  # start of the closing --- line
    body_start: int

    @property
    def fm(self) -> str:
        return self.text[self.fm_start:self.fm_end] if self.fm_start is not None else ""


def split(text: str) -> CardText:
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    lines = _LINE_SPLIT.split(text)
    if not lines or lines[0].rstrip("\r\n \t") != "---":
        return CardText(text, newline, None, None, 0)
    offset = len(lines[0])
    for line in lines[1:]:
        if line.rstrip("\r\n \t") in ("---", "..."):
            return CardText(text, newline, len(lines[0]), offset, offset + len(line))
        offset += len(line)
    raise EditRefused("the front matter opens with `---` but is never closed; fix the card first "
                      "(`netnotes validate` shows where)")


def emit(value: Any) -> str:
    """One YAML value on one line (``netnotes.notes.yamlwrite.emit``); refused when it has none."""
    _check_text(value)
    try:
        return yamlwrite.emit(value)
    except yamlwrite.NotOneLine as e:
        raise EditRefused(str(e)) from None


def quoted(value: str | list[str]) -> str:
    """Text always in double quotes (a phone number must never read as a number: Obsidian
    drops its leading 0); a JSON string is a YAML double-quoted scalar."""
    import json

    _check_text(value)
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _check_text(value: Any) -> None:
    """Every string in ``value`` is text a UTF-8 card can hold. A lone surrogate (a byte
    that was not UTF-8, from a file name such as a link's target) is refused here, where
    every value netnotes writes into YAML passes: the emitter would write it as a
    ``\\uDCxx`` escape, which YAML readers (netnotes' own included) refuse, and JSON would
    keep it as it is, which UTF-8 cannot encode. Callers that can do better (``event``
    links a card by a name it can hold: ``edit.events.link_to``) do so first."""
    items = value if isinstance(value, (list, tuple)) else value.values() if isinstance(value, dict) else [value]
    for item in items:
        if isinstance(item, (list, tuple, dict)):
            _check_text(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as e:
                from netnotes.edit.write import not_utf8

                shown = item.encode("utf-8", "replace").decode("utf-8")
                raise EditRefused(f"`{shown}` has {not_utf8(item[e.start])}, and a card is UTF-8 text; "
                                  "nothing was written",
                                  "rename a note whose file name is not UTF-8 before linking to it") from None


def emit_property(key: str, value: Any) -> str:
    """How netnotes writes ``key``'s value, whichever command writes it: phone numbers (text,
    or a list of text) in double quotes, everything else by the YAML emitter."""
    if key == "phone" and (isinstance(value, str) or
                           (isinstance(value, list) and value and all(isinstance(v, str) for v in value))):
        return quoted(value)
    return emit(value)


# the loader could not read the text as written: no edit can be placed safely in it
_UNREADABLE = ("yaml-syntax", "yaml-unsafe", "file-too-large")


def _read(fm: str) -> yamlload.LoadedYaml:
    """The front matter through the one loader; refused (at its file line) when the loader
    could not read it as written. A value that is merely wrong (a date that does not exist,
    an empty key inside a list) is kept as written and does not stop an edit elsewhere."""
    loaded = yamlload.load_front_matter(fm)
    errors = [d for d in loaded.issues if d.code in _UNREADABLE]
    if errors:
        d = min(errors)
        raise EditRefused(f"the front matter does not parse: line {d.line}, column {d.col}: {d.message}",
                          "fix it first; `netnotes validate` shows every problem in the card")
    return loaded


def _load(fm: str) -> dict:
    data = _read(fm).data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EditRefused("the front matter is not a set of properties; fix it first")
    return data


def _entries(fm: str) -> list[yamlload.Entry] | None:
    """The top-level ``key: value`` pairs as written; None when the front matter is empty."""
    loaded = _read(fm)
    if not loaded.layout:
        return None
    if loaded.layout != "lines":
        raise EditRefused("the front matter is not a plain list of `key: value` lines; edit it by hand")
    return loaded.entries


def _find(entries: list[yamlload.Entry] | None, key: str) -> yamlload.Entry | None:
    found = [e for e in entries or [] if e.name == key]
    if len(found) > 1:
        raise EditRefused(f"`{key}` is written twice in the front matter; keep one, then try again")
    return found[0] if found else None


def _check_simple(fm: str, key: str, entry: yamlload.Entry) -> None:
    k, v = entry.key, entry.value
    raw = fm[v.start:v.end]
    if raw.startswith(("&", "*", "!")) or fm[k.start:k.end].startswith(("&", "*", "!")):
        raise EditRefused(f"`{key}` carries a YAML anchor, alias or tag; edit it by hand")
    if v.line != v.end_line or k.line != v.line and raw:
        raise EditRefused(f"`{key}` spans several lines; edit it by hand")
    if entry.block:
        raise EditRefused(f"`{key}` is a block of text; edit it by hand")


def _verify(old_fm: str, new_fm: str, key: str, value: Any, removed: bool = False) -> None:
    before, after = _load(old_fm), _load(new_fm)
    others_before = {k: v for k, v in before.items() if k != key}
    others_after = {k: v for k, v in after.items() if k != key}
    ok = others_before == others_after and (key not in after if removed else after.get(key) == value)
    if not ok:
        raise EditRefused(f"editing `{key}` would change more than `{key}`; edit it by hand")


_same = yamlwrite.same  # equal and of the same types


def _with_fm(card: CardText, new_fm: str) -> str:
    assert card.fm_start is not None and card.fm_end is not None
    return card.text[:card.fm_start] + new_fm + card.text[card.fm_end:]


def set_property(text: str, key: str, value: Any) -> str:
    """The card with ``key: value``: its value replaced in place, or a new line added at the
    end of the front matter (front matter created when the card has none)."""
    card = split(text)
    yaml_value = emit_property(key, value)
    line = f"{emit(key)}: {yaml_value}"
    if card.fm_start is None:
        new = f"---{card.newline}{line}{card.newline}---{card.newline}" + text
        _verify("", _front(new), key, value)
        return new
    fm = card.fm
    entries = _entries(fm)
    entry = _find(entries, key)
    if entry is None:
        sep = "" if not fm or fm.endswith("\n") else card.newline
        indent = " " * entries[0].key.col if entries else ""
        new_fm = fm + sep + indent + line + card.newline
    else:
        _check_simple(fm, key, entry)
        current = _load(fm)
        if key in current and _same(current[key], value):
            return text  # already so: its quoting stays as written
        start, end = entry.value.start, entry.value.end
        if start == end:  # `key:` with no value
            colon = fm.index(":", entry.key.end)
            new_fm = fm[:colon + 1] + " " + yaml_value + fm[colon + 1:]
        else:
            new_fm = fm[:start] + yaml_value + fm[end:]
    _verify(fm, new_fm, key, value)
    return _with_fm(card, new_fm)


def remove_property(text: str, key: str) -> str:
    """The card without ``key`` (its whole line); unchanged when it has no such key."""
    card = split(text)
    if card.fm_start is None:
        return text
    fm = card.fm
    entry = _find(_entries(fm), key)
    if entry is None:
        return text
    _check_simple(fm, key, entry)
    line_start = fm.rfind("\n", 0, entry.key.start) + 1
    if fm[line_start:entry.key.start].strip():
        raise EditRefused(f"`{key}` shares its line with something else; edit it by hand")
    line_end = fm.find("\n", entry.value.end)
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
               continuation: list[str] | None = None, planned: bool = False) -> str:
    """The card with ``- DAY ENTRY`` (``- [ ] DAY ENTRY``: ``planned``) in its log section, at
    its place in the card's own order; the section is created at the end when missing."""
    card = split(text)
    nl = card.newline
    line = f"- {'[ ] ' if planned else ''}{day.isoformat()} {entry.strip()}"
    extra = [c.rstrip("\r\n") for c in (continuation or []) if c.strip()]
    probe = parse_log([f"## {heading}", line], 1, heading)
    if not (probe.planned if planned else probe.entries) or probe.problems:
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
    entries = sorted(section.entries + section.planned, key=lambda e: e.line)  # every dated item
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
