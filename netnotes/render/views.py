"""Terminal renderings of the query results: readable tables within 80 columns."""

from __future__ import annotations

import datetime as dt

from netnotes.notes.log import LogEntry
from netnotes.notes.matching import Same
from netnotes.reports.facts import ContactFacts, ListRow, SearchHit, WhoRow
from netnotes.reports.graph import Graph, to_mermaid
from netnotes.reports.relationships import stage_of, tier_of
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
    n = f.note
    p = n.props
    lines = [n.name + (f"  ({', '.join(n.aliases)})" if n.aliases else ""), f"  {'file':<13} {n.rel}"]

    def row(label: str, value: object) -> None:
        if value in (None, "", [], ()):
            return
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        lines.append(f"  {label:<13} {value}")

    row("company", p.get("company"))
    row("role", p.get("role"))
    row("email", p.get("email"))
    row("phone", p.get("phone"))
    row("tier", tier_of(n))
    row("stage", stage_of(n))
    row("pipeline", p.get("pipeline"))
    row("met", _met(p))
    row("offers", p.get("offers"))
    row("needs", p.get("needs"))
    row("tags", list(n.tags))
    lines.append(f"  {'last touch':<13} " + (f"{f.touch.date.isoformat()} from {f.touch.source} "
                                             f"({f.touch.path})" if f.touch else "never"))
    if f.due.date:
        late = f.due.overdue_days(today)
        why = {"next_followup": "next_followup", "cadence": f"every {f.due.cadence_days} days",
               "never contacted": "never contacted",
               "planned": f"{f.due.plan.kind if f.due.plan else ''} planned, due "
                          f"{f.due.unplanned.isoformat() if f.due.unplanned else ''}"}.get(f.due.source, f.due.source)
        lines.append(f"  {'follow up':<13} {f.due.date.isoformat()} ({why})" + (f", {late} days late" if late else ""))
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


def _entry_line(e: LogEntry) -> str:
    text = f"{e.head}: {e.text}" if e.text else e.head
    return f"    {e.date.isoformat()}  {e.time + '  ' if e.time else ''}{text}"


def _met(p: dict) -> str:
    met = p.get("met")
    at = p.get("met_at")
    parts = [met.isoformat() if isinstance(met, dt.date) else str(met or "")]
    if isinstance(at, str) and at:
        parts.append(f"at {at.replace('[[', '').replace(']]', '')}")
    return " ".join(x for x in parts if x)


def render_who(term: str, rows: list[WhoRow]) -> str:
    if not rows:
        return f"nobody offers `{term}` yet"
    table = []
    for r in rows:
        company = r.note.props.get("company")
        table.append([r.note.name, company if isinstance(company, str) else "", ", ".join(r.offers),
                      stage_of(r.note), tier_of(r.note), _date(r.touch.date if r.touch else None)])
    return render_table(["name", "company", "offers", "stage", "tier", "last touch"], table, flexible=2)


def render_search(rows: list[SearchHit]) -> str:
    if not rows:
        return "no matches"
    out = []
    for r in rows:
        snippet = " ".join(r.snippet.split())
        out.append(f"{r.path}  ({r.kind})\n    {snippet}")
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
