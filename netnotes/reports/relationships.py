"""How deep a relationship is, and when it is due for a follow-up.

Pure functions of a contact, its last touch, the config and ``today``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from netnotes.base.text import name_sort_key
from netnotes.notes.note import Note
from netnotes.vault.config import Config
from netnotes.base.dates import as_date, parse_duration
from netnotes.notes.fields import STAGES
from netnotes.notes.touches import Plan, Touch


def tier_of(note: Note) -> str:
    t = note.props.get("tier")
    return t if isinstance(t, str) else ""


def stage_of(note: Note) -> str:
    s = note.props.get("stage")
    return s if isinstance(s, str) and s in STAGES else ""


def tier_rank(tier: str, config: Config) -> int:
    """Higher is closer: the config's first tier ranks highest; no tier ranks 0."""
    order = list(config.tiers)
    return len(order) - order.index(tier) if tier in order else 0


def stage_rank(stage: str) -> int:
    return STAGES.index(stage) + 1 if stage in STAGES else 0


def depth_key(note: Note, touch: Touch | None, config: Config) -> tuple:
    """Sort key, best relationship first: stage, then tier, then most recent touch."""
    recent = touch.date.toordinal() if touch else 0
    return (-stage_rank(stage_of(note)), -tier_rank(tier_of(note), config), -recent, name_sort_key(note.name))


@dataclass(frozen=True)
class Due:
    date: dt.date | None
    source: str  # next_followup | cadence | never contacted | planned | ""
    cadence_days: int | None
    plan: Plan | None = None  # the contact's next planned touch, if any
    unplanned: dt.date | None = None  # with source "planned": the due date the plan moved

    def overdue_days(self, today: dt.date) -> int:
        return (today - self.date).days if self.date and self.date < today else 0


def cadence_days(note: Note, config: Config) -> int | None:
    own = note.props.get("cadence")
    if isinstance(own, str) and parse_duration(own):
        return parse_duration(own)
    tier = tier_of(note)
    if tier in config.tiers:
        return config.tiers[tier]
    return config.default_cadence


def due(note: Note, touch: Touch | None, config: Config, today: dt.date, plan: Plan | None = None) -> Due:
    """Explicit ``next_followup`` until a touch on or after it; else last touch (or ``met``)
    plus the cadence; else none. A contact with a cadence but no recorded touch at all is due
    today. A plan (an unticked log task dated today or later) on or after the due date moves
    the due date to the plan's day: it was planned, so it is not late (docs/reports.md).

    The explicit date is satisfied by any touch on or after it, so that logging the call is
    enough; the cadence then runs from that touch."""
    explicit = as_date(note.props.get("next_followup"))
    cadence = cadence_days(note, config)
    found = _due(explicit, touch, cadence, note, today)
    if plan is None:
        return found
    if found.date is not None and plan.date >= found.date:
        return Due(plan.date, "planned", cadence, plan, found.date)
    return replace(found, plan=plan)


def _due(explicit: dt.date | None, touch: Touch | None, cadence: int | None, note: Note,
         today: dt.date) -> Due:
    if explicit and (touch is None or touch.date < explicit):
        return Due(explicit, "next_followup", cadence)
    if cadence is None:
        return Due(None, "", None)
    base = touch.date if touch else as_date(note.props.get("met"))
    if base is None:
        return Due(today, "never contacted", cadence)
    return Due(base + dt.timedelta(days=cadence), "cadence", cadence)
