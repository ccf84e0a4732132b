"""The dashboard's read views: what each page shows, as plain values for its template.

Each function asks the same queries the CLI's commands ask (``review`` as ``report``,
``contact`` as ``show``, ``followups``, ``introductions``, ``groups``, ``pipeline``,
``search``) and turns values from cards into ``Part`` s: a text and, when a person would click
it, an href built here or by ``render.links``, never taken from a card as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote

from netnotes.base.isoweek import Week
from netnotes.index.session import Session
from netnotes.notes.links import LINK_RE
from netnotes.notes.note import Note
from netnotes.render.links import property_href
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
ACT_LIMIT = 20  # follow-ups with buttons beside the review; the rest are on /followups
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """A piece of text on a page, and where clicking it leads (None: plain text)."""

    text: str
    href: str | None = None


def contact_url(rel: str) -> str:
    """The dashboard's page of a contact: its path in the index, every character but ``/``
    percent-encoded (file names need not be UTF-8: their bytes are encoded as they are)."""
    return "/contact/" + quote(rel, safe="/", errors="surrogateescape")


# ---- the weekly review ---------------------------------------------------------------------
def split_page(html: str) -> tuple[list[str], str]:
    """A standalone page as its style sheets and the inside of its body, to be shown inside
    the dashboard's frame. Its scripts are left out: the dashboard's policy runs only
    /static/live.js, and the page reads the same without them."""
    styles = _STYLE.findall(html)
    body = _BODY.search(html)
    return styles, _SCRIPT.sub("", body.group(1) if body else html)


def review(session: Session, week: Week, today: dt.date) -> dict[str, Any]:
    """The week's review as ``report --format html`` renders it (its names lead to their
    pages here), and what the buttons beside it act on (the same follow-ups and
    introductions)."""
    from netnotes.render.publish import render_weekly
    from netnotes.reports.weekly import weekly_review

    r = weekly_review(session, week, today)
    html = render_weekly(session, r, "html", card_link=contact_url)
    styles, body = split_page(html)
    return {"r": r, "week": week, "review_styles": styles, "review_body": body,
            "prev": Week.of(week.start - dt.timedelta(days=7)), "next": Week.of(week.start + dt.timedelta(days=7)),
            "this_week": Week.of(today), "wide": True, "act_limit": ACT_LIMIT}


# ---- one contact ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Property:
    key: str
    parts: tuple[Part, ...]
    nested: tuple["Property", ...] = ()


@dataclass(frozen=True)
class Neighbour:
    """One tie of the contact in the referral graph, from one end to the other."""

    source: Part
    target: Part
    kind: str  # referred | introduced | met at
    label: str
    date: dt.date | None


def contact(session: Session, rel: str, today: dt.date) -> dict[str, Any] | None:
    """Everything ``show`` shows of the contact at this index path, plus the introductions
    made with them and their neighbours in the referral graph; of another note (a group, an
    event) its properties and notes. None when the index has no note there: nothing is ever
    read from a path in the address."""
    from netnotes.reports.facts import Facts, card_notes
    from netnotes.reports.graph import referral_graph
    from netnotes.reports.introductions import introductions_made

    assert session.index is not None
    found = session.index.notes_at([rel], with_body=True)
    if not found:
        return None
    note = found[0]
    around = session.around(note)

    def resolve(target: str) -> Note | None:
        return around.resolver.resolve(target).note

    props = [p for p in (_property(str(k), v, resolve) for k, v in note.props.items() if k != "name")
             if p.parts or p.nested]
    if note.kind != "contact":
        return {"title": note.name, "note": note, "props": props, "is_contact": False,
                "notes": card_notes(note, session.vault.config.log_heading)}
    facts = Facts(around, today).of(note)
    made = [m for m in introductions_made(session, today) if rel in (m.a.rel, m.b.rel)]
    graph = referral_graph(session, today, rel, depth=1, max_edges=40)
    def end(node: str) -> Part:
        linked_here = node != rel and graph.kinds.get(node) != "you"
        return Part(graph.nodes.get(node, node), contact_url(node) if linked_here else None)

    neighbours = [Neighbour(end(e.source), end(e.target), e.kind, e.label, e.date)
                  for e in graph.edges if rel in (e.source, e.target)]
    planned = sorted(note.planned, key=lambda e: (e.date, e.line))
    return {"title": note.name, "note": note, "facts": facts, "props": props, "is_contact": True,
            "log": [(e, linked(_entry_text(e), resolve)) for e in facts.log],
            "planned": [(e, linked(_entry_text(e), resolve)) for e in planned],
            "made": made, "neighbours": neighbours, "notes": facts.notes}


def _entry_text(e: Any) -> str:
    return f"{e.head}: {e.text}" if e.text else e.head


def linked(text: str, resolve: Callable[[str], Note | None]) -> tuple[Part, ...]:
    """Text with its wikilinks as the names they show, each a link when it is a contact."""
    out, at = [], 0
    for m in LINK_RE.finditer(text):
        if m.start() > at:
            out.append(Part(text[at:m.start()]))
        target = m.group("target").strip()
        shown = m.group("alias") or target or m.group("heading") or ""
        note = resolve(target) if target else None
        out.append(Part(shown, contact_url(note.rel) if note is not None else None))
        at = m.end()
    if at < len(text):
        out.append(Part(text[at:]))
    return tuple(out)


def _property(key: str, value: Any, resolve: Callable[[str], Note | None]) -> Property:
    """One property as the card holds it: a list item by item, a mapping key by key, each
    email, phone and website a link when it is one (``render.links``), each wikilink to a
    contact a link to their page."""
    if isinstance(value, dict):
        return Property(key, (), tuple(_property(str(k), v, resolve) for k, v in value.items()))
    items = value if isinstance(value, list) else [value]
    parts: list[Part] = []
    for item in items:
        if isinstance(item, (dict, list)):
            parts.append(Part(_inline(item)))
            continue
        text = _scalar(item)
        if not text:
            continue
        href = property_href(key, text)
        if href is not None:
            parts.append(Part(text, href))
        elif "[[" in text:
            parts.extend(linked(text, resolve))
        else:
            parts.append(Part(text))
        parts.append(Part(", "))
    return Property(key, tuple(parts[:-1]) if parts and parts[-1] == Part(", ") else tuple(parts))


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_inline(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_inline(v) for v in value)
    return _scalar(value)


# ---- the reports ---------------------------------------------------------------------------
def followups(session: Session, today: dt.date, within: int = 7) -> dict[str, Any]:
    """``netnotes followups``: who is due within ``within`` days, going cold first, and the
    dates to remember."""
    from netnotes.reports.followups import followups as due
    from netnotes.reports.reminders import reminders

    return {"rows": due(session, today, within), "dates": reminders(session, today), "within": within,
            "horizon": today + dt.timedelta(days=within)}


def introductions(session: Session, today: dt.date, limit: int = 40) -> dict[str, Any]:
    """``netnotes introductions`` (the best ``limit``) and ``introductions --made``."""
    from netnotes.reports.introductions import introductions as suggested
    from netnotes.reports.introductions import introductions_made
    from netnotes.notes.log import OUTCOMES

    rows = suggested(session, today)
    return {"rows": rows[:limit], "total": len(rows), "made": introductions_made(session, today),
            "outcomes": OUTCOMES}


def groups(session: Session, today: dt.date) -> dict[str, Any]:
    from netnotes.reports.groups import group_stats

    return {"rows": group_stats(session, today)}


def pipeline(session: Session, today: dt.date) -> dict[str, Any]:
    from netnotes.reports.pipeline import pipeline as entries

    return {"rows": entries(session, today)}


def search(session: Session, text: str, limit: int = 50) -> dict[str, Any]:
    """``netnotes search``: each hit with its snippet cut into plain and matched pieces."""
    from netnotes.reports.facts import search as find

    hits = find(session, text, limit) if text.strip() else []
    rows = []
    for h in hits:
        pieces, at = [], 0
        for a, b in h.marks:
            pieces += [(h.snippet[at:a], False), (h.snippet[a:b], True)]
            at = b
        pieces.append((h.snippet[at:], False))
        who = Part(h.name, contact_url(h.path))
        rows.append({"hit": h, "who": who, "pieces": [p for p in pieces if p[0]]})
    return {"q": text, "rows": rows}
