"""Terminal tables for the reports (80 columns); the vault gets templates instead."""

from __future__ import annotations

import datetime as dt

from netnotes.reports.followups import FollowUp
from netnotes.reports.groups import GroupStats
from netnotes.render.money import format_money
from netnotes.reports.introductions import Introduction
from netnotes.reports.pipeline import PipelineEntry
from netnotes.reports.reciprocity import Balance
from netnotes.reports.relationships import tier_of
from netnotes.render.tables import render_table


def render_followups(rows: list[FollowUp], today: dt.date) -> str:
    if not rows:
        return "nobody is due"
    table = [[f.note.name, tier_of(f.note), f.due.date.isoformat() if f.due.date else "",
              (f"{f.overdue_days}d" if f.overdue_days else "") + (" cold" if f.going_cold else ""),
              f.reason] for f in rows]
    return render_table(["name", "tier", "due", "late", "why"], table, flexible=4)


def render_introductions(rows: list[Introduction], width: int | None = None) -> str:
    """Each pair on a line, then why, wrapped to the terminal (80 columns at least)."""
    import shutil
    import textwrap

    if not rows:
        return "no introductions to suggest"
    width = width or max(80, min(shutil.get_terminal_size((80, 24)).columns, 160))
    wrapper = textwrap.TextWrapper(width, initial_indent="    ", subsequent_indent="    ",
                                   break_long_words=False, break_on_hyphens=False)
    return "\n".join(f"{i.a.name} + {i.b.name}\n" + _indented(i.why, wrapper) for i in rows)


def _indented(text: str, wrapper) -> str:
    """``wrapper.fill(text)`` (indents of the same width, long words kept whole). Printable
    text whose only blanks are single spaces between words is filled here, word by word, as
    the wrapper would: thousands of suggestions print without its regular expressions."""
    indent = wrapper.initial_indent
    width = wrapper.width - len(indent)
    if not (text.isprintable() and text[:1] not in ("", " ") and text[-1] != " " and "  " not in text
            and len(wrapper.subsequent_indent) == len(indent) and width > 0
            and not wrapper.break_long_words and not wrapper.break_on_hyphens):
        return wrapper.fill(text)
    if len(text) <= width:
        return indent + text
    lines, line = [], ""
    for word in text.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return indent + ("\n" + wrapper.subsequent_indent).join(lines)


def render_reciprocity(rows: list[Balance]) -> str:
    if not rows:
        return "no referrals or introductions recorded yet"
    table = [[b.note.name, str(b.received), str(b.given),
              b.last_received.isoformat() if b.last_received else "",
              b.last_given.isoformat() if b.last_given else "",
              format_money(b.business_cents) if b.business_cents else "", "help back" if b.owed else ""]
             for b in rows]
    return render_table(*_shown(["name", "received", "given", "last received", "last given", "business", ""],
                                table, 5), flexible=0)


def render_groups(rows: list[GroupStats]) -> str:
    if not rows:
        return "no groups or events yet"
    table = [[g.note.name + (" (event)" if g.kind == "event" else ""), str(len(g.people_met)),
              str(len(g.deepened)), str(g.referrals), str(len(g.customers)), str(len(g.repeat_customers)),
              format_money(g.sales_cents), format_money(g.referred_sales_cents) if g.referred_customers else ""]
             for g in rows]
    return render_table(*_shown(["group or event", "met", "like+", "refs", "cust", "repeat", "sales", "via refs"],
                                table, 7), flexible=0)


def _shown(headers: list[str], table: list[list[str]], optional: int) -> tuple[list[str], list[list[str]]]:
    """The table without column ``optional`` when no row has anything in it (most vaults
    record no sales through referrals: no empty column for them)."""
    if any(row[optional] for row in table):
        return headers, table
    return headers[:optional] + headers[optional + 1:], [row[:optional] + row[optional + 1:] for row in table]


def render_pipeline(rows: list[PipelineEntry]) -> str:
    if not rows:
        return "nobody in the pipeline"
    table = [[p.stage, p.note.name, p.source, p.touch.date.isoformat() if p.touch else "never",
              "stalled" if p.stalled else ""] for p in rows]
    return render_table(["stage", "name", "from", "last touch", ""], table, flexible=2)


def render_reminders(rows) -> str:
    lines = ["dates to remember"]
    for r in rows:
        when = "today" if r.days_away == 0 else f"in {r.days_away} day{'s' * (r.days_away != 1)}"
        lines.append(f"  {r.date.isoformat()}  {r.note.name}: {r.label} ({when})")
    return "\n".join(lines)


def render_asks(me, rows) -> str:
    if not rows:
        needs = ", ".join(me.needs) or "nothing yet (add `needs` to your note)"
        return f"nobody offers what you need: {needs}"
    out, current, shown, more = [], None, 0, 0

    def flush() -> None:
        if more:
            out.append(f"  (+{more} more: --json lists them all)")

    for a in rows:
        if a.need != current:
            flush()
            current, shown, more = a.need, 0, 0
            out.append(f"{a.need}:")
        if shown < 5:
            out.append(f"  ask {a.person.name}: {a.how}")
            shown += 1
        else:
            more += 1
    flush()
    return "\n".join(out)
