"""One Markdown file in, one ``Note`` out: properties, links, log and the problems found.

Parsing never raises on bad input. What real files contain is handled here: a BOM, CRLF,
no front matter, an empty file, front matter that is a list or a scalar, bytes that are not
UTF-8, YAML that is unsafe or wrong. Front matter is split and loaded through a
python-frontmatter handler (``CardHandler``) whose YAML loader is netnotes' safe one.

PyYAML and python-frontmatter are imported when a card is first parsed: a command answered
from the index never loads them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from netnotes.vault.config import Config
from netnotes.base.diagnostics import Diagnostic
from netnotes.base.text import NotUtf8, decode_text
from netnotes.notes.fields import FIELDS, TEXT_LIKE, as_list, check_fields, split_aliases, split_tags
from netnotes.notes.log import LogEntry, parse_log
from netnotes.notes.links import LINK_RE as _LINK_RE
from netnotes.notes.links import link_key, parse_links, parse_md_links, parse_one
from netnotes.notes.propnames import canonical_props

MAX_FILE_BYTES = 8 * 1024 * 1024
_HEADING_START = re.compile(r"\s{0,3}#{1,6}\s")
_TAG = re.compile(r"(?<![\w/&#])#([^\s#!\"$%&'()*+,.:;<=>?@\[\\\]^`{|}~]+)")


class Link(NamedTuple):
    """A wikilink found in a property (``source`` is its name) or in the body (``"body"``)."""

    target: str
    source: str
    line: int
    col: int
    heading: str | None = None

    @property
    def key(self) -> str:
        return link_key(self.target)


@dataclass(frozen=True)
class Note:
    rel: str
    title: str
    kind: str  # contact | group | event | review | me | note
    props: dict[str, Any]
    body: str
    body_line: int
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    log: tuple[LogEntry, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    prop_pos: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    planned: tuple[LogEntry, ...] = ()  # unticked log tasks: touches planned, never counted as touches

    @property
    def name(self) -> str:
        n = self.props.get("name")
        return n.strip() if isinstance(n, str) and n.strip() else self.title

    @property
    def aliases(self) -> list[str]:
        return split_aliases(self.props.get("aliases"))

    def prop_links(self, key: str) -> list[Link]:
        return [link for link in self.links if link.source == key]


def _detect(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return first.rstrip("\r \t") == "---"


def _split_at(text: str) -> tuple[str, str, int]:
    """(front matter, body, 0-based line index where the body starts). ValueError if unclosed."""
    lines = text.split("\n")
    fm, start = _split_lines(lines)
    return fm, "\n".join(lines[start:]), start


def _split_lines(lines: list[str]) -> tuple[str, int]:
    """``_split_at`` of the text's lines: (front matter, index of the body's first line)."""
    for j in range(1, len(lines)):
        if lines[j].rstrip("\r \t") in ("---", "..."):
            return "\n".join(line.rstrip("\r") for line in lines[1:j]), j + 1
    raise ValueError("front matter is not closed")


def _card_handler() -> type:
    import frontmatter

    from netnotes.notes import yamlload

    class CardHandler(frontmatter.YAMLHandler):
        """python-frontmatter's YAML handler with an exact split and netnotes' safe loader.

        Front matter opens on the very first line with ``---`` and closes with ``---`` (or
        ``...``), as in Obsidian; ``split`` also reports where the body starts."""

        def detect(self, text: str) -> bool:
            return _detect(text)

        def split(self, text: str) -> tuple[str, str]:  # type: ignore[override]
            fm, content, _ = self.split_at(text)
            return fm, content

        def split_at(self, text: str) -> tuple[str, str, int]:
            return _split_at(text)

        def load(self, fm: str, path: str = "", **kwargs: object) -> yamlload.LoadedYaml:  # type: ignore[override]
            return yamlload.load_front_matter(fm, path)

    CardHandler.__module__ = __name__
    CardHandler.__qualname__ = "CardHandler"
    return CardHandler


def __getattr__(name: str) -> Any:
    if name == "CardHandler":  # built on first use: python-frontmatter is imported then
        handler = globals()["CardHandler"] = _card_handler()
        return handler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _stem(rel: str) -> str:
    """``PurePosixPath(rel).stem``, without making a path for a plain ``folder/name.md``."""
    name = rel.rpartition("/")[2]
    if not name or name == ".":
        return PurePosixPath(rel).stem
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def parse_note(rel: str, data: bytes, config: Config) -> Note:
    """Parse one file. ``rel`` is the vault-relative path with '/' separators."""
    title = _stem(rel)
    if len(data) > MAX_FILE_BYTES:
        diag = Diagnostic.make(rel, 1, 1, "file-too-large",
                               f"the file is {len(data) / (1024 * 1024):.1f} MiB; netnotes reads notes of at most "
                               f"{MAX_FILE_BYTES // (1024 * 1024)} MiB. Split it.")
        return Note(rel, title, classify(rel, {}, (), config), {}, "", 1, diagnostics=(diag,))
    try:
        text = decode_text(data)
    except NotUtf8 as e:
        guess = " (it looks like Latin-1 or Windows-1252)" if 0x80 <= e.byte <= 0xFF else ""
        diag = Diagnostic.make(rel, e.line, e.col, "encoding",
                               f"not valid UTF-8: byte 0x{e.byte:02X} at line {e.line}{guess}; "
                               "re-save the file as UTF-8")
        return Note(rel, title, classify(rel, {}, (), config), {}, "", 1, diagnostics=(diag,))
    return _parse_text(rel, title, text, config)


def _parse_text(rel: str, title: str, text: str, config: Config) -> Note:
    lines = text.split("\n")
    diags: list[Diagnostic] = []

    def excerpt(line: int) -> str:
        return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""

    def add(line: int, col: int, code: str, message: str, span: int = 1) -> None:
        diags.append(Diagnostic.make(rel, line, col, code, message, span=span))

    if "<<<<<<<" in text:
        from netnotes.notes.conflicts import conflict_markers

        for line, message in conflict_markers(lines):
            add(line, 1, "conflict-marker", message, 7)
    props: dict[str, Any] = {}
    prop_pos: dict[str, tuple[int, int, int]] = {}
    plain: dict[tuple[str, int], str] = {}
    key_pos: dict[str, tuple[int, int, int]] = {}
    body_start = 0
    if lines[0].rstrip("\r \t") == "---":  # _detect(text)
        try:
            fm, body_start = _split_lines(lines)
        except ValueError:
            add(1, 1, "unclosed-front-matter",
                "front matter opens with `---` on line 1 but is never closed; add a `---` line after the properties",
                3)
        else:
            from netnotes.notes import yamlload

            loaded = yamlload.load_front_matter(fm, rel, entries=False)  # the handler's load, minus edit spans
            diags.extend(loaded.issues)
            props, prop_pos, plain = _front_matter(loaded, add)
            key_pos = {k: (line + 2, col + 1, span) for k, (line, col, span) in loaded.key_pos.items()}
    body_lines = lines[body_start:]
    if "\r" in text:
        body_lines = [line.rstrip("\r") for line in body_lines]
    body_line = body_start + 1
    if config.dataview and "::" in text:
        from netnotes.notes.inline import with_inline_fields

        props, prop_pos, key_pos = with_inline_fields(props, prop_pos, key_pos, body_lines, body_line)
    props, prop_pos, key_pos, plain = canonical_props(props, prop_pos, key_pos, plain, config, FIELDS, False)
    tags = _tags(props, body_lines)
    kind = classify(rel, props, tags, config)
    if kind in ("contact", "me"):
        props, prop_pos, key_pos, plain = canonical_props(props, prop_pos, key_pos, plain, config, FIELDS, True)
    if kind in ("contact", "group", "event", "me"):
        props, problems = check_fields(rel, props, prop_pos, config.tiers, plain, config.extra_fields,
                                       (config.type_field, config.category_field), key_pos)
        diags.extend(problems)
        _check_leading_zeros(props, prop_pos, plain, add)
    folder = rel.rpartition("/")[0]
    links = _prop_links(props, prop_pos, folder) + _body_links(body_lines, body_line, folder)
    if kind in ("contact", "me"):
        props = _shown_names(props)
    log: tuple[LogEntry, ...] = ()
    planned: tuple[LogEntry, ...] = ()
    if kind in ("contact", "me"):  # other notes may keep a free-form "## Log" of their own
        section = parse_log(body_lines, body_line, config.log_heading, rel)
        log, planned = section.entries, section.planned
        diags.extend(section.problems)
    # one report per place and rule, each with the line it is on
    unique = {(d.line, d.col, d.code): replace(d, excerpt=excerpt(d.line)) for d in reversed(diags)}
    return Note(rel, title, kind, props, "\n".join(body_lines), body_line, tags, tuple(links), log,
                tuple(sorted(unique.values())), prop_pos, planned)


def _shown_names(props: dict) -> dict:
    """A company written as a link (``company: "[[Acme]]"``) shows as its name; the link
    itself is kept with the note's links."""
    company = props.get("company")
    link = parse_one(company) if isinstance(company, str) and "[[" in company else None
    if link is None:
        return props
    return {**props, "company": link.alias or link.target.rsplit("/", 1)[-1]}


def _front_matter(loaded: yamlload.LoadedYaml, add) -> tuple[dict, dict, dict]:
    """Properties, their file positions, and the source text of their bare scalars."""
    off = 2  # YAML line 0 is file line 2
    data = loaded.data
    if data is None:
        return {}, {}, {}
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        add(off, 1, "front-matter-type",
            f"front matter is {what}; write properties as `key: value` lines")
        return {}, {}, {}
    for key in sorted(loaded.nested_links):
        line, col, span = loaded.value_pos[key]
        add(line + off, col + 1, "unquoted-wikilink",
            f"a bare [[link]] in `{key}` is a nested list in YAML; put it in quotes: \"[[...]]\"", span)
    pos = {k: (line + off, col + 1, span) for k, (line, col, span) in loaded.value_pos.items()}
    return data, pos, _index_plain(data, loaded.plain)


def _index_plain(props: dict, plain: list[yamlload.PlainScalar]) -> dict[tuple[str, int], str]:
    """Map (key, list index, or -1 for a single value) to the source text of bare scalars."""
    out: dict[tuple[str, int], str] = {}
    by_key: dict[str, list[str]] = {}
    for p in plain:
        by_key.setdefault(p.key, []).append(p.text)
    for key, texts in by_key.items():
        value = props.get(key)
        if not isinstance(value, list):
            out[(key, -1)] = texts[0]
            continue
        j = 0
        for i, item in enumerate(value):
            if j >= len(texts):
                break
            if isinstance(item, (list, dict)) or (isinstance(item, str) and item != texts[j]):
                continue
            out[(key, i)] = texts[j]
            j += 1
    return out


def _check_leading_zeros(fixed: dict, prop_pos: dict, plain: dict, add) -> None:
    """Leading-zero digits PyYAML keeps as text, but Obsidian (YAML 1.2) reads as a number."""
    for (key, idx), src in plain.items():
        value = fixed.get(key)
        item = value[idx] if isinstance(value, list) and 0 <= idx < len(value) else value
        if key in TEXT_LIKE and isinstance(item, str) and item == src and re.fullmatch(r"[-+]?0\d+", src):
            line, col, span = prop_pos.get(key, (2, 1, 1))
            add(line, col, "unquoted-number",
                f"`{key}: {src}` is read as a number by Obsidian and other YAML 1.2 tools "
                f"(the leading 0 is lost); quote it: {key}: \"{src}\"", span)


def _tags(props: dict, body_lines: list[str]) -> tuple[str, ...]:
    tags: list[str] = []
    tags.extend(split_tags(props.get("tags")))
    in_fence = False
    for line in body_lines:
        if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or "#" not in line or _HEADING_START.match(line):
            continue
        tags.extend(m.group(1) for m in _TAG.finditer(line) if not m.group(1).isdigit())
    seen: dict[str, None] = {}
    for t in tags:
        seen.setdefault(t.lower(), None)
    return tuple(seen)


def classify(rel: str, props: dict, tags: tuple[str, ...], config: Config) -> str:
    """contact | group | event | review | note, by type property, category link, tag, then folder."""
    rules = config.kind_rules()
    for value in category_targets(props.get(config.type_field)):  # text, a link, or a list of them
        v = link_key(value)
        if v in ("me", "review"):
            return v
        for kind, rule in rules:
            if v in (link_key(t) for t in rule.types):
                return kind
    cats = {link_key(t) for t in category_targets(props.get(config.category_field))}
    if cats:
        for kind, rule in rules:
            if cats & {link_key(c) for c in rule.categories}:
                return kind
    if tags:
        tagset = set(tags)
        for kind, rule in rules:
            if tagset & {t.lower().lstrip("#") for t in rule.tags}:
                return kind
    folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    low = folder.lower()
    reviews = config.reviews_folder.strip("/").lower() + "/"
    if low.startswith(reviews):
        return "review"
    for kind, rule in rules:
        for f in rule.folders:
            if low.startswith(f.strip("/").lower() + "/"):
                return kind
    return "note"


def no_contacts_hint(config: Config, notes: int) -> str:
    """Why a vault of ``notes`` notes yields no contact, and how to change it: the rules
    ``classify`` applies, as the config has them."""
    rule = config.contact
    ways = []
    if rule.folders:
        ways.append("in the folder" + "s" * (len(rule.folders) > 1) + " " + ", ".join(f + "/" for f in rule.folders))
    if rule.types:
        ways.append(f"with `{config.type_field}: " + " | ".join(rule.types) + "`")
    if rule.tags:
        ways.append("tagged " + ", ".join("#" + t for t in rule.tags))
    if rule.categories:
        ways.append(f"with `{config.category_field}: [[" + "]]` or `[[".join(rule.categories) + "]]`")
    looked = "; ".join(ways) or "nowhere ([kinds.contact] is empty)"
    return (f"hint: no contact card among the vault's {notes} note{'s' * (notes != 1)}. netnotes takes as contacts the notes {looked}. "
            "Run `netnotes init` to have it propose a [kinds.contact] that fits this vault, or set "
            "[kinds.contact] in .netnotes/config.toml (see docs/config.md, \"Adopting an existing vault\").")


def category_targets(value: Any) -> list[str]:
    out = []
    for item in as_list(value):
        if isinstance(item, str):
            link = parse_one(item)
            out.append(link.target if link else item)
        elif isinstance(item, list) and len(item) == 1 and isinstance(item[0], list) and item[0]:
            out.append(str(item[0][0]))  # `- [[People]]` in a block list
        elif isinstance(item, list) and len(item) == 1 and isinstance(item[0], str):
            out.append(item[0])  # `categories: [[People]]`: YAML reads [["People"]]
    return out


def _prop_links(props: dict, prop_pos: dict, folder: str = "") -> list[Link]:
    out: list[Link] = []
    for key, value in props.items():
        for text in (value,) if isinstance(value, str) else _strings(value):
            if "[[" in text or "](" in text:
                line, col, _ = prop_pos.get(key, (0, 0, 0))
                for link in parse_links(text) + parse_md_links(text, folder):
                    out.append(Link(link.target, key, line, col, link.heading))
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1 \
            and isinstance(value[0][0], str):
        return [f"[[{value[0][0]}]]"]  # a bare [[Link]] that YAML read as a nested list (warned about)
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def _body_links(body_lines: list[str], first_line: int, folder: str = "") -> list[Link]:
    out = []
    finditer = _LINK_RE.finditer
    in_fence = False
    for i, line in enumerate(body_lines):
        if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if "](" in line:
            for md in parse_md_links(line, folder):
                out.append(Link(md.target, "body", first_line + i, md.start + 1, md.heading))
        if "[[" not in line:
            continue
        for m in finditer(line):
            target = m.group(2)
            heading = m.group(3)
            if heading is not None or target.strip():
                out.append(_new_link(Link, (target, "body", first_line + i, m.start() + 1, heading)))
    return out


_new_link = tuple.__new__  # Link's own constructor, minus a Python-level call per link


def note_date(note: Note, config: Config) -> dt.date | None:
    """The date a note stands for: a date property, else a daily-note file name."""
    from netnotes.base.dates import as_date

    for key in config.date_properties:
        d = as_date(note.props.get(key))
        if d:
            return d
    from netnotes.notes.dailynotes import date_from_title

    return date_from_title(note.title, config.daily_note_formats)


__all__ = ["Note", "Link", "parse_note", "classify", "CardHandler", "FIELDS", "note_date"]
