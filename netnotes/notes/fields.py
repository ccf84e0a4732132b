"""The card's properties: what each one holds, and the checks that say so.

Checks return problems as ``Diagnostic`` values at the property's place in the file; values
that can be recovered are recovered (a bare ``phone: 6135550101`` is kept as the text the user
wrote), so nothing the user typed is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from netnotes.base.dates import as_date, parse_duration
from netnotes.base.diagnostics import Diagnostic


STAGES = ("met", "know", "like", "trust")
PIPELINES = ("none", "lead", "prospect", "customer", "partner")

TEXT, TEXTS, DATE, BIRTHDAY, DURATION, STAGE, PIPELINE, TIER, LINK, LINKS, BOOL, LINES = (
    "text", "texts", "date", "birthday", "duration", "stage", "pipeline", "tier", "link", "links", "bool", "lines")

# property -> kind of value
FIELDS: dict[str, str] = {
    "name": TEXT, "aliases": TEXTS, "tags": TEXTS, "company": TEXT, "role": TEXT,
    "email": TEXTS, "phone": TEXTS, "website": TEXTS, "linkedin": TEXT, "address": TEXT,
    "city": TEXT, "met": DATE, "met_at": LINK, "introduced_by": LINK, "tier": TIER,
    "cadence": DURATION, "stage": STAGE, "pipeline": PIPELINE, "offers": TEXTS, "needs": TEXTS,
    "next_followup": DATE, "last_contact": DATE, "groups": LINKS, "opt_out": BOOL,
    "birthday": BIRTHDAY, "type": TEXT, "categories": LINKS, "date": DATE, "people": LINKS,
    "attendees": LINKS, "with": LINKS, "group": LINK, "location": TEXT, "created": DATE, "updated": DATE,
    "cssclasses": TEXTS, "source": TEXT, "ideal_customer": TEXT, "anniversary": BIRTHDAY,
    "work_anniversary": BIRTHDAY, "asked": LINKS, "week": TEXT, "start": DATE, "end": DATE,
    "uid": TEXT, "vcard": LINES,  # written by imports (netnotes.exchange): the identity, the kept vCard lines
}
# properties whose bare numbers are almost certainly text that YAML turned into a number
TEXT_LIKE = {k for k, v in FIELDS.items() if v in (TEXT, TEXTS, TIER)}
_KIND_DEFAULTS = ("type", "categories")  # checked only while they are the config's kind properties

_BIRTHDAY = re.compile(r"(?:(\d{4})-|--)?(\d{2})-(\d{2})")


@dataclass(frozen=True)
class _Context:
    """What a check needs besides the value: the tiers, the source text of bare scalars, and
    where each property is written (for the problems it finds)."""

    path: str
    pos: dict[str, tuple[int, int, int]]  # key -> file line, column, span of its value
    tiers: dict[str, int]
    plain: dict[tuple[str, int], str]
    key_pos: dict[str, tuple[int, int, int]]  # key -> file line, column, span of its name

    def problem(self, key: str, code: str, message: str) -> Diagnostic:
        line, col, span = self.pos.get(key, (2, 1, 1))
        if code == "unknown-field":  # marks the property's name, on its own line (not a list's first item)
            line, col, span = self.key_pos.get(key, (line, 1, len(key)))
        return Diagnostic.make(self.path, line, col, code, message, span=span)


def birthday_parts(value: Any) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a birthday written as a date, ``--MM-DD`` or ``MM-DD``."""
    if isinstance(value, dt.date):
        return value.year, value.month, value.day
    if not isinstance(value, str):
        return None
    m = _BIRTHDAY.fullmatch(value.strip())
    if not m:
        return None
    year = int(m.group(1)) if m.group(1) else None
    month, day = int(m.group(2)), int(m.group(3))
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is valid
    except ValueError:
        return None
    return year, month, day


def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_TAG_SPLIT = re.compile(r"[,\s]+")


def split_tags(value: Any) -> list[str]:
    """Tags as Obsidian reads the property: a list, or one string of tags separated by
    commas or blanks (``tags: type/person role/tk``); a leading ``#`` is not part of a tag."""
    out = []
    for item in as_list(value):
        if isinstance(item, str):
            out.extend(t.lstrip("#") for t in _TAG_SPLIT.split(item) if t.lstrip("#"))
    return out


def split_aliases(value: Any) -> list[str]:
    """Aliases as Obsidian reads the property: a list, or one string of names separated by
    commas (``aliases: Al, Big Al``)."""
    if isinstance(value, str):
        return [a.strip() for a in value.split(",") if a.strip()]
    return [a for a in as_list(value) if isinstance(a, str) and a.strip()]


def texts(value: Any) -> list[str]:
    """The text items of a property (a string or a list), numbers written as text; booleans,
    dates and nested values are not text and are left out."""
    return [str(x) for x in as_list(value) if isinstance(x, (str, int, float)) and not isinstance(x, bool)]


def check_fields(path: str, props: dict[str, Any], pos: dict[str, tuple[int, int, int]],
                 tiers: dict[str, int], plain_text: dict[tuple[str, int], str],
                 known_extra: tuple[str, ...], kind_fields: tuple[str, ...] = ("type", "categories"),
                 key_pos: dict[str, tuple[int, int, int]] | None = None) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check known properties; return props with recoverable values repaired, and problems.

    ``pos`` maps each key to the file line, column and span of its value (where its
    problems are reported). ``plain_text`` maps (key, item index) to the source text of bare
    numbers and booleans, so that a repaired value is exactly what the user typed.
    ``kind_fields`` are the config's type and category properties: text, a link or a list of
    either; ``type`` and ``categories`` under another configuration are the user's own."""
    ctx = _Context(path, pos, tiers, plain_text, key_pos or {})
    fixed = dict(props)
    problems: list[Diagnostic] = []
    for key, value in props.items():
        kind = LINKS if key in kind_fields else FIELDS.get(key)
        if key in _KIND_DEFAULTS and key not in kind_fields:
            continue
        if kind is None:
            if key not in known_extra:
                problems.append(ctx.problem(key, "unknown-field",
                                            f"unknown property `{key}`; list it in [vault] extra_fields "
                                            "of the config if you use it on purpose"))
            continue
        if value is None:
            continue
        checker = _CHECKS[kind]
        fixed_value, probs = checker(key, value, ctx)
        fixed[key] = fixed_value
        problems.extend(probs)
    return fixed, problems


def _text_item(key: str, value: Any, i: int | None, ctx: _Context) -> tuple[Any, list[Diagnostic]]:
    if isinstance(value, str):
        return value, []
    if isinstance(value, (bool, int, float)):
        src = ctx.plain.get((key, i if i is not None else -1), str(value))
        if isinstance(value, bool):
            return src, []  # the yaml-ambiguous warning already says it
        return src, [ctx.problem(key, "unquoted-number",
                                 f"`{key}` is text but `{src}` is written as a bare number; "
                                 f"quote it: {key}: \"{src}\"")]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(), []
    return value, [ctx.problem(key, "field-type",
                               f"`{key}` must be text, not a {_type_name(value)}")]


def _type_name(value: Any) -> str:
    return {list: "list", dict: "mapping", int: "number", float: "number", bool: "true/false value",
            str: "text"}.get(type(value), type(value).__name__)


def _check_text(key, value, ctx):
    if isinstance(value, list) and len(value) == 1:  # `org: ["[[Acme]]"]`, as Obsidian users write links
        bare, probs = _link_item(key, value, None, ctx)
        if isinstance(bare, str):
            return bare, probs
        if isinstance(value[0], str):
            return value[0], []
    return _text_item(key, value, None, ctx)


def _check_texts(key, value, ctx):
    if isinstance(value, list):
        out, probs = [], []
        for i, item in enumerate(value):
            if item is None:
                continue
            v, p = _text_item(key, item, i, ctx)
            if isinstance(v, list) and len(v) == 1 and isinstance(v[0], list):
                v, p = v, [ctx.problem(key, "field-type", f"`{key}` items must be text")]
            out.append(v)
            probs.extend(p)
        return out, probs
    return _text_item(key, value, None, ctx)


def _check_date(key, value, ctx):
    if isinstance(value, (dt.date, dt.datetime)):
        return value, []
    if isinstance(value, str):
        d = as_date(value)
        if d is not None:
            return d, []
        return value, [ctx.problem(key, "invalid-date",
                                   f"`{key}: {value}` is not a date; write an existing day as YYYY-MM-DD")]
    return value, [ctx.problem(key, "field-type", f"`{key}` must be a date (YYYY-MM-DD), not a {_type_name(value)}")]


def _check_birthday(key, value, ctx):
    if birthday_parts(value) is not None:
        return value, []
    return value, [ctx.problem(key, "invalid-date",
                               f"`{key}: {value}` is not a birthday; write YYYY-MM-DD, or --MM-DD without a year")]


def _check_duration(key, value, ctx):
    if isinstance(value, str) and parse_duration(value):
        return value, []
    return value, [ctx.problem(key, "invalid-value",
                               f"`{key}: {value}` is not a cadence; write a number and d, w, m or y, like 3w")]


def _enum(allowed: tuple[str, ...]) -> Callable:
    def check(key, value, ctx):
        if isinstance(value, str) and value.strip().lower() in allowed:
            return value.strip().lower(), []
        return value, [ctx.problem(key, "invalid-value",
                                   f"`{key}: {value}` is not one of: {', '.join(allowed)}")]
    return check


def _check_tier(key, value, ctx):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = ctx.plain.get((key, -1), str(value))
    if not isinstance(value, str):
        return value, [ctx.problem(key, "field-type", f"`{key}` must be text, not a {_type_name(value)}")]
    if value not in ctx.tiers:
        known = ", ".join(ctx.tiers) or "none (add a [tiers] table to the config)"
        return value, [ctx.problem(key, "unknown-tier", f"tier `{value}` is not in the config; known tiers: {known}")]
    return value, []


def _link_item(key, value, i, ctx):
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1 \
            and isinstance(value[0][0], str):
        return f"[[{value[0][0]}]]", []  # bare [[Link]]: unquoted-wikilink already reported
    return _text_item(key, value, i, ctx)


def _check_link(key, value, ctx):
    if isinstance(value, list):
        fixed, probs = _link_item(key, value, None, ctx)
        if isinstance(fixed, str):
            return fixed, probs
        return _check_links(key, value, ctx)
    return _link_item(key, value, None, ctx)


def _check_links(key, value, ctx):
    if not isinstance(value, list):
        return _link_item(key, value, None, ctx)
    bare, bare_probs = _link_item(key, value, None, ctx)
    if isinstance(bare, str):  # `groups: [[BNI]]`: one bare link, not a list of lists
        return [bare], bare_probs
    out, probs = [], []
    for i, item in enumerate(value):
        if item is None:
            continue
        v, p = _link_item(key, item, i, ctx)
        out.append(v)
        probs.extend(p)
    return out, probs


def _check_bool(key, value, ctx):
    if isinstance(value, bool):
        return value, []
    return value, [ctx.problem(key, "field-type", f"`{key}` must be true or false, not {value!r}")]


def _check_lines(key, value, ctx):
    """``vcard:``: a mapping of property names to a raw line or a list of lines."""
    if isinstance(value, dict) and all(isinstance(k, str) and (isinstance(v, str) or isinstance(v, list) and
                                       all(isinstance(x, str) for x in v)) for k, v in value.items()):
        return value, []
    return value, [ctx.problem(key, "field-type", f"`{key}` must map property names to vCard lines "
                                                  "(`{TEL: 'TEL;TYPE=CELL:+1 613 555 0101'}`)")]


_CHECKS: dict[str, Callable] = {
    TEXT: _check_text, TEXTS: _check_texts, DATE: _check_date, BIRTHDAY: _check_birthday,
    DURATION: _check_duration, STAGE: _enum(STAGES), PIPELINE: _enum(PIPELINES), TIER: _check_tier,
    LINK: _check_link, LINKS: _check_links, BOOL: _check_bool, LINES: _check_lines,
}
