"""The weekly review: every report for one ISO week, as one value the templates render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.base.text import name_sort_key
from netnotes.notes.note import Note
from netnotes.base.dates import as_date
from netnotes.base.diagnostics import Diagnostic, applicable
from netnotes.reports.followups import FollowUp, followups
from netnotes.reports.groups import GroupStats, group_stats
from netnotes.reports.introductions import Introduction, top_introductions
from netnotes.reports.leads import Lead, leads
from netnotes.base.isoweek import Week
from netnotes.notes.log import LogEntry
from netnotes.reports.pipeline import PipelineEntry, pipeline
from netnotes.reports.facts import Facts
from netnotes.reports.graph import Graph, to_mermaid
from netnotes.reports.reciprocity import Balance, reciprocity
from netnotes.index.session import Session

@dataclass(frozen=True)
class Interaction:
    note: Note
    entry: LogEntry


@dataclass(frozen=True)
class WeeklyReview:
    week: Week
    today: dt.date
    followups: tuple[FollowUp, ...]
    going_cold: tuple[FollowUp, ...]
    introductions: tuple[Introduction, ...]
    introductions_total: int
    owed: tuple[Balance, ...]
    balances: tuple[Balance, ...]
    groups: tuple[GroupStats, ...]
    pipeline: tuple[PipelineEntry, ...]
    new_people: tuple[Note, ...]
    interactions: tuple[Interaction, ...]
    problems: tuple[Diagnostic, ...]
    contacts: int
    asks: tuple = ()
    reminders: tuple = ()
    graph: str = ""  # Mermaid text of this week's people and their ties
    graph_cut: int = 0
    leads: tuple[Lead, ...] = ()  # the first MAX_LEADS (``reports.leads``)
    leads_total: int = 0
    knows_offers: bool = False  # the owner's offers are known (else the section says how)
    touches_by_week: tuple[tuple[Week, int], ...] = ()  # log entries of contacts, TOUCH_WEEKS up to this one
    graph_view: Graph | None = None  # the graph of ``graph``, for pages that draw it themselves

    @property
    def errors(self) -> int:
        return sum(1 for d in self.problems if d.severity.value == "error")

    def to_json(self) -> dict:
        return {
            "week": self.week.label, "start": self.week.start.isoformat(), "end": self.week.end.isoformat(),
            "today": self.today.isoformat(), "contacts": self.contacts,
            "followups": [f.to_json() for f in self.followups],
            "going_cold": [f.to_json() for f in self.going_cold],
            "introductions": [i.to_json() for i in self.introductions],
            "introductions_total": self.introductions_total,
            "owed": [b.to_json() for b in self.owed],
            "groups": [g.to_json() for g in self.groups],
            "pipeline": [p.to_json() for p in self.pipeline],
            "new_people": [{"name": n.name, "path": n.rel,
                            "met": _iso(as_date(n.props.get("met")))} for n in self.new_people],
            "interactions": [{"name": i.note.name, "path": i.note.rel, **i.entry.to_json()}
                             for i in self.interactions],
            "problems": [d.to_json() for d in self.problems],
            "asks": [a.to_json() for a in self.asks],
            "reminders": [r.to_json() for r in self.reminders],
            "leads": [x.to_json() for x in self.leads],
            "leads_total": self.leads_total,
        }

    @property
    def asked_links(self) -> list[str]:
        """The people this review asks, for its ``asked`` property (read by later weeks)."""
        return [f"[[{a.person.title}]]" for a in self.asks]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def as_of(week: Week | None, today: dt.date | None, clock: dt.date) -> tuple[Week, dt.date]:
    """The week to review and the day to compute as of: ``--week`` alone reviews that week as
    of its last day (or the clock's day, if that falls inside it); ``--today`` alone reviews
    its week."""
    if week is None:
        day = today or clock
        return Week.of(day), day
    if today is not None:
        return week, today
    return week, min(week.end, clock) if week.start <= clock else week.end


REACH_KEYS = ("email", "phone", "website")  # how to reach a person: the HTML page links them


def _read_once(session: Session, today: dt.date) -> None:
    """Every report of the review reads the contacts' rows it needs; read them once, with all
    that any of them needs (``Session.contacts_with`` and ``Session.ledger`` then hand the same
    light notes to each), instead of once per report."""
    from netnotes.reports import followups as fu, graph, groups, introductions as intro, leads, pipeline
    from netnotes.reports import reciprocity as recip
    from netnotes.reports.asks import FIELDS as ASK_FIELDS

    config = session.vault.config
    keys = {*fu.FIELDS, *intro.FIELDS, *ASK_FIELDS, *leads.KEYS, *config.reminder_properties, *REACH_KEYS}
    session.contacts_with(tuple(sorted(keys)))
    book_keys = {*graph.KEYS, *groups.CONTACT_KEYS, *pipeline.KEYS, *recip.KEYS, *REACH_KEYS}
    session.ledger().notes(("contact",), tuple(sorted(book_keys)), links=("groups", "introduced_by", "met_at"),
                           log=("intro", "referral", "sale"), today=today, entry_links=True)


def weekly_review(session: Session, week: Week, today: dt.date) -> WeeklyReview:
    if session._in_index():
        _read_once(session, today)
    facts = Facts(session, today)
    config = session.vault.config
    within = max((week.end - today).days, 0)
    due = followups(session, today, within, facts)
    intros, intros_total = top_introductions(session, today, config.max_introductions, facts)
    balances = reciprocity(session, today, facts)
    new_people = []
    interactions = []
    met, logged = session.week_notes(week.start, min(week.end, today))
    for n in met:
        when = as_date(n.props.get("met"))
        if when and week.start <= when <= week.end and when <= today:
            new_people.append(n)
    for n in logged:
        for e in n.log:
            if week.start <= e.date <= week.end and e.date <= today:
                interactions.append(Interaction(n, e))
    problems = [d for d in applicable(session.diagnostics, strict=False)]
    from netnotes.reports.asks import asks_this_week
    from netnotes.reports.reminders import reminders

    graph_view = _week_graph(session, today, facts, [i.note for i in interactions] + new_people)
    from netnotes.reports.owner import owner

    me = owner(session)
    found = leads(session, today, facts, me)
    return WeeklyReview(
        week=week, today=today,
        followups=tuple(f for f in due if not f.going_cold),
        going_cold=tuple(f for f in due if f.going_cold),
        introductions=tuple(intros), introductions_total=intros_total,
        owed=tuple(b for b in balances if b.owed), balances=tuple(balances),
        groups=tuple(group_stats(session, today, facts)),
        pipeline=tuple(pipeline(session, today, facts)),
        new_people=tuple(sorted(new_people, key=lambda n: (as_date(n.props.get("met")), name_sort_key(n.name)))),
        interactions=tuple(sorted(interactions, key=lambda i: (i.entry.date, name_sort_key(i.note.name), i.entry.line))),
        problems=tuple(problems), contacts=session.count("contact"),
        asks=tuple(asks_this_week(session, week, today, facts)),
        reminders=tuple(reminders(session, today)),
        graph=to_mermaid(graph_view) if graph_view else "", graph_cut=graph_view.cut if graph_view else 0,
        leads=tuple(found[:MAX_LEADS]), leads_total=len(found), knows_offers=bool(me and me.offers),
        touches_by_week=touches_by_week(session, week, today), graph_view=graph_view,
    )


MAX_LEADS = 5  # leads the review shows; `netnotes leads` lists them all


MAX_GRAPH_EDGES = 30


def _week_graph(session: Session, today: dt.date, facts: Facts, people: list[Note]) -> Graph | None:
    """The ties of the people met or talked to this week (one step out), cut to the strongest."""
    from netnotes.reports.graph import build, strongest

    if not people:
        return None
    full = build(session, today, facts)
    week = {p.rel for p in people}
    edges = [e for e in full.edges if e.source in week or e.target in week]
    if not edges:
        return None
    used = {e.source for e in edges} | {e.target for e in edges}
    merged = Graph({k: v for k, v in full.nodes.items() if k in used},
                   {k: v for k, v in full.kinds.items() if k in used}, edges)
    return strongest(merged, MAX_GRAPH_EDGES)


TOUCH_WEEKS = 12  # weeks of touches the review draws, this one last

def touches_by_week(session: Session, week: Week, today: dt.date,
                    weeks: int = TOUCH_WEEKS) -> tuple[tuple[Week, int], ...]:
    """How many log entries the contacts have in each of the ``weeks`` weeks up to ``week``
    (none after ``today``): "am I keeping up", counted as the review counts this week's
    interactions (``Session.log_counts``)."""
    first = week.start - dt.timedelta(weeks=weeks - 1)
    per_day = session.log_counts(first, min(week.end, today))
    counts = {Week.of(first + dt.timedelta(weeks=i)): 0 for i in range(weeks)}
    for day, count in per_day.items():
        counts[Week.of(day)] += count
    return tuple(counts.items())
