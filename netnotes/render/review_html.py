"""What the HTML review shows besides the lists: headline numbers, the charts, the graph.

One value computed from the weekly review (``html_view``), so the template only places it.
The numbers come from the same review the Markdown page and the JSON render, never from a
second query; the charts are drawn by ``render.charts`` and ``render.graph_svg``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from netnotes.reports.pipeline import FUNNEL, STALLABLE, PipelineEntry
from netnotes.reports.relationships import tier_of
from netnotes.reports.weekly import WeeklyReview
from netnotes.render.charts import Bar, Column, Dot, Segment, bars, columns, dot_strip
from netnotes.render.graph_svg import graph_svg
from netnotes.render.links import property_href
from netnotes.reports.weekly import REACH_KEYS
from netnotes.render.money import format_money


@dataclass(frozen=True)
class Tile:
    """A headline number: what it counts, a line under it, and the section that lists it."""

    value: int
    label: str
    note: str
    anchor: str
    warn: bool = False


@dataclass(frozen=True)
class Stage:
    stage: str
    count: int
    stalled: int


@dataclass(frozen=True)
class TierBacklog:
    tier: str
    due: int
    late: int
    cold: int
    most_late: int


@dataclass(frozen=True)
class Tie:
    source: str
    source_href: str | None
    label: str
    target: str
    target_href: str | None
    kind: str


@dataclass(frozen=True)
class HtmlView:
    tiles: tuple[Tile, ...]
    sales_chart: Markup | None
    sales_currency: str
    returns_chart: Markup | None
    funnel_chart: Markup | None
    funnel: tuple[Stage, ...]
    stalled: tuple[PipelineEntry, ...]
    touches_chart: Markup | None
    touches: tuple[tuple[str, str, int], ...]  # week label, its Monday, touches
    backlog_chart: Markup | None
    backlog: tuple[TierBacklog, ...]
    graph: Markup | None
    ties: tuple[Tie, ...]


def html_view(r: WeeklyReview, href: Callable[[str], str | None]) -> HtmlView:
    """The page's values; ``href`` is where a card's path leads (``render.links.card_href``)."""

    due = (*r.followups, *r.going_cold)
    refs_week = sum(1 for i in r.interactions if i.entry.kind == "referral" and i.entry.direction == "received")
    weeks = [c for _, c in r.touches_by_week]
    last_week = weeks[-2] if len(weeks) > 1 else 0
    tiles = (
        Tile(len(due), "due this week", f"{sum(1 for f in due if f.overdue_days)} late", "followups",
             any(f.overdue_days for f in due)),
        Tile(len(r.going_cold), "going cold", "top-tier, far behind", "going-cold", bool(r.going_cold)),
        Tile(len(r.interactions), "touches this week", f"{last_week} last week", "interactions"),
        Tile(r.introductions_total, "introductions to make", f"{len(r.introductions)} shown here", "introductions"),
        Tile(sum(b.referrals_received for b in r.balances), "referrals received", f"all time; {refs_week} this week",
             "help-back"),
        Tile(len(r.owed), "owe help back", "they gave more than you", "help-back"),
        Tile(len(r.new_people), "new people", "met this week", "new-people"),
    )
    sales_chart, currency = _sales(r)
    funnel = tuple(Stage(s, sum(1 for p in r.pipeline if p.stage == s),
                         sum(1 for p in r.pipeline if p.stage == s and p.stalled)) for s in FUNNEL)
    g = r.graph_view
    ties = tuple(Tie(g.nodes[e.source], href(e.source) if g.kinds.get(e.source) != "you" else None, e.label,
                     g.nodes[e.target], href(e.target) if g.kinds.get(e.target) != "you" else None, e.kind)
                 for e in g.edges) if g else ()
    return HtmlView(
        tiles=tiles, sales_chart=sales_chart, sales_currency=currency, returns_chart=_returns(r),
        funnel_chart=bars([_stage_bar(s) for s in funnel], "funnel") if r.pipeline else None, funnel=funnel,
        stalled=tuple(sorted((p for p in r.pipeline if p.stalled),
                             key=lambda p: (-(p.days_since_touch if p.days_since_touch is not None else 10**6),
                                            p.note.name))),
        touches_chart=columns([Column(_short(w.start), c, "c-accent" if i == len(weeks) - 1 else "c-soft")
                               for i, (w, c) in enumerate(r.touches_by_week)], every=3)
        if any(weeks) else None,
        touches=tuple((w.label, w.start.isoformat(), c) for w, c in r.touches_by_week),
        backlog_chart=_backlog_chart(due) if due else None, backlog=_backlog(due),
        graph=graph_svg(g, href, f"Referral graph of week {r.week.label}") if g else None, ties=ties,
    )


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(day: Any) -> str:
    """``16 Nov``: the same in every locale (strftime's ``%b`` is the system's language)."""
    return f"{day.day:02d} {MONTHS[day.month - 1]}"


def _sales(r: WeeklyReview) -> tuple[Markup | None, str]:
    """Sales per group in the currency most sold in (a vault rarely has two); the value shown
    is every currency's total."""
    totals: dict[str, int] = {}
    for g in r.groups:
        for cur, cents in g.sales_cents.items():
            totals[cur] = totals.get(cur, 0) + cents
    if not any(totals.values()):
        return None, ""
    currency = min(totals, key=lambda c: (-totals[c], c))
    rows = sorted(r.groups, key=lambda g: -g.sales_cents.get(currency, 0))
    return bars([Bar(_place(g), (Segment(g.sales_cents.get(currency, 0), "c-accent"),),
                     format_money(g.sales_cents) if g.sales_cents else "-") for g in rows], "sales"), currency


def _returns(r: WeeklyReview) -> Markup | None:
    """People met at each group, those who became like or trust drawn over them, referrals
    as a thin bar under them: one scale (people)."""
    if not r.groups:
        return None
    rows = sorted(r.groups, key=lambda g: (-len(g.people_met), -len(g.deepened), -g.referrals))
    return bars([Bar(_place(g), (Segment(len(g.people_met), "c-soft"), Segment(len(g.deepened), "c-accent")),
                     f"{len(g.people_met)} met, {len(g.deepened)} deepened, {g.referrals} referral{'s' * (g.referrals != 1)}",
                     overlay=True, second=Segment(g.referrals, "c-warm")) for g in rows], "returns")


def _place(g: Any) -> str:
    return g.note.name + (" (event)" if g.kind == "event" else "")


def _stage_bar(s: Stage) -> Bar:
    moving = s.count - s.stalled
    shown = f"{s.count} ({s.stalled} stalled)" if s.stage in STALLABLE and s.stalled else str(s.count)
    return Bar(s.stage, (Segment(s.stalled, "c-warn"), Segment(moving, "c-accent")), shown, centred=True)


def _tier(f: Any) -> str:
    return tier_of(f.note) or "no tier"


def _tiers(due: tuple) -> list[str]:
    return sorted({_tier(f) for f in due}, key=lambda t: (t == "no tier", t))


def _backlog(due: tuple) -> tuple[TierBacklog, ...]:
    out = []
    for t in _tiers(due):
        rows = [f for f in due if _tier(f) == t]
        out.append(TierBacklog(t, len(rows), sum(1 for f in rows if f.overdue_days),
                               sum(1 for f in rows if f.going_cold), max(f.overdue_days for f in rows)))
    return tuple(out)


def _backlog_chart(due: tuple) -> Markup:
    rows = []
    for t in _tiers(due):
        dots = [Dot(f.overdue_days, f"{f.note.name}: {f.overdue_days} days late" if f.overdue_days
                    else f"{f.note.name}: due {f.due.date.isoformat() if f.due.date else ''}",
                    "c-warn" if f.going_cold else "c-accent")
                for f in due if _tier(f) == t]
        rows.append((t if t == "no tier" else f"tier {t}", dots))
    return dot_strip(rows, "days late")


@dataclass(frozen=True)
class Reach:
    """One way to reach a person: ``mailto:``, ``tel:`` or a website, and the text shown."""

    kind: str
    href: str | None
    text: str


def reach(note: Any) -> list[Reach]:
    """The card's emails, phones and websites; a value that is not a safe link stays text."""
    out = []
    for key in REACH_KEYS:
        value = note.props.get(key)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip():
                out.append(Reach(key, property_href(key, v), " ".join(str(v).split())))
    return out

