"""Front matter YAML, loaded safely, with positions, and with YAML 1.1 surprises flagged.

Why not ``yaml.safe_load``: it constructs the whole document at once, so one bad date
loses every property, it gives no position per key, and it accepts ``no`` as ``False`` and
``1:30`` as ``90`` without a word. Here the document is composed into nodes (libyaml when
present), bounded in size and depth *before* the C composer recurses (very deep input can
crash it), then built node by node with PyYAML's safe constructor, so no tag ever builds an
object and each problem carries its line.

Reading a card and editing one use this same loader: problems are ``Diagnostic`` values, and
``entries`` keeps where each top-level ``key: value`` is written, for span edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml
import yaml.constructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from netnotes.base.diagnostics import Diagnostic

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FRONT_MATTER = 128 * 1024  # characters
MAX_DEPTH = 32  # nesting of lists and mappings
MAX_NODES = 20_000  # values after alias expansion
_SAFE_UNSCANNED = 8_000  # below this length nesting cannot reach a depth that hurts libyaml

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SAFE_TAGS = {_STR, _BOOL, _INT, _FLOAT, _TIMESTAMP, "tag:yaml.org,2002:null",
              "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

# syntax errors found far from their cause: reported where the construct opens
_UNCLOSED = ("while parsing a flow sequence", "while parsing a flow mapping",
             "while scanning a quoted scalar", "while scanning a simple key")

_YAML12_BOOL = {"true", "false", "True", "False", "TRUE", "FALSE"}
_CANON_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NUMBERISH = re.compile(r"[-+]?(\d[\d_ ]*|0[xob][0-9a-fA-F_]+|\d*\.\d+([eE][-+]?\d+)?|\d+:\d+(:\d+)*)")


@dataclass(frozen=True)
class PlainScalar:
    """A bare (unquoted) scalar under a top-level key, kept for field-aware checks."""

    key: str
    line: int
    col: int
    text: str
    value: Any


@dataclass(frozen=True)
class Span:
    """Where a node is written: character offsets into the text (``end`` exclusive), and its
    0-based first and last line and first column."""

    start: int
    end: int
    line: int
    end_line: int
    col: int


@dataclass(frozen=True)
class Entry:
    """One top-level ``key: value`` pair as written (merge keys are not expanded)."""

    name: str | None  # the key as written; None when it is not plain text
    key: Span
    value: Span
    block: bool  # the value is a ``|`` or ``>`` block of text


@dataclass
class LoadedYaml:
    data: Any = None
    value_pos: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key -> line, col, span
    key_pos: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key -> where its name is written
    plain: list[PlainScalar] = field(default_factory=list)
    issues: list[Diagnostic] = field(default_factory=list)
    nested_links: set[str] = field(default_factory=set)  # keys written as bare [[Link]]
    layout: str = ""  # "" (nothing), "lines" (a block of `key: value` lines), "flow" ({...}), "other"
    entries: list[Entry] = field(default_factory=list)  # the top-level pairs, when a mapping


# (0-based line, 0-based column, code, message, span) -> the problem, placed in its file
Place = Callable[..., Diagnostic]


class _Refused(Exception):
    def __init__(self, issue: Diagnostic) -> None:
        self.issue = issue


def load(text: str, path: str = "", line: int = 0, col: int = 0, entries: bool = True) -> LoadedYaml:
    """Load front matter text. Never raises for bad input: problems land in ``issues``.

    ``path``, ``line`` and ``col`` say where the text sits in its file (front matter starts
    at line 2, column 1); each problem's line and column are its 0-based position in the
    text plus those, so by default they stay 0-based positions within ``text``.
    ``entries=False`` leaves ``entries`` empty: reading a card does not need them (editing
    one does), and they cost as much as building the values."""

    def place(at_line: int, at_col: int, code: str, message: str, span: int = 1) -> Diagnostic:
        return Diagnostic.make(path, at_line + line, at_col + col, code, message, span=span)

    out = LoadedYaml()
    if len(text) > MAX_FRONT_MATTER:
        out.issues.append(place(0, 0, "file-too-large",
                                f"front matter is {len(text) // 1024} KiB; netnotes reads at most "
                                f"{MAX_FRONT_MATTER // 1024} KiB of properties. Move long text into the note body."))
        return out
    try:
        if len(text) > _SAFE_UNSCANNED:
            _check_depth_by_tokens(text, place)
        loader = Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as r:
        out.issues.append(r.issue)
        return out
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        # Deep nesting fails differently by release: old libyaml recursed, libyaml in PyYAML
        # 6.0.4 stops at its own limit, the pure-Python composer hits RecursionError. Whatever
        # failed, a front matter that nests too deep gets netnotes' own diagnostic.
        out.issues.append(_too_deep(text, place) or _syntax_issue(e, place))
        return out
    if node is None:
        out.data = None
        return out
    _record_layout(out, node, entries)
    builder = _Builder(out, place)
    builder.text = text
    try:
        out.data = builder.build_top(node)
    except _Refused as r:
        out.issues.append(r.issue)
        out.data = None
    return out


def load_front_matter(text: str, path: str = "", entries: bool = True) -> LoadedYaml:
    """``load`` for the text between a card's ``---`` lines, at the card's own lines and
    columns (the text starts on line 2, column 1)."""
    return load(text, path, line=2, col=1, entries=entries)


def _span(node: Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.index, e.index, s.line, e.line, s.column)


def _record_layout(out: LoadedYaml, node: Node, entries: bool = True) -> None:
    if not isinstance(node, MappingNode):
        out.layout = "other"
        return
    out.layout = "flow" if node.flow_style else "lines"
    if entries:
        out.entries = [Entry(k.value if isinstance(k, ScalarNode) else None, _span(k), _span(v),
                             isinstance(v, ScalarNode) and v.style in ("|", ">"))
                       for k, v in node.value]


def _syntax_issue(e: Exception, place: Place) -> Diagnostic:
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        msg = e.problem or e.context or "invalid YAML"
        if e.context and e.problem:
            msg = f"{e.problem} ({e.context})"
            if e.context_mark and e.context.startswith(_UNCLOSED):
                # an unclosed [ { or quote is noticed lines later: point at where it opens
                mark = e.context_mark
                msg = f"{e.problem} ({e.context} that starts here)"
        line, col = (mark.line, mark.column) if mark else (0, 0)
        return place(line, col, "yaml-syntax", f"YAML syntax error: {msg}; fix the front matter")
    return place(0, 0, "yaml-syntax", f"YAML syntax error: {e}")


def _too_deep(text: str, place: Place) -> Diagnostic | None:
    """The nesting diagnostic if ``text`` nests deeper than MAX_DEPTH, found by the
    pure-Python scanner (it never recurses and has no depth limit of its own)."""
    try:
        _check_depth_by_tokens(text, place, yaml.SafeLoader)
    except _Refused as r:
        return r.issue
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return None


def _check_depth_by_tokens(text: str, place: Place, loader: type | None = None) -> None:
    """Refuse deep nesting before a composer recurses into it. A scanner error here (a
    syntax error, or libyaml's own depth limit) is left for the caller to explain."""
    depth = 0
    for tok in yaml.scan(text, Loader=loader or Loader):
        name = type(tok).__name__
        if name in ("BlockSequenceStartToken", "BlockMappingStartToken",
                    "FlowSequenceStartToken", "FlowMappingStartToken"):
            depth += 1
            if depth > MAX_DEPTH:
                m = tok.start_mark
                raise _Refused(place(m.line, m.column, "yaml-unsafe",
                                     f"front matter nests deeper than {MAX_DEPTH} levels; flatten it"))
        elif name in ("BlockEndToken", "FlowSequenceEndToken", "FlowMappingEndToken"):
            depth -= 1


class _Builder:
    """Turns composed nodes into Python values, one node at a time."""

    def __init__(self, out: LoadedYaml, place: Place) -> None:
        self.out = out
        self.place = place
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0
        self.key = ""
        self.text = ""  # the front matter, for quoting what the user wrote

    def build_top(self, node: Node) -> Any:
        if not isinstance(node, MappingNode):
            return self.build(node, 0)
        self._check_tag(node)
        result: dict[str, Any] = {}
        value_pos = self.out.value_pos
        for key_node, value_node in self._pairs(node, 0):
            if isinstance(key_node, ScalarNode) and key_node.tag == _STR:  # most keys: build's str path
                self.count += 1
                if self.count > MAX_NODES:
                    self._refuse(key_node, 1)
                skey = key_node.value
            else:
                key = self._key(key_node, 0)
                if key is None:
                    continue
                skey = str(key)
            if skey in result:
                self._issue(key_node, "duplicate-key",
                            f"`{skey}` is written twice; the later value wins. Keep one.")
            self.key = skey
            value_pos[skey] = self._pos(value_node)
            self.out.key_pos[skey] = self._pos(key_node)
            if isinstance(value_node, SequenceNode) and self._is_bare_link(value_node):
                self.out.nested_links.add(skey)
            if self._is_placeholder(value_node):
                shown = self._source(value_node)
                self._issue(value_node, "field-type",
                            f"`{shown}` is a template placeholder, which YAML reads as a mapping; quote it "
                            f"(\"{shown}\"), or keep templates in the Templates plugin's folder (netnotes skips it)")
                result[skey] = None
                continue
            result[skey] = self.build(value_node, 1)
        return result

    def _pos(self, node: Node) -> tuple[int, int, int]:
        s, e = node.start_mark, node.end_mark
        span = e.column - s.column if e.line == s.line else 1
        return (s.line, s.column, max(span, 1))

    @staticmethod
    def _is_placeholder(node: Node) -> bool:
        """``{{date}}``: a flow mapping whose one key is a flow mapping (a template's placeholder)."""
        return isinstance(node, MappingNode) and node.flow_style and len(node.value) == 1 \
            and isinstance(node.value[0][0], MappingNode) and node.value[0][0].flow_style

    def _source(self, node: Node) -> str:
        """The node's text as written, when it is on one line (C marks hold no buffer)."""
        s, e = node.start_mark, node.end_mark
        lines = self.text.split("\n")
        if s.line == e.line and s.line < len(lines):
            return lines[s.line][s.column:e.column]
        return "{{...}}"

    @staticmethod
    def _is_bare_link(node: Node) -> bool:
        def bare(n: Node) -> bool:
            return isinstance(n, SequenceNode) and n.flow_style and len(n.value) == 1
        if bare(node) and bare(node.value[0]):
            inner = node.value[0].value[0]
            return isinstance(inner, ScalarNode)
        if isinstance(node, SequenceNode):
            return any(bare(c) and bare(c.value[0]) for c in node.value if isinstance(c, SequenceNode))
        return False

    def _issue(self, node: Node, code: str, message: str) -> None:
        line, col, span = self._pos(node)
        self.out.issues.append(self.place(line, col, code, message, span))

    def _tick(self, node: Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            self._refuse(node, depth)

    def _refuse(self, node: Node, depth: int) -> None:
        if self.count > MAX_NODES:
            raise _Refused(self.place(node.start_mark.line, node.start_mark.column, "yaml-unsafe",
                                      f"front matter expands to more than {MAX_NODES} values "
                                      "(aliases repeated?); netnotes refuses it"))
        if depth > MAX_DEPTH:
            raise _Refused(self.place(node.start_mark.line, node.start_mark.column, "yaml-unsafe",
                                      f"front matter nests deeper than {MAX_DEPTH} levels; flatten it"))

    def _pairs(self, node: MappingNode, depth: int) -> list[tuple[Node, Node]]:
        """Key/value nodes, with ``<<`` merge keys expanded (explicit keys win)."""
        pairs: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        for k, v in node.value:
            if k.tag == _MERGE:
                sources = v.value if isinstance(v, SequenceNode) else [v]
                for src in sources:
                    self._tick(src, depth + 1)
                    if isinstance(src, MappingNode):
                        merged.extend(self._pairs(src, depth + 1))
                    else:
                        self._issue(src, "field-type", "a `<<` merge key must name a mapping")
            else:
                pairs.append((k, v))
        if merged:
            explicit = {k.value for k, _ in pairs if isinstance(k, ScalarNode)}
            pairs = [p for p in merged if not (isinstance(p[0], ScalarNode) and p[0].value in explicit)] + pairs
        return pairs

    def _key(self, node: Node, depth: int) -> Any:
        if not isinstance(node, ScalarNode):
            self._issue(node, "field-type", "a property name must be plain text, not a list or mapping")
            return None
        value = self.build(node, depth + 1, track=False)
        if value is None:
            self._issue(node, "field-type", "a property name is empty")
            return None
        return value

    def build(self, node: Node, depth: int, track: bool = True) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            self._refuse(node, depth)
        if isinstance(node, ScalarNode):
            if node.tag == _STR:  # most values: built as PyYAML's str constructor does, the text itself
                text = node.value
                if track and not node.style and text and (text[0] in "+-." or text[0].isdigit()) \
                        and _NUMBERISH.fullmatch(text):
                    self.out.plain.append(PlainScalar(self.key, node.start_mark.line,
                                                      node.start_mark.column, text, text))
                return text
            return self._scalar(node, track)
        self._check_tag(node)  # built as a plain list or mapping either way: nothing is constructed
        if isinstance(node, SequenceNode):
            return [self.build(child, depth + 1, track) for child in node.value]
        result: dict[Any, Any] = {}
        for k, v in self._pairs(node, depth):
            key = self._key(k, depth)
            if key is None:
                continue
            try:
                hash(key)
            except TypeError:
                key = str(key)
            result[key] = self.build(v, depth + 1, track)
        return result

    def _check_tag(self, node: Node) -> bool:
        if node.tag in _SAFE_TAGS:
            return True
        shown = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        self._issue(node, "yaml-unsafe", f"the YAML tag `{shown}` is not allowed in notes; remove it")
        return False

    def _scalar(self, node: ScalarNode, track: bool) -> Any:
        if not self._check_tag(node):
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError, TypeError) as e:
            if node.tag == _TIMESTAMP:
                self._issue(node, "invalid-date",
                            f"`{node.value}` is not a real date ({e}); write an existing day as YYYY-MM-DD")
            else:
                self._issue(node, "yaml-syntax", f"`{node.value}` cannot be read: {e}")
            return node.value
        if not node.style and track:
            self._check_plain(node, value)
            if not isinstance(value, str) or _NUMBERISH.fullmatch(node.value):
                self.out.plain.append(PlainScalar(self.key, node.start_mark.line,
                                                  node.start_mark.column, node.value, value))
        return value

    def _check_plain(self, node: ScalarNode, value: Any) -> None:
        text = node.value
        if node.tag == _BOOL and text not in _YAML12_BOOL:
            self._issue(node, "yaml-ambiguous",
                        f"bare `{text}` is read as {str(value).lower()} (YAML 1.1); "
                        f'write "{text}" in quotes if you mean the word, or true/false')
        elif node.tag == _INT and not _CANON_INT.fullmatch(text.replace("_", "")):
            self._issue(node, "yaml-ambiguous",
                        f"bare `{text}` is read as the number {value} (YAML 1.1); quote it: \"{text}\"")
        elif node.tag == _FLOAT and ":" in text:
            self._issue(node, "yaml-ambiguous",
                        f"bare `{text}` is read as the number {value} (YAML 1.1); quote it: \"{text}\"")
