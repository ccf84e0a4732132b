"""Exports: vCard, CSV and JSON of contacts, and an iCalendar file of follow-ups.

The iCalendar events are all-day, carry an alarm, and keep the same UID from run to run
(derived from the card's path), so a calendar that subscribes to or re-imports the file
updates its events instead of adding duplicates.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re

from netnotes.index.session import Session
from netnotes.notes.fields import texts
from netnotes.notes.note import Note
from netnotes.render.jinja import days
from netnotes.notes.people import Person, from_note
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


def to_csv(notes: list[Note]) -> str:
    """One row per contact; several values in a cell are joined with " ::: " (as Google does).
    Cells that would be formulas are neutralised (``cell``)."""
    out = io.StringIO()
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


def _vcard(p: Person) -> str:
    import vobject

    card = vobject.vCard()
    card.add("fn").value = p.name
    parts = p.name.rsplit(" ", 1)
    card.add("n").value = vobject.vcard.Name(family=parts[-1] if len(parts) > 1 else p.name,
                                             given=parts[0] if len(parts) > 1 else "")
    for e in p.emails:
        card.add("email").value = e
    for t in p.phones:
        card.add("tel").value = t
    if p.company:
        card.add("org").value = [p.company]
    if p.role:
        card.add("title").value = p.role
    for u in (*p.urls, *([p.linkedin] if p.linkedin else [])):
        card.add("url").value = u
    if p.birthday:
        card.add("bday").value = p.birthday
    if p.note:
        card.add("note").value = p.note
    return card.serialize()


def to_vcard(notes: list[Note]) -> str:
    return "".join(_vcard(from_note(n)) for n in notes)


def uid(note: Note) -> str:
    """Stable from run to run: a digest of the card's path."""
    return hashlib.blake2b(note.rel.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest() + "@netnotes"


def to_ics(followups: list, today: dt.date) -> str:
    """All-day events for follow-ups, with an alarm at 9:00 on the day."""
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
        ev = icalendar.Event()
        ev.add("uid", uid(f.note))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", f"Follow up with {f.note.name}")
        late = f" ({days(f.overdue_days)} late)" if f.overdue_days else ""
        ev.add("description", f"{f.reason}{late}. Card: {f.note.rel}")
        ev.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Follow up with {f.note.name}")
        alarm.add("trigger", dt.timedelta(hours=9))
        ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


def export_text(session: Session, fmt: str, filters: Filters, today: dt.date, within_days: int | None = None) -> str:
    """``netnotes export FORMAT``: the contacts ``filters`` keeps as vCard, CSV or JSON, or,
    for ``ics``, the follow-ups due within ``within_days`` (default 30)."""
    if fmt == "ics":
        return to_ics(due_followups(session, today, 30 if within_days is None else within_days), today)
    by_rel = {n.rel: n for n in session.contacts}  # the whole cards: an export carries everything
    notes = [by_rel[r.note.rel] for r in list_contacts(session, filters, today)]
    return {"vcard": to_vcard, "csv": to_csv, "json": to_json}[fmt](notes)
