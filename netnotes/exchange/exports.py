"""Exports: vCard, CSV and JSON of contacts, and an iCalendar file of follow-ups.

The iCalendar events are all-day, carry an alarm, and keep the same UID from run to run (the
card's ``uid:``, else a digest of its path), so a calendar that subscribes to or re-imports
the file updates its events instead of adding duplicates. vCards carry the same UID, every
card field that vCard has a property for, and the raw lines kept under ``vcard:``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from typing import Callable

from netnotes.index.session import Session
from netnotes.notes.fields import texts
from netnotes.notes.note import Note
from netnotes.render.jinja import days
from netnotes.exchange.vcards import MAPPED, escape, name_parts, phone_text
from netnotes.notes.people import Person, card_uid, clean, from_note, normalize_birthday
from netnotes.reports.facts import Filters, list_contacts
from netnotes.reports.followups import followups as due_followups
from netnotes.reports.relationships import stage_of, tier_of

CSV_COLUMNS = ("name", "company", "role", "email", "phone", "website", "linkedin", "birthday", "met",
               "tier", "stage", "pipeline", "tags", "offers", "needs", "path")


def to_json(notes: list[Note]) -> str:
    from netnotes.reports.facts import _jsonable

    rows = []
    for n in notes:
        p = from_note(n)
        rows.append({"name": n.name, "path": n.rel, "company": p.company or None, "role": p.role or None,
                     "email": list(p.emails), "phone": list(p.phones), "website": list(p.urls),
                     "linkedin": p.linkedin or None, "birthday": p.birthday or None,
                     "met": p.met.isoformat() if p.met else None, "tier": tier_of(n) or None,
                     "stage": stage_of(n) or None, "tags": list(n.tags), "notes": p.note or None,
                     "properties": {k: _jsonable(v) for k, v in n.props.items()}})
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[0-9 +\-().,/:]*")  # a phone number or an amount: nothing to run


def cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: text that starts like a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR) gets a leading ``'``, as OWASP advises, unless it is only digits and
    punctuation (``+1 613 555 0114``, ``-12.50``), which no spreadsheet can turn into a call."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(notes: list[Note], bom: bool = False) -> str:
    """One row per contact; several values in a cell are joined with " ::: " (as Google does).
    Cells that would be formulas are neutralised (``cell``). ``bom`` starts the file with a
    byte order mark, without which Excel reads UTF-8 as its own code page ("ZoÃ©")."""
    out = io.StringIO("\ufeff" if bom else "")
    out.seek(0, io.SEEK_END)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for n in notes:
        p = from_note(n)
        pipeline = n.props.get("pipeline")
        w.writerow([cell(v) for v in [n.name, p.company, p.role, " ::: ".join(p.emails), " ::: ".join(p.phones),
                    " ::: ".join(p.urls), p.linkedin, p.birthday, p.met.isoformat() if p.met else "",
                    tier_of(n), stage_of(n), pipeline if isinstance(pipeline, str) else "",
                    " ::: ".join(n.tags), " ::: ".join(texts(n.props.get("offers"))),
                    " ::: ".join(texts(n.props.get("needs"))), n.rel]])
    return out.getvalue()


def _kept_line(raw: str):
    """A kept ``vcard:`` line parsed as vobject reads it, or None when it does not parse (then
    it is written back as it is, never dropped)."""
    import vobject

    try:
        card = vobject.readOne(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\n{raw}\r\nEND:VCARD\r\n")
    except Exception:  # vobject raises several exception types for bad input
        return None
    lines = [line for key, ls in card.contents.items() if key not in ("version", "fn") for line in ls]
    return lines[0] if len(lines) == 1 else None


def _same(a: object, b: object) -> bool:
    return clean(a).casefold() == clean(b).casefold()


class _Kept:
    """The card's kept vCard lines, each used at most once: a mapped property's line is
    written instead of a plain one while its value is still the card's (so its TYPE and
    group survive); one whose value the user changed or removed gives way to the card."""

    def __init__(self, kept: tuple[tuple[str, str], ...]) -> None:
        self.items = [(key, raw, _kept_line(raw)) for key, raw in kept]
        self.used: set[int] = set()
        self.out: list[str] = []

    def take(self, key: str, fits: Callable[[object], bool]) -> bool:
        for i, (k, raw, line) in enumerate(self.items):
            if i not in self.used and k == key and line is not None and fits(line.value):
                self.used.add(i)
                self.out.append(raw)
                return True
        return False

    def plain(self, line) -> None:
        """A line netnotes made from a card field, in its place among the kept ones."""
        self.out.append(re.sub(r"\r?\n[ \t]", "", line.serialize()).rstrip("\r\n"))

    def first(self, key: str):
        """The first unused line of ``key`` (marked used), parsed, or None."""
        for i, (k, _raw, line) in enumerate(self.items):
            if i not in self.used and k == key:
                self.used.add(i)
                return line
        return None

    def rest(self) -> list[str]:
        """Every line so far, then the unused lines of properties no card field holds."""
        return self.out + [raw for i, (k, raw, _l) in enumerate(self.items)
                           if i not in self.used and k.lower() not in MAPPED]


def _words(value: object) -> list[str]:
    parts = [getattr(value, a, "") for a in ("prefix", "given", "additional", "family", "suffix")]
    return sorted(w.casefold() for part in parts for w in clean(part).split())


def _address(card, kept: _Kept, p: Person) -> None:
    """``ADR`` from ``address`` and ``city`` (region, postal code and country from the first kept
    ``ADR``, which they came from), then the other kept addresses."""
    import vobject

    def street(v: object) -> str:
        return ", ".join(x for x in (clean(getattr(v, a, "")) for a in ("box", "extended", "street")) if x)

    if not kept.take("ADR", lambda v: bool(p.address or p.city) and _same(street(v), p.address)
                     and _same(getattr(v, "city", ""), p.city)):
        old = kept.first("ADR")
        if p.address or p.city:
            rest = {a: getattr(old.value, a, "") for a in ("region", "code", "country")} if old is not None else {}
            line = card.add("adr")
            line.value = vobject.vcard.Address(street=p.address, city=p.city, **rest)
            if old is not None:
                line.params = dict(old.params)
                line.group = old.group
            kept.plain(line)
    while kept.take("ADR", lambda v: True):  # the other addresses, which no card field holds
        pass


def person_vcard(p: Person) -> str:
    """One vCard 3.0, its properties in a fixed order (``vcards.ORDER``): the same card gives
    the same bytes, and import, export, import gives the same card."""
    import vobject
    from vobject.base import foldOneLine

    kept = _Kept(p.kept)
    card = vobject.vCard()

    def add(name: str, value: object) -> None:
        line = card.add(name)
        line.value = value
        kept.plain(line)

    if not kept.take("N", lambda v: _words(v) == sorted(w.casefold() for w in p.name.split())):
        given, family = name_parts(p.name)
        add("n", vobject.vcard.Name(family=family, given=given))
    for a in p.aliases:
        if not kept.take("NICKNAME", lambda v, a=a: _same(v, a)):
            add("nickname", a)
    for e in p.emails:
        if not kept.take("EMAIL", lambda v, e=e: _same(v, e)):
            add("email", e)
    for t in p.phones:
        if not kept.take("TEL", lambda v, t=t: _same(phone_text(v), t)):
            add("tel", t)
    if p.company and not kept.take("ORG", lambda v: _same(v[0] if isinstance(v, list) and v else v, p.company)):
        add("org", [p.company])
    if p.role and not kept.take("TITLE", lambda v: _same(v, p.role)):
        add("title", p.role)
    for u in (*p.urls, *([p.linkedin] if p.linkedin else [])):
        if not kept.take("URL", lambda v, u=u: _same(v, u)):
            add("url", u)
    _address(card, kept, p)
    if p.birthday and not kept.take("BDAY", lambda v: normalize_birthday(clean(v)) == p.birthday):
        add("bday", p.birthday)
    if p.tags and not kept.take("CATEGORIES", lambda v: [clean(x) for x in (v if isinstance(v, list) else [v])]
                                == list(p.tags)):
        add("categories", list(p.tags))
    if p.note and not kept.take("NOTE", lambda v: str(v).strip() == p.note):
        add("note", p.note)
    out = io.StringIO()
    for raw in ["BEGIN:VCARD", "VERSION:3.0", f"FN:{escape(p.name)}"] + kept.rest() + (
            [f"UID:{escape(p.uid)}"] if p.uid else []) + ["END:VCARD"]:
        foldOneLine(out, raw.replace("\r", " ").replace("\n", " "))
    return out.getvalue()


def to_vcard(notes: list[Note]) -> str:
    return "".join(person_vcard(from_note(n)) for n in notes)


def uid(note: Note) -> str:
    """The card's ``uid:`` (written by imports), else a digest of its path: the same from run
    to run, and, once written on the card, after a rename too."""
    return card_uid(note)


@dataclass(frozen=True)
class Yearly:
    """A date a card gives every year (its ``birthday``, or another ``[reminders]`` property)."""

    note: Note
    what: str  # the property
    year: int | None  # the year written, if any
    month: int
    day: int
    uid: str


def yearly_dates(session: Session) -> list[Yearly]:
    """The ``[reminders] properties`` (birthday by default) every contact gives, as yearly dates."""
    from netnotes.notes.fields import birthday_parts

    props = session.vault.config.reminder_properties
    out = []
    for n in session.contacts:
        for prop in props:
            parts = birthday_parts(n.props.get(prop))
            if parts is not None:
                out.append(Yearly(n, prop, *parts, uid(n)))
    return sorted(out, key=lambda y: (y.month, y.day, y.note.rel, y.what))


def to_ics(followups: list, today: dt.date, uids: dict[str, str] | None = None,
           yearly: list[Yearly] = (), todo: bool = False) -> str:
    """All-day events for follow-ups, with an alarm at 9:00 on the day (``todo``: tasks due
    that day instead, for a task list), and a yearly all-day event for each of ``yearly``;
    ``uids`` gives each card's identity by its path (default: from the follow-up's note)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//netnotes//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "netnotes follow-ups")
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc)
    for f in followups:
        if f.due.date is None:
            continue
        day = max(f.due.date, today)
        ev = icalendar.Todo() if todo else icalendar.Event()
        ev.add("uid", (uids or {}).get(f.note.rel) or uid(f.note))
        ev.add("dtstamp", stamp)
        if todo:
            ev.add("due", day)
            ev.add("status", "NEEDS-ACTION")
        else:
            ev.add("dtstart", day)
            ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", f"Follow up with {f.note.name}")
        late = f" ({days(f.overdue_days)} late)" if f.overdue_days else ""
        ev.add("description", f"{f.reason}{late}. Card: {f.note.rel}")
        if not todo:
            ev.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Follow up with {f.note.name}")
        alarm.add("trigger", dt.timedelta(hours=9))
        ev.add_component(alarm)
        cal.add_component(ev)
    for y in yearly:
        ev = icalendar.Event()
        ev.add("uid", f"{y.what}-{y.uid}")  # one per card and property, stable like the card's
        ev.add("dtstamp", stamp)
        first = _first_day(y.year or 2000, y.month, y.day)  # 2000: a leap year, for a February 29
        ev.add("dtstart", first)
        ev.add("dtend", first + dt.timedelta(days=1))
        # February 29: the last day of February every year, not only in leap years
        ev.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1} if (y.month, y.day) == (2, 29)
               else {"freq": "yearly"})
        ev.add("summary", f"{y.what.replace('_', ' ').capitalize()}: {y.note.name}")
        ev.add("description", f"Card: {y.note.rel}")
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


def _first_day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # a February 29 in a year that has none
        return dt.date(year, 2, 28)


def export_text(session: Session, fmt: str, filters: Filters, today: dt.date, within_days: int | None = None,
                bom: bool = False, dates: bool = True, todo: bool = False) -> str:
    """``netnotes export FORMAT``: the contacts ``filters`` keeps as vCard, CSV or JSON, or,
    for ``ics``, the follow-ups due within ``within_days`` (default 30) as events (``todo``:
    tasks) and, with ``dates``, each contact's birthday (``[reminders] properties``) as a
    yearly event. ``bom``: a CSV for Excel."""
    if fmt == "ics":
        due = due_followups(session, today, 30 if within_days is None else within_days)
        whole = {n.rel: n for n in session.contacts}  # follow-ups carry light notes: the uid is on the card
        return to_ics(due, today, {f.note.rel: uid(whole.get(f.note.rel, f.note)) for f in due},
                      yearly_dates(session) if dates else [], todo)
    by_rel = {n.rel: n for n in session.contacts}  # the whole cards: an export carries everything
    notes = [by_rel[r.note.rel] for r in list_contacts(session, filters, today)]
    if fmt == "csv":
        return to_csv(notes, bom)
    return {"vcard": to_vcard, "json": to_json}[fmt](notes)
