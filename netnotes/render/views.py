"""Terminal renderings of the query results: readable tables within 80 columns."""

from __future__ import annotations

import datetime as dt
import re

from netnotes.notes.log import LogEntry
from netnotes.notes.matching import Same
from netnotes.reports.facts import ContactFacts, ListRow, SearchHit, WhoRow
from netnotes.reports.graph import Graph, to_mermaid
from netnotes.reports.relationships import stage_of, tier_of
from netnotes.render.jinja import days
from netnotes.render.tables import render_table


def _date(d: dt.date | None) -> str:
    return d.isoformat() if d else "never"


def render_list(rows: list[ListRow], today: dt.date) -> str:
    if not rows:
        return "no contacts match"
    table = []
    for r in rows:
        company = r.note.props.get("company")
        overdue = r.due.overdue_days(today)
        table.append([r.note.name, company if isinstance(company, str) else "", tier_of(r.note),
                      _date(r.touch.date if r.touch else None),
                      f"{overdue}d late" if overdue else (r.due.date.isoformat() if r.due.date else "")])
    out = render_table(["name", "company", "tier", "last touch", "follow up"], table, flexible=1)
    return out + f"\n{len(rows)} contact{'s' * (len(rows) != 1)}"


def render_show(f: ContactFacts, today: dt.date) -> str:
    """The whole card, then what netnotes computes: every property in the card's order (name
    and aliases head it), a blank line, the card's own notes (its body outside the Log), a
    blank line, then last touch, follow-up, groups, events, introductions, planned and log."""
    n = f.note
    lines = [n.name + (f"  ({', '.join(n.aliases)})" if n.aliases else ""), f"  {'file':<13} {n.rel}"]
    for key, value in n.props.items():
        if key not in ("name", "aliases"):
            lines.extend(_property_lines(str(key), value))
    if f.notes:
        lines += ["", *(f"  {line}".rstrip() for line in f.notes.split("\n"))]
    lines.append("")

    def row(label: str, value: object) -> None:
        if value in (None, "", [], ()):
            return
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        lines.append(f"  {label:<13} {value}")

    lines.append(f"  {'last touch':<13} " + (f"{f.touch.date.isoformat()} from {f.touch.source} "
                                             f"({f.touch.path})" if f.touch else "never"))
    if f.due.date:
        late = f.due.overdue_days(today)
        why = {"next_followup": "next_followup", "cadence": f"every {f.due.cadence_days} days",
               "never contacted": "never contacted",
               "planned": f"{f.due.plan.kind if f.due.plan else ''} planned, due "
                          f"{f.due.unplanned.isoformat() if f.due.unplanned else ''}"}.get(f.due.source, f.due.source)
        lines.append(f"  {'follow up':<13} {f.due.date.isoformat()} ({why})" + (f", {days(late)} late" if late else ""))
    row("groups", f.groups)
    row("events", f.events)
    row("introduced by", f.introduced_by)
    row("introduced", f.introduced)
    if n.planned:
        lines.append("  planned")
        for e in sorted(n.planned, key=lambda e: (e.date, e.line)):
            lines.append(_entry_line(e) + ("" if e.date >= today else "  (not done)"))
    if f.log:
        lines.append("  log")
        lines.extend(_entry_line(e) for e in f.log)
    return "\n".join(lines)


def _property_lines(label: str, value: object, indent: int = 2, width: int = 13) -> list[str]:
    """One property as the card holds it, readably: links as the names they point to, a list
    on one line, a mapping one key a line below its name, a list of nested values one item a
    line, a multi-line text under its first line. An empty value is left out."""
    pad = " " * indent
    if isinstance(value, dict):
        inner = [line for k, v in value.items() for line in _property_lines(str(k), v, indent + 2, max(width - 2, 1))]
        return [f"{pad}{label}", *inner] if inner else []
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        inner = [f"{pad}  - {text}" for text in map(_inline, value) if text]
        return [f"{pad}{label}", *inner] if inner else []
    text = ", ".join(t for t in map(_scalar, value) if t) if isinstance(value, list) else _scalar(value)
    if not text:
        return []
    first, *rest = text.split("\n")
    return [f"{pad}{label:<{width}} {first}".rstrip(), *(f"{' ' * (indent + width + 1)}{r}".rstrip() for r in rest)]


def _inline(value: object) -> str:
    """A nested value on one line: ``name: Rex; kind: dog``, ``Tom, Mia``."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_inline(v)}" for k, v in value.items() if _inline(v))
    if isinstance(value, list):
        return ", ".join(t for t in map(_inline, value) if t)
    return " ".join(_scalar(value).split())


_SHOWN_LINK = re.compile(r"!?\[\[([^\[\]|#^\n]*)(?:#([^\[\]|\n]*))?(?:\|[^\]\n]*)?\]\]")


def _scalar(value: object) -> str:
    """A property value as text: dates in ISO, true/false as YAML writes them, a wikilink as
    the name it points to (``[[Paul Girard|Paul]]`` is Paul Girard)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value).strip()
    return _SHOWN_LINK.sub(lambda m: m.group(1).strip() or m.group(2) or "", text) if "[[" in text else text


def _entry_line(e: LogEntry) -> str:
    text = f"{e.head}: {e.text}" if e.text else e.head
    return f"    {e.date.isoformat()}  {e.time + '  ' if e.time else ''}{text}"


def render_who(term: str, rows: list[WhoRow]) -> str:
    if not rows:
        return f"nobody offers `{term}` yet"
    table = []
    for r in rows:
        company = r.note.props.get("company")
        table.append([r.note.name, company if isinstance(company, str) else "", ", ".join(r.offers),
                      stage_of(r.note), tier_of(r.note), _date(r.touch.date if r.touch else None)])
    return render_table(["name", "company", "offers", "stage", "tier", "last touch"], table, flexible=1, keep=(2, 0))


# how a matched word stands out in ``search``: bold on a colour terminal, else in guillemets
# (square brackets would read as a wikilink)
MARK_COLOR = ("\x1b[1m", "\x1b[22m")
MARK_PLAIN = ("«", "»")


def render_search(rows: list[SearchHit], color: bool = False) -> str:
    """Each note found, then the field the words are in and a snippet of it."""
    if not rows:
        return "no matches"
    start, end = MARK_COLOR if color else MARK_PLAIN
    out = []
    for r in rows:
        text, at = [], 0
        for a, b in r.marks:
            text += [r.snippet[at:a], start, r.snippet[a:b], end]
            at = b
        text.append(r.snippet[at:])
        out.append(f"{r.path}  ({r.kind})\n    {r.field}: {''.join(text)}")
    return "\n".join(out)


def render_duplicates(pairs: list[Same]) -> str:
    """Each pair of cards that look like one person, why, and the command that merges them."""
    if not pairs:
        return "no duplicates found"
    return "\n".join(f"{p.a.rel}  =  {p.b.rel}\n    {p.reason}; merge with: netnotes merge \"{p.a.rel[:-3]}\" "
                     f"\"{p.b.rel[:-3]}\"" for p in pairs)


def render_neighbourhood(g: Graph) -> str:
    """``show --graph``: the graph as a Mermaid block, after a blank line."""
    return "\n```mermaid\n" + to_mermaid(g) + "```"
