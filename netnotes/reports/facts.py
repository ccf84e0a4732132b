"""The query commands' computations: list filters, one person's facts, who offers what.

Pure functions of a Session (the synced index) and ``today``; rendering lives in
``netnotes.render.views``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from netnotes.base.text import name_sort_key
from netnotes.notes.note import Note
from netnotes.base.dates import as_date
from netnotes.notes.fields import as_list, texts
from netnotes.notes.log import LogEntry
from netnotes.reports.relationships import Due, depth_key, due, stage_of, tier_of
from netnotes.index.session import Session
from netnotes.notes.resolve import Resolver
from netnotes.notes.terms import Vocabulary
from netnotes.notes.touches import Touch
from netnotes.notes.links import normalize_name


# ---- names ---------------------------------------------------------------------------------
def find_note(session: Session, name: str, kinds: tuple[str, ...] = ("contact",)) -> Note:
    """The note a name typed on the command line means (``Resolver.lookup``)."""
    return session.lookup(name, kinds)


# ---- facts about contacts ------------------------------------------------------------------
def opted_out(note: Note) -> bool:
    """``opt_out: true``: never suggested for an introduction, never asked."""
    return note.props.get("opt_out") is True


def history(note: Note, today: dt.date) -> list[LogEntry]:
    """The log entries that have happened by ``today``. Every report counts these and only
    these, so a post-dated entry never counts early, in one report or another."""
    return [e for e in note.log if e.date <= today]


@dataclass(frozen=True)
class ContactFacts:
    note: Note
    touch: Touch | None
    due: Due
    groups: tuple[str, ...]
    events: tuple[str, ...]
    introduced_by: tuple[str, ...]
    introduced: tuple[str, ...]  # people this contact brought to you
    log: tuple[LogEntry, ...]
    notes: str = ""  # the card's own notes: its body outside the Log section (``card_notes``)

    def to_json(self, today: dt.date) -> dict:
        n = self.note
        return {
            "name": n.name, "path": n.rel, "kind": n.kind, "aliases": n.aliases,
            "company": _s(n.props.get("company")), "role": _s(n.props.get("role")),
            "tier": tier_of(n) or None, "stage": stage_of(n) or None,
            "pipeline": _s(n.props.get("pipeline")),
            "email": [e for e in as_list(n.props.get("email")) if isinstance(e, str)],
            "phone": [p for p in as_list(n.props.get("phone")) if isinstance(p, str)],
            "offers": texts(n.props.get("offers")), "needs": texts(n.props.get("needs")),
            "tags": list(n.tags),
            "last_touch": self.touch.date.isoformat() if self.touch else None,
            "last_touch_source": self.touch.source if self.touch else None,
            "last_touch_path": self.touch.path if self.touch else None,
            "next_followup": self.due.date.isoformat() if self.due.date else None,
            "next_followup_source": self.due.source or None,
            "overdue_days": self.due.overdue_days(today),
            "groups": list(self.groups), "events": list(self.events),
            "introduced_by": list(self.introduced_by), "introduced": list(self.introduced),
            "properties": {str(k): _jsonable(v) for k, v in n.props.items()},  # in the card's order
            "notes": self.notes,
            "log": [e.to_json() for e in self.log],
            "planned": [e.to_json() for e in sorted(n.planned, key=lambda e: (e.date, e.line))],
        }


def card_notes(note: Note, log_heading: str = "Log") -> str:
    """What the user wrote on the card besides its properties and its log ("two kids, loves
    sailing"): the body without the Log section, blank lines at either end left out. Empty
    when the note was read without its body."""
    from netnotes.notes.log import find_section

    lines = note.body.split("\n")
    section = find_section(lines, log_heading)
    if section is not None:
        lines = lines[:section[0]] + lines[section[1]:]
    return "\n".join(lines).strip("\n").rstrip()


def _s(v: object) -> str | None:
    return v if isinstance(v, str) and v else None


def _jsonable(v: object) -> object:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return v


class Facts:
    """Computes facts for many contacts at once, sharing the vault-wide work."""

    def __init__(self, session: Session, today: dt.date) -> None:
        self.session = session
        self.today = today
        self.config = session.vault.config
        self.touches = session.last_touches(today)
        self.plans = session.next_plans(today)  # planned touches: shown with the due date
        self._attended: dict[str, list[Note]] | None = None
        self.depths: dict[str, float] = {}  # introductions.depth, remembered
        self._resolved: dict[str, Note | None] = {}
        self._introducees: dict[str, list[str]] | None = None

    @property
    def resolver(self) -> Resolver:
        """The session's, built on first use: follow-ups never resolve a name."""
        return self.session.resolver

    def _resolve(self, target: str) -> Note | None:
        try:
            return self._resolved[target]
        except KeyError:
            note = self._resolved[target] = self.resolver.resolve(target).note
            return note

    def attended(self) -> dict[str, list[Note]]:
        """contact rel -> event notes whose people list or body names them."""
        if self._attended is None:
            out: dict[str, list[Note]] = {}
            for ev in (n for n in self.session.notes if n.kind == "event"):
                for link in ev.links:
                    if link.source in self.config.people_properties or link.source == "body":
                        target = self._resolve(link.target)
                        if target is not None and target.kind == "contact":
                            lst = out.setdefault(target.rel, [])
                            if ev not in lst:
                                lst.append(ev)
            self._attended = out
        return self._attended

    def attended_by_event(self) -> dict[str, list[Note]]:
        """event rel -> the contacts it lists (people properties or body links)."""
        out: dict[str, list[Note]] = {}
        by_rel = {n.rel: n for n in self.session.contacts}
        for person_rel, events in self.attended().items():
            person = by_rel.get(person_rel)
            if person is None:
                continue
            for ev in events:
                out.setdefault(ev.rel, []).append(person)
        return out

    def introducees(self) -> dict[str, list[str]]:
        """contact rel -> names of the contacts whose ``introduced_by`` is that contact."""
        if self._introducees is None:
            out: dict[str, list[str]] = {}
            for n in self.session.contacts:
                for link in n.prop_links("introduced_by"):
                    target = self._resolve(link.target)
                    if target is not None:
                        out.setdefault(target.rel, []).append(n.name)
            self._introducees = out
        return self._introducees

    def groups_of(self, note: Note) -> tuple[list[str], list[str]]:
        groups: list[str] = []
        events: list[str] = []

        def add_group(g: Note) -> None:
            if g.name not in groups:
                groups.append(g.name)

        for link in note.prop_links("groups") + note.prop_links("met_at"):
            target = self._resolve(link.target)
            if target is None:
                continue
            if target.kind == "group":
                add_group(target)
            elif target.kind == "event":
                events.append(target.name)
        for ev in self.attended().get(note.rel, []):
            if ev.name not in events:
                events.append(ev.name)
        for ev_name in events:
            ev = self._resolve(ev_name)
            for link in (ev.prop_links("group") if ev else []):
                g = self._resolve(link.target)
                if g is not None and g.kind == "group":
                    add_group(g)
        return groups, events

    def of_due(self, note: Note) -> Due:
        return due(note, self.touches.get(note.rel), self.config, self.today, self.plans.get(note.rel))

    def resolve_name(self, target: str) -> Note | None:
        return self._resolve(target)

    def of(self, note: Note) -> ContactFacts:
        touch = self.touches.get(note.rel)
        groups, events = self.groups_of(note)
        introduced_by = []
        for link in note.prop_links("introduced_by"):
            target = self._resolve(link.target)
            introduced_by.append(target.name if target else link.target)
        introduced = list(self.introducees().get(note.rel, []))
        for e in note.log:
            if e.kind == "intro" and e.direction == "received":
                for t in e.links:
                    target = self._resolve(t)
                    name = target.name if target else t
                    if name not in introduced:
                        introduced.append(name)
        return ContactFacts(note, touch, self.of_due(note), tuple(groups),
                            tuple(events), tuple(introduced_by), tuple(introduced),
                            tuple(sorted(note.log, key=lambda e: (e.date, e.line), reverse=True)),
                            card_notes(note, self.config.log_heading))


# ---- list ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    tags: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    pipelines: tuple[str, ...] = ()
    met_before: dt.date | None = None
    met_after: dt.date | None = None
    overdue: bool = False
    by: str | None = None  # only contacts with a log entry signed by this person


# what `list` reads of a card (besides its name, path and tags)
LIST_FIELDS = ("name", "company", "tier", "stage", "pipeline", "met", "cadence", "next_followup")


@dataclass(frozen=True)
class ListRow:
    note: Note
    touch: Touch | None
    due: Due
    groups: tuple[str, ...]

    def to_json(self, today: dt.date) -> dict:
        n = self.note
        return {"name": n.name, "path": n.rel, "company": _s(n.props.get("company")),
                "tier": tier_of(n) or None, "stage": stage_of(n) or None,
                "pipeline": _s(n.props.get("pipeline")),
                "last_touch": self.touch.date.isoformat() if self.touch else None,
                "last_touch_source": self.touch.source if self.touch else None,
                "next_followup": self.due.date.isoformat() if self.due.date else None,
                "overdue_days": self.due.overdue_days(today), "groups": list(self.groups)}


def list_contacts(session: Session, filters: Filters, today: dt.date) -> list[ListRow]:
    """The contacts ``filters`` keeps, by name. Groups come from the index's resolved links
    while the notes are not read (``index.contacts.memberships``), else from ``Facts``."""
    facts = Facts(session, today)
    member = session.memberships()
    group_keys = {normalize_name(g) for g in filters.groups}
    signed = session.authored(filters.by) if filters.by else None
    rows = []
    for n in session.contacts_with(LIST_FIELDS):
        if signed is not None and n.rel not in signed:
            continue
        if filters.tags and not set(t.lower().lstrip("#") for t in filters.tags) & set(n.tags):
            continue
        if filters.tiers and tier_of(n) not in filters.tiers:
            continue
        if filters.stages and stage_of(n) not in filters.stages:
            continue
        pipeline = n.props.get("pipeline")
        if filters.pipelines and (pipeline if isinstance(pipeline, str) else "none") not in filters.pipelines:
            continue
        met = as_date(n.props.get("met"))
        if filters.met_before and not (met and met < filters.met_before):
            continue
        if filters.met_after and not (met and met > filters.met_after):
            continue
        groups = member[n.rel][0] if member is not None else facts.groups_of(n)[0]
        if group_keys and not group_keys & {normalize_name(g) for g in groups}:
            continue
        touch = facts.touches.get(n.rel)
        d = facts.of_due(n)
        if filters.overdue and not d.overdue_days(today):
            continue
        rows.append(ListRow(n, touch, d, tuple(groups)))
    return sorted(rows, key=lambda r: (name_sort_key(r.note.name), r.note.rel))


# ---- who -----------------------------------------------------------------------------------
# what `who` reads of a card (besides its name and path)
WHO_FIELDS = ("name", "offers", "company", "tier", "stage", "email", "phone")


@dataclass(frozen=True)
class WhoRow:
    note: Note
    touch: Touch | None
    offers: tuple[str, ...]  # the offered terms that matched
    exact: bool

    def to_json(self, today: dt.date) -> dict:
        n = self.note
        return {"name": n.name, "path": n.rel, "company": _s(n.props.get("company")),
                "matched": list(self.offers), "exact": self.exact,
                "tier": tier_of(n) or None, "stage": stage_of(n) or None,
                "last_touch": self.touch.date.isoformat() if self.touch else None,
                "email": [e for e in as_list(n.props.get("email")) if isinstance(e, str)],
                "phone": [p for p in as_list(n.props.get("phone")) if isinstance(p, str)]}


def who(session: Session, term: str, today: dt.date) -> list[WhoRow]:
    """People who offer ``term`` (synonyms and normalised forms too), best relationships first;
    same-term matches before partial ones ("tax" in "small-business tax")."""
    vocab = Vocabulary(session.vault.config.synonyms)
    touches = session.last_touches(today)
    rows = []
    for n in session.contacts_with(WHO_FIELDS):
        matched, best = [], 0
        for offer in texts(n.props.get("offers")):
            score = vocab.matches(term, offer)
            if score:
                matched.append(offer)
                best = max(best, score)
        if matched:
            rows.append(WhoRow(n, touches.get(n.rel), tuple(matched), best == 2))
    config = session.vault.config
    return sorted(rows, key=lambda r: (not r.exact, depth_key(r.note, r.touch, config)))


@dataclass(frozen=True)
class SearchHit:
    """One note found: the field the words were found in (``name``, ``aliases``, ``title``,
    ``company``, ``role``, ``email``, ``phone``, ``offers``, ``needs``, ``tags`` or ``body``)
    and a snippet of it, whose matched words are at ``marks`` (start, end offsets): the
    renderer decides how they stand out."""

    path: str
    kind: str
    name: str
    field: str
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict:
        return {"path": self.path, "kind": self.kind, "name": self.name, "field": self.field,
                "snippet": self.snippet, "highlights": [list(m) for m in self.marks]}


def search(session: Session, text: str, limit: int = 20, generated: bool = False) -> list[SearchHit]:
    """Notes with every word of ``text`` in their name, aliases, title, company, role, email,
    phone, offers, needs, tags or body, best field first; generated pages only with ``generated``."""
    assert session.index is not None
    return [SearchHit(rel, kind, name, field, *_marked(snippet))
            for rel, kind, name, field, snippet in session.index.search(text, limit, generated)]


def _marked(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet with its runs of white space made one space, and where its marked words are."""
    from netnotes.index.searchable import CLOSE, OPEN

    out: list[str] = []
    marks: list[tuple[int, int]] = []
    start = -1
    for part in re.split(f"({OPEN}|{CLOSE})", text):
        if part == OPEN:
            start = len("".join(out))
        elif part == CLOSE:
            if start >= 0:
                marks.append((start, len("".join(out))))
            start = -1
        else:
            out.append(re.sub(r"\s+", " ", part))
    snippet = "".join(out)
    lead = len(snippet) - len(snippet.lstrip())
    snippet = snippet.strip()
    return snippet, tuple((max(0, a - lead), min(len(snippet), b - lead)) for a, b in marks if b > a)


__all__ = ["find_note", "Facts", "Filters", "list_contacts", "who", "search", "field"]
