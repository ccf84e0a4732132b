"""Terminal views of the weekly loop's reports: introductions made (and what came of them)
and leads."""

from __future__ import annotations

from netnotes.render.tables import render_table
from netnotes.reports.introductions import IntroductionMade
from netnotes.reports.leads import Lead
from netnotes.reports.relationships import tier_of


def render_made(rows: list[IntroductionMade]) -> str:
    """One line per introduction, newest first: when, whom, what came of it (and when)."""
    if not rows:
        return "no introductions made yet: `netnotes intro A B` records one"
    table = []
    for m in rows:
        last = m.outcome
        table.append([m.date.isoformat(), f"{m.a.name} + {m.b.name}",
                      f"{last.outcome} ({last.date.isoformat()})" if last else "no outcome yet", m.note])
    return render_table(["date", "introduced", "outcome", "about"], table, flexible=3)


def render_leads(rows: list[Lead]) -> str:
    if not rows:
        return "nobody in your network needs what you offer (your note with `type: me`, its `offers`)"
    table = [[x.note.name, tier_of(x.note), x.pipeline, x.reason]
             for x in rows]
    return render_table(["name", "tier", "pipeline", "why"], table, flexible=3)
