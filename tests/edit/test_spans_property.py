"""Property tests for the span edits (netnotes.edit.spans): generated cards with comments, CRLF, a
BOM, odd quoting, flow lists, indentation, Unicode and a missing final newline.

Each generated card is built line by line, so the test knows where every value sits and can
say which bytes must survive an edit: everything before and after the edited span. The
edited front matter is parsed again to check that only the intended key changed, and the
same edit made twice is a no-op where it should be.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from netnotes.edit.spans import _same  # equal and of the same types
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netnotes.notes.fields import FIELDS
from netnotes.notes.note import parse_note
from netnotes.notes.propnames import canonical_names
from netnotes.edit.write import BOM, apply_edit
from netnotes.vault.config import Config
from netnotes.edit.editor import BREAKING
from netnotes.edit.spans import EditRefused, append_log, emit, remove_property, set_property, split

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALPHA = "abcdefghijklmnopqrstuvwxyzÀéßøЖж日本語🙂"
WORD = st.text(alphabet=ALPHA, min_size=1, max_size=6)
# characters a person types into a quoted value or a comment (no line breaks, no controls)
SAFE = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"),
                     blacklist_characters="\ufeff")
KEY_POOL = ["name", "company", "tier", "next_followup", "met", "tags", "ñame", "städt", "名前",
            "clé_1", "e-mail", "x y"]
# any value the emitter must be able to write on one line
NEW_VALUES = st.one_of(
    st.text(max_size=20), st.text(alphabet=ALPHA + " '\"#:,[]{}&*!|>%@`-?", max_size=20),
    st.integers(-10**6, 10**6), st.booleans(), st.none(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.lists(st.text(alphabet=ALPHA + " ,'\"", max_size=6), max_size=3),
)


def _loads_to(rendered: str, value: Any) -> bool:
    try:
        loaded = yaml.safe_load(f"k: {rendered}")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and _same(loaded.get("k"), value)


@st.composite
def scalars(draw, flow: bool = False) -> tuple[str, Any]:
    """(as written in the card, the value YAML reads)."""
    kind = draw(st.sampled_from(["plain", "single", "double", "int", "date", "bool"]
                                + ([] if flow else ["null", "flow"])))
    if kind == "plain":
        text = " ".join(draw(st.lists(WORD, min_size=1, max_size=3)))
        rendered, value = text, text
    elif kind == "single":
        text = draw(st.text(SAFE, max_size=10))
        rendered, value = "'" + text.replace("'", "''") + "'", text
    elif kind == "double":
        text = draw(st.text(SAFE, max_size=10))
        rendered, value = json.dumps(text, ensure_ascii=False), text
    elif kind == "int":
        value = draw(st.integers(0, 99999))
        rendered = str(value)
    elif kind == "date":
        value = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
        rendered = value.isoformat()
    elif kind == "bool":
        value = draw(st.booleans())
        rendered = "true" if value else "false"
    elif kind == "null":
        rendered, value = draw(st.sampled_from(["~", "null", ""])), None
    else:
        items = draw(st.lists(scalars(flow=True), max_size=3))
        sep, pad = draw(st.sampled_from([(", ", ""), (",", ""), (", ", " ")]))
        rendered = "[" + pad + sep.join(r for r, _ in items) + pad + "]"
        value = [v for _, v in items]
    assume(_loads_to(rendered, value) if rendered else True)
    return rendered, value


@dataclass
class Prop:
    key: str
    line: int  # index into Card.lines
    start: int  # column of the value's first character (after the colon when empty)
    end: int
    simple: bool  # one line, no anchor: an edit may touch it


@dataclass
class Card:
    lines: list[str]
    nl: str
    final_newline: bool
    bom: bool
    has_fm: bool
    closing: int  # index of the closing --- line (when has_fm)
    indent: str
    props: dict[str, Prop] = field(default_factory=dict)
    log: tuple[int, int] | None = None  # (index of the heading line, index after the section)
    entries: list[tuple[int, dt.date]] = field(default_factory=list)  # (line index, date)

    @property
    def text(self) -> str:
        return self.nl.join(self.lines) + (self.nl if self.final_newline else "")

    def offset(self, line: int, col: int = 0) -> int:
        return sum(len(x) + len(self.nl) for x in self.lines[:line]) + col

    @property
    def data(self) -> bytes:
        return (BOM if self.bom else b"") + self.text.encode("utf-8")

    def front(self) -> dict:
        return yaml.safe_load(self.nl.join(self.lines[1:self.closing])) or {} if self.has_fm else {}


def _key_text(draw, key: str) -> str:
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return f"'{key}'"
    if style == "double":
        return json.dumps(key, ensure_ascii=False)
    return key


def _comment(draw) -> str:
    return "# " + draw(st.text(SAFE, max_size=12))


@st.composite
def cards(draw, with_log: bool = True) -> Card:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    has_fm = draw(st.integers(0, 9)) > 0
    indent = draw(st.sampled_from(["", "", "  "]))
    card = Card([], nl, draw(st.booleans()), draw(st.booleans()), has_fm, 0, indent)
    lines = card.lines
    if has_fm:
        lines.append(draw(st.sampled_from(["---", "---", "--- "])))
        keys = draw(st.lists(st.sampled_from(KEY_POOL), unique=True, max_size=6))
        for key in keys:
            for _ in range(draw(st.integers(0, 1))):  # comments and blank lines between properties
                lines.append(draw(st.sampled_from(["", indent + _comment(draw), _comment(draw), "   "])))
            head = f"{indent}{_key_text(draw, key)}:"
            shape = draw(st.sampled_from(["scalar"] * 6 + ["nested", "blocklist"]))
            if shape == "scalar":
                rendered, _value = draw(scalars())
                gap = draw(st.sampled_from([" ", " ", "  "])) if rendered else ""
                trail = draw(st.sampled_from(["", "", "  " + _comment(draw), " " + _comment(draw)]))
                start = len(head) + len(gap)
                card.props[key] = Prop(key, len(lines), start if rendered else len(head),
                                       start + len(rendered) if rendered else len(head), True)
                lines.append(head + gap + rendered + trail)
            elif shape == "nested":
                card.props[key] = Prop(key, len(lines), 0, 0, False)
                lines.append(head)
                inner = indent + draw(st.sampled_from(["  ", "    "]))
                for sub in draw(st.lists(WORD, unique=True, min_size=1, max_size=2)):
                    rendered, _value = draw(scalars(flow=True))
                    lines.append(f"{inner}{sub}: {rendered}".rstrip())
            else:
                card.props[key] = Prop(key, len(lines), 0, 0, False)
                lines.append(head)
                dash = indent + draw(st.sampled_from(["- ", "  - "]))
                for _ in range(draw(st.integers(1, 2))):
                    rendered, _value = draw(scalars(flow=True))
                    lines.append(f"{dash}{rendered}".rstrip())
        if draw(st.booleans()):
            lines.append(_comment(draw))
        card.closing = len(lines)
        lines.append("---")
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(st.sampled_from(["", "Met at the ünïcode meetup 🙂.", "---", "# Notes",
                                           "- a list item", "  indented text", "Log"])))
    if not has_fm and lines and lines[0].rstrip() == "---":
        lines[0] = "***"
    if with_log and draw(st.booleans()):
        level = _log(draw, card)
        if draw(st.booleans()):
            lines.extend(["", level + " Later", "- 2026-01-01 not a log entry"])
    card.final_newline = card.final_newline or (bool(lines) and lines[-1] == "")
    try:
        front = card.front()
    except yaml.YAMLError:
        front = None
    assume(isinstance(front, dict))  # the generator is for cards that parse
    return card


def _log(draw, card: Card) -> str:
    lines = card.lines
    start = len(lines)
    heading = draw(st.sampled_from(["## Log", "## log", "# Log"]))
    lines.append(heading)
    dates = draw(st.lists(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)), max_size=5))
    order = draw(st.sampled_from(["asc", "desc", "as written"]))
    if order != "as written":
        dates.sort(reverse=order == "desc")
    if draw(st.booleans()):
        lines.append("")
    for day in dates:
        kind = draw(st.sampled_from(["call: asked how I can help", "coffee at [[Bridgehead]]",
                                     "email", "note: ünïcode 🙂"]))
        bullet = draw(st.sampled_from(["- ", "* "]))
        card.entries.append((len(lines), day))
        lines.append(f"{bullet}{day.isoformat()} {kind}")
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(st.sampled_from(["  continued on the next line", "    - a sub-point"])))
    card.log = (start, len(lines))
    return heading.split()[0]


# ---- set_property --------------------------------------------------------------------------
def _check_span(old: str, new: str, prefix_len: int, suffix_len: int) -> str:
    """``new`` keeps old[:prefix_len] and old's last suffix_len characters; returns the middle."""
    assert new[:prefix_len] == old[:prefix_len]
    assert len(new) >= prefix_len + suffix_len
    assert new[len(new) - suffix_len:] == old[len(old) - suffix_len:]
    return new[prefix_len:len(new) - suffix_len]


def _front_after(new: str) -> dict:
    return yaml.safe_load(split(new).fm) or {}


@st.composite
def set_cases(draw):
    card = draw(cards())
    simple = [k for k, p in card.props.items() if p.simple]
    absent = [k for k in KEY_POOL if k not in card.props]
    choice = draw(st.sampled_from(["existing"] * 3 + ["new", "unicode"]) if simple else
                  st.sampled_from(["new", "unicode"]))
    if choice == "existing":
        key = draw(st.sampled_from(simple))
    elif choice == "new":
        key = draw(st.sampled_from(absent))
    else:
        key = draw(st.text(SAFE, min_size=1, max_size=8).filter(lambda k: k not in card.props))
    return card, key, draw(NEW_VALUES)


@SETTINGS
@given(set_cases())
def test_set_property_changes_only_the_value(case):
    card, key, value = case
    old = card.text
    new = set_property(old, key, value)
    if not card.has_fm:
        middle = _check_span(old, new, 0, len(old))
        nl = card.nl if "\n" in old else "\n"  # an empty card has no line ending to follow
        assert middle.startswith("---" + nl) and middle.endswith(nl + "---" + nl)
        assert middle.count("\n") == 3
    elif key in card.props:
        p = card.props[key]
        start, end = card.offset(p.line, p.start), card.offset(p.line, p.end)
        middle = _check_span(old, new, start, len(old) - end)
        assert "\n" not in middle and "\r" not in middle
        assert _same(yaml.safe_load(f"k:{middle}" if p.start == p.end else f"k: {middle}")["k"], value)
    else:
        closing = card.offset(card.closing)
        middle = _check_span(old, new, closing, len(old) - closing)
        assert middle.endswith(card.nl) and middle.count("\n") == 1
        assert middle.startswith((card.indent if card.props else "") + emit(key) + ":")
    expected = dict(card.front())
    expected[key] = value
    assert _same(_front_after(new), expected)
    # the same edit again changes nothing
    assert set_property(new, key, value) == new


@SETTINGS
@given(set_cases())
def test_setting_the_value_a_key_already_has_changes_nothing(case):
    card, key, _value = case
    assume(key in card.props and card.props[key].simple)
    current = card.front()[key]
    assert set_property(card.text, key, current) == card.text


@SETTINGS
@given(set_cases())
def test_set_through_the_file_keeps_bom_and_line_endings(case):
    card, key, value = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Card.md"
        path.write_bytes(card.data)
        result = apply_edit(path, "Card.md", lambda text: set_property(text, key, value), dry_run=True)
        assert path.read_bytes() == card.data  # a dry run writes nothing
    expected = set_property(card.text, key, value).encode("utf-8")
    assert result.after == (BOM if card.bom else b"") + expected
    new_text = expected.decode("utf-8")
    if card.nl == "\r\n" and "\n" in card.text:  # no bare \n crept in
        assert new_text.count("\n") == new_text.count("\r\n")
    else:
        assert "\r" not in new_text
    # the card still parses as netnotes reads it, with the same problems as before and the new value
    before = parse_note("People/Card.md", card.data, Config())
    after = parse_note("People/Card.md", result.after, Config())
    assert not {d.code for d in after.diagnostics} & BREAKING
    # the key as netnotes reads it (`e-mail` is read as `email`, notes.propnames) is the one changed
    same = {key, *(canonical_names([key], Config(), FIELDS, True).values())}
    assert {k: v for k, v in after.props.items() if k not in same} == \
        {k: v for k, v in before.props.items() if k not in same}


# ---- remove_property -----------------------------------------------------------------------
@st.composite
def remove_cases(draw):
    card = draw(cards())
    simple = [k for k, p in card.props.items() if p.simple]
    options = simple + [k for k in KEY_POOL if k not in card.props][:2]
    assume(options)
    return card, draw(st.sampled_from(options))


@SETTINGS
@given(remove_cases())
def test_remove_property_takes_out_exactly_its_line(case):
    card, key = case
    old = card.text
    new = remove_property(old, key)
    if key not in card.props:
        assert new == old
        return
    line = card.props[key].line
    start, end = card.offset(line), card.offset(line + 1)
    assert new == old[:start] + old[end:]
    expected = {k: v for k, v in card.front().items() if k != key}
    assert _same(_front_after(new), expected)
    assert remove_property(new, key) == new  # removing twice is the same as once


# ---- append_log ----------------------------------------------------------------------------
def _expected_insert(card: Card, day: dt.date) -> int | None:
    """The line index the new entry goes to (None: a new section at the end)."""
    if card.log is None:
        return None
    dates = [d for _, d in card.entries]
    if not dates:
        return card.log[0] + 1
    idx = [i for i, _ in card.entries]
    ascending = len(dates) >= 2 and dates[0] < dates[-1] and dates == sorted(dates)
    if ascending:
        if day < dates[0]:
            return idx[0]
        last = max(n for n, d in enumerate(dates) if d <= day)
        return _after_entry(card, idx[last])
    for i, d in zip(idx, dates):
        if d <= day:
            return i
    return _after_entry(card, idx[-1])


def _after_entry(card: Card, i: int) -> int:
    j = i + 1
    while j < card.log[1] and card.lines[j].startswith("  "):
        j += 1
    return j


@SETTINGS
@given(cards(), st.dates(dt.date(2024, 6, 1), dt.date(2027, 6, 1)),
       st.sampled_from(["call: asked how I can help", "coffee at [[Bridgehead]]: ünïcode 🙂", "intro [[Bo]]"]))
def test_append_log_inserts_one_line_in_date_place(card, day, entry):
    old = card.text
    new = append_log(old, day, entry)
    line = f"- {day.isoformat()} {entry}"
    nl = card.nl if "\n" in old else "\n"  # a card of one line has no line ending to follow
    at = _expected_insert(card, day)
    missing_nl = bool(old) and not old.endswith("\n")  # and it stays missing
    end = "" if missing_nl else nl
    if at is None:  # a new section at the end
        assert new.startswith(old)
        added = new[len(old):]
        assert added.endswith(f"## Log{nl}{line}{end}")
        assert added[:-len(f"## Log{nl}{line}{end}")] in ("", nl, nl + nl)
    elif at == len(card.lines):
        assert new == old + (nl if missing_nl else "") + line + end
    else:
        start = card.offset(at)
        assert new == old[:start] + line + nl + old[start:]
    assert append_log(old, day, entry) == new  # the same input gives the same output
    if nl == "\r\n":  # no bare \n crept in
        assert new.count("\n") == new.count("\r\n")
    if missing_nl:
        assert not new.endswith("\n")
    if card.has_fm:
        assert split(new).fm == split(old).fm


# ---- refusals ------------------------------------------------------------------------------
BAD_VALUE = {
    "block": ["{k}: |", "{i}  line one", "{i}  line two"],
    "folded": ["{k}: >-", "{i}  folded text"],
    "plain over two lines": ["{k}: first part", "{i}  continued"],
    "flow over two lines": ["{k}: [a,", "{i}  b]"],
    "quoted over two lines": ['{k}: "open', '{i}  close"'],
    "block list": ["{k}:", "{i}  - a"],
    "nested": ["{k}:", "{i}  sub: 1"],
    "anchor": ["{k}: &here value"],
    "alias": ["src: &there v", "{k}: *there"],
    "tag": ["{k}: !!str 5"],
    "written twice": ["{k}: one", "{k}: two"],
}
BROKEN_FRONT = ["bad: [unclosed", 'bad: "open', "a: b: c", "\tbad: tab", "- a list"]


@st.composite
def refused_cases(draw):
    card = draw(cards())
    assume(card.has_fm)
    lines = list(card.lines)
    kind = draw(st.sampled_from(["value", "broken", "unclosed"]))
    key = draw(st.sampled_from([k for k in KEY_POOL if k not in card.props]))
    where = draw(st.sampled_from([p.line for p in card.props.values()] + [card.closing]))
    if kind == "value":
        shape = draw(st.sampled_from(sorted(BAD_VALUE)))
        bad = [x.format(k=card.indent + key, i=card.indent) for x in BAD_VALUE[shape]]
        if shape == "written twice":
            lines[where:where] = [bad[0]]
            lines.insert(card.closing + 1, bad[1])
        else:
            lines[where:where] = bad
        ops = ["set", "remove"]
    elif kind == "broken":
        lines.insert(where, draw(st.sampled_from(BROKEN_FRONT)).format(i=card.indent))
        key = draw(st.sampled_from(list(card.props) + [key]))
        ops = ["set", "remove"]
    else:
        del lines[card.closing]
        lines = [x for x in lines if x.rstrip() != "---"]
        lines.insert(0, "---")
        ops = ["set", "remove", "log"]
    text = card.nl.join(lines) + (card.nl if card.final_newline else "")
    if kind != "unclosed":
        try:
            front = yaml.safe_load(card.nl.join(lines[1:lines.index("---", 1)]))
            parses = isinstance(front, dict) or front is None
        except yaml.YAMLError:
            parses = False
        assume(kind == "value" or not parses)  # broken: no YAML, or not a mapping
    return text, key, draw(st.sampled_from(ops)), draw(NEW_VALUES), kind


@SETTINGS
@given(refused_cases())
def test_unsafe_edits_are_refused_and_change_nothing(case):
    text, key, op, value, _kind = case
    edit = {"set": lambda t: set_property(t, key, value), "remove": lambda t: remove_property(t, key),
            "log": lambda t: append_log(t, dt.date(2026, 11, 20), "call: hi")}[op]
    with pytest.raises(EditRefused) as refused:
        edit(text)
    assert refused.value.message  # a reason, for the user
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Card.md"
        path.write_bytes(text.encode("utf-8"))
        stat = path.stat()
        with pytest.raises(EditRefused):
            apply_edit(path, "Card.md", edit)
        assert path.read_bytes() == text.encode("utf-8")
        assert path.stat().st_mtime_ns == stat.st_mtime_ns
        assert [p.name for p in Path(folder).iterdir()] == ["Card.md"]
