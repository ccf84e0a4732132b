"""Touches from a calendar: ``netnotes import ics CALENDAR.ics`` (an export or a subscribed file).

Every meeting of the calendar in a window of days (recurring ones expanded by
recurring-ical-events, which follows RRULE, RDATE, EXDATE and moved occurrences as RFC 5545
says) whose attendees or organizer are contacts becomes a log entry on each of their cards:
past meetings a touch (``- 2026-11-18 meeting: Quarterly review [ics:: 3f9a0c11d2]``), future
ones a planned touch (``- [ ] 2026-12-02 meeting: ...``), which later runs tick once the day
has passed. Attendees are matched by email, else by their exact name (case and accents
aside): a calendar's "Sam" is never guessed. The ``[ics:: ...]`` field is a short hash of the
event's UID: with the day it makes the import idempotent, however often it runs. A plan
first; ``--apply`` writes all of it or nothing, as one undoable change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.base.text import one_line, printable
from netnotes.edit.spans import append_log
from netnotes.edit.write import EditResult, apply_edit, restore, shown_path
from netnotes.index.session import Session
from netnotes.notes.log import parse_log
from netnotes.notes.note import Note

MAX_FILE = 64 * 1024 * 1024
MAX_OCCURRENCES = 20_000  # meetings read from one calendar in the window: a runaway rule stops here
MAX_YEARS = 20  # the widest window --since/--until may span
_ICS = re.compile(r"\[ics::\s*([0-9a-f]+)\s*\]\s*(?:\[by::[^\]]*\]\s*)?$")  # at the end (a signature may follow)
_FIELD = re.compile(r"\[[A-Za-z][\w-]*::[^\]]*\]")  # an inline field a summary must not bring in
KEYS = ("email", "name", "aliases")  # what matching reads of a card


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event."""

    key: str  # short hash of the event's UID: the entry's ``[ics:: KEY]``
    day: dt.date
    summary: str
    people: tuple[tuple[str, str], ...]  # (email, name) of each attendee and the organizer


@dataclass(frozen=True)
class Proposal:
    card: Note
    meeting: Meeting
    action: str  # add: a touch; plan: a planned touch; tick: a planned one now past; drop: one the
    # calendar no longer has; same: on the card already

    @property
    def entry(self) -> str:
        if self.action == "drop":
            return f"meeting: {self.meeting.summary} [ics:: {self.meeting.key}]"  # as the card has it
        return f"meeting: {clean_summary(self.meeting.summary)} [ics:: {self.meeting.key}]"

    def to_json(self) -> dict:
        return {"path": self.card.rel, "name": self.card.name, "date": self.meeting.day.isoformat(),
                "action": self.action, "entry": self.entry}


@dataclass
class CalendarPlan:
    file: str
    start: dt.date
    end: dt.date
    meetings: int = 0
    proposals: list[Proposal] = field(default_factory=list)
    unmatched: dict[str, int] = field(default_factory=dict)  # attendee -> meetings

    @property
    def changes(self) -> list[Proposal]:
        return [p for p in self.proposals if p.action != "same"]

    def to_json(self) -> dict:
        return {"file": self.file, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "meetings": self.meetings, "entries": [p.to_json() for p in self.proposals],
                "unmatched": [{"attendee": k, "meetings": v} for k, v in sorted(self.unmatched.items())]}


def clean_summary(summary: str) -> str:
    """An event's title as one plain line of a card: no control characters (a calendar must
    not drive the terminal), no inline fields of its own, no brackets that would start a link."""
    return one_line(_FIELD.sub(" ", printable(summary)).replace("[[", "[ [").replace("]]", "] ]")) or "meeting"


def uid_key(uid: str) -> str:
    return hashlib.blake2b(uid.encode("utf-8"), digest_size=5).hexdigest()


def read_meetings(path: Path, start: dt.date, end: dt.date) -> tuple[list[Meeting], int]:
    """The occurrences from ``start`` to ``end`` (both included) of every event that is not
    cancelled, and how many were read; an unreadable file is an error naming it."""
    import icalendar
    import recurring_ical_events

    shown = str(path)
    if (end - start).days > MAX_YEARS * 366:
        raise NetnotesError(f"--since {start.isoformat()} to --until {end.isoformat()} is more than {MAX_YEARS} years",
                            "import a narrower window")
    hint = "export the calendar again as .ics (iCalendar), or import a narrower window with --since/--until"
    try:
        from netnotes.base.files import read_regular

        if path.stat().st_size > MAX_FILE:
            raise NetnotesError(f"{shown} is larger than {MAX_FILE // (1024 * 1024)} MiB", "export a shorter range")
        data = read_regular(path, MAX_FILE)[0]
    except OSError as e:
        raise NetnotesError(f"cannot read {shown}: {e.strerror or e}", "give the path of a calendar file") from None
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise NetnotesError(f"{shown} is not a calendar: it does not start with BEGIN:VCALENDAR", hint)
    try:
        calendar = icalendar.Calendar.from_ical(data)
        _by_the_day(calendar)
    except Exception as e:  # the library raises ValueError, KeyError... on malformed input
        raise NetnotesError(f"{shown} is not a calendar netnotes can read ({_said(e)})", hint) from None
    seen: dict[tuple[str, dt.date], Meeting] = {}
    read = 0
    try:
        # in date order, lazily: a rule without an end (FREQ=SECONDLY) is read only as far as needed
        for ev in recurring_ical_events.of(calendar).after(start):
            day = _day(ev.get("DTSTART"))
            if day is None:
                continue
            if day > end:
                break
            read += 1
            if read > MAX_OCCURRENCES:
                raise NetnotesError(f"{shown} has more than {MAX_OCCURRENCES:,} meetings from {start.isoformat()} "
                                    f"to {end.isoformat()}", "import a narrower window with --since/--until")
            if day < start or str(ev.get("STATUS", "")).upper() == "CANCELLED":
                continue
            uid = str(ev.get("UID") or f"{ev.get('SUMMARY', '')}@{day.isoformat()}")
            key = uid_key(uid)
            if (key, day) not in seen:  # one entry a day per event, however often it repeats that day
                seen[key, day] = Meeting(key, day, str(ev.get("SUMMARY", "") or ""), _people(ev))
    except NetnotesError:
        raise
    except Exception as e:  # a rule the library cannot expand (FREQ=BOGUS...)
        raise NetnotesError(f"{shown} has an event netnotes cannot read ({_said(e)})", hint) from None
    out = sorted(seen.values(), key=lambda m: (m.day, m.summary, m.key))
    return out, len(out)


_FINER = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600}


def _by_the_day(calendar) -> None:
    """Rules that repeat within a day (FREQ=HOURLY...) read as daily ones over the same days:
    netnotes writes one entry a day per meeting anyway, and a rule of every second without
    an end would otherwise be expanded second by second. The parts that choose days (BYDAY,
    BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO) are kept, those that choose times dropped; a step
    of whole days (every 48 hours) becomes that many days. A COUNT becomes the UNTIL it reaches
    without day filters (with them it is approximate)."""
    import icalendar

    for ev in calendar.walk("VEVENT"):
        rule = ev.get("RRULE")
        if rule is None:
            continue
        unit = _FINER.get(str((rule.get("FREQ") or [""])[0]).upper())
        if unit is None:
            continue
        step = int((rule.get("INTERVAL") or [1])[0]) * unit
        daily: dict = {"FREQ": ["DAILY"]}
        daily.update({k: rule[k] for k in _DAY_PARTS if k in rule})
        if step >= _DAY and step % _DAY == 0:
            daily["INTERVAL"] = [step // _DAY]
            if "COUNT" in rule:
                daily["COUNT"] = rule["COUNT"]
        if "UNTIL" in rule:
            daily["UNTIL"] = rule["UNTIL"]
        elif "COUNT" in rule and "COUNT" not in daily:
            first = ev.decoded("DTSTART")
            last = first + dt.timedelta(seconds=step * (int(rule["COUNT"][0]) - 1))
            if isinstance(last, dt.datetime) and last.tzinfo is not None:
                last = last.astimezone(dt.timezone.utc)
            daily["UNTIL"] = [last]
        ev["RRULE"] = icalendar.vRecur(daily)


_DAY = 86400
_DAY_PARTS = ("BYDAY", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")


def _said(e: Exception) -> str:
    if isinstance(e, KeyError) and e.args:
        return f"an event has no {e.args[0]}"
    text = one_line(str(e))
    return (text[:120] + "…" if len(text) > 120 else text) or type(e).__name__


def _day(prop) -> dt.date | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _people(ev) -> tuple[tuple[str, str], ...]:
    found = ev.get("ATTENDEE") or []
    if not isinstance(found, list):
        found = [found]
    if ev.get("ORGANIZER") is not None:
        found = [*found, ev.get("ORGANIZER")]
    out = []
    for address in found:
        params = getattr(address, "params", {}) or {}
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        email = str(address).strip()
        email = email[7:] if email.lower().startswith("mailto:") else email
        email = email.strip().strip("<>").split("?", 1)[0]  # `<ann@x.org>`, `ann@x.org?subject=hi`
        out.append((email.strip().casefold(), one_line(str(params.get("CN", "") or ""))))
    return tuple(out)


def plan_calendar(session: Session, path: Path, today: dt.date, start: dt.date, end: dt.date) -> CalendarPlan:
    """What importing the calendar would write (nothing is written)."""
    from netnotes.notes.fields import as_list
    from netnotes.notes.typed_names import fold

    meetings, count = read_meetings(path, start, end)
    plan = CalendarPlan(shown_path(path), start, end, count)
    contacts = session.contacts_with(KEYS)
    by_email: dict[str, list[Note]] = {}
    by_name: dict[str, list[Note]] = {}
    for n in contacts:
        for email in as_list(n.props.get("email")):
            if isinstance(email, str) and email.strip():
                by_email.setdefault(email.strip().casefold(), []).append(n)
        for name in {n.name, *n.aliases}:
            by_name.setdefault(fold(name), []).append(n)
    logs: dict[str, tuple[set[tuple[dt.date, str]], set[tuple[dt.date, str]]]] = {}
    for meeting in meetings:
        matched: dict[str, Note] = {}
        for email, name in meeting.people:
            cards = by_email.get(email) or (_by_name(by_name, fold, name) if name else None) or []
            if len(cards) == 1:
                matched[cards[0].rel] = cards[0]
            else:
                who = name or email
                plan.unmatched[who] = plan.unmatched.get(who, 0) + 1
        for rel, card in sorted(matched.items()):
            done, planned = logs.get(rel) or logs.setdefault(rel, _imported(session, card))
            mark = (meeting.day, meeting.key)
            if mark in done:
                action = "same"
            elif mark in planned:
                action = "tick" if meeting.day <= today else "same"
            else:
                action = "add" if meeting.day <= today else "plan"
            plan.proposals.append(Proposal(card, meeting, action))
    # planned meetings on the cards that the calendar no longer has on that day (moved,
    # cancelled, deleted): gone from the card too, or they would stay "not done" forever
    current = {(m.day, m.key) for m in meetings}
    by_rel = {n.rel: n for n in contacts}
    for rel, day, key, summary in _planned_meetings(session):
        if start <= day <= end and (day, key) not in current and rel in by_rel:
            plan.proposals.append(Proposal(by_rel[rel], Meeting(key, day, summary, ()), "drop"))
    return plan


def _planned_meetings(session: Session) -> list[tuple[str, dt.date, str, str]]:
    """(card, day, key, title) of every planned meeting an import wrote on a contact's card."""
    if session.index is not None and "notes" not in session.__dict__:
        rows = session.index.conn.execute(
            "SELECT n.rel, p.date, p.text FROM planned p JOIN notes n ON n.id = p.note_id "
            "WHERE n.kind = 'contact' AND p.text LIKE '%[ics::%' ORDER BY n.rel, p.line")
        found = [(rel, dt.date.fromisoformat(day), text) for rel, day, text in rows]
    else:
        found = [(n.rel, e.date, e.text) for n in session.contacts for e in n.planned]
    out = []
    for rel, day, text in found:
        m = _ICS.search(text)
        if m:
            out.append((rel, day, m.group(1), text[:m.start()].strip()))
    return out


def _by_name(by_name: dict[str, list[Note]], fold, name: str) -> list[Note] | None:
    """The contacts of this name, also written the way address books do: ``Gervais, Alain``."""
    found = by_name.get(fold(name))
    if not found and name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        found = by_name.get(fold(f"{first} {last}"))
    return found


def _imported(session: Session, card: Note) -> tuple[set[tuple[dt.date, str]], set[tuple[dt.date, str]]]:
    """(day, key) of the meetings the card's log has already, done and planned."""
    text = (session.vault.root / card.rel).read_text(encoding="utf-8", errors="replace")
    section = parse_log(text.split("\n"), 1, session.vault.config.log_heading)

    def marks(entries) -> set[tuple[dt.date, str]]:
        return {(e.date, m.group(1)) for e in entries for m in [_ICS.search(e.text)] if m}

    return marks(section.entries), marks(section.planned)


def apply_calendar(session: Session, plan: CalendarPlan) -> list[EditResult]:
    """Write the plan: every card's entries in one edit each, all of them or none, as one
    change in the vault's history."""
    from netnotes.vault.history import change

    heading = session.vault.config.log_heading
    by_card: dict[str, list[Proposal]] = {}
    for p in plan.changes:
        by_card.setdefault(p.card.rel, []).append(p)
    done: list[EditResult] = []
    with change(session.vault.root, f"import ics {plan.file}"):
        try:
            for rel, proposals in by_card.items():
                path = session.vault.root / rel
                done.append(apply_edit(path, shown_path(path),
                                       lambda text, ps=proposals: _edit(text, ps, heading)))
        except (NetnotesError, OSError):
            for result in done:
                restore(result)
            raise
    return done


def _edit(text: str, proposals: list[Proposal], heading: str) -> str:
    for p in proposals:
        if p.action == "tick":
            text = _tick(text, p, heading)
        elif p.action == "drop":
            text = _drop(text, p, heading)
        else:
            text = append_log(text, p.meeting.day, p.entry, heading, planned=p.action == "plan")
    return text


def _tick(text: str, p: Proposal, heading: str) -> str:
    """The planned ``- [ ]`` line of this meeting, ticked."""
    lines = text.split("\n")
    for e in parse_log(lines, 1, heading).planned:
        m = _ICS.search(e.text)
        if m and m.group(1) == p.meeting.key and e.date == p.meeting.day:
            line = lines[e.line - 1]
            lines[e.line - 1] = line.replace("[ ]", "[x]", 1)
            return "\n".join(lines)
    return text


def _drop(text: str, p: Proposal, heading: str) -> str:
    """The planned ``- [ ]`` line of this meeting, removed, unless lines of the user's are
    indented under it (then it stays, and the plan said so)."""
    lines = text.split("\n")
    for e in parse_log(lines, 1, heading).planned:
        m = _ICS.search(e.text)
        if m and m.group(1) == p.meeting.key and e.date == p.meeting.day:
            i = e.line - 1
            below = lines[i + 1] if i + 1 < len(lines) else ""
            if below.strip() and below[:1] in (" ", "\t"):
                return text
            return "\n".join(lines[:i] + lines[i + 1:])
    return text


def plan_text(plan: CalendarPlan, applied: bool) -> str:
    out = [f"{plan.file}: {plan.meetings} {'meeting' if plan.meetings == 1 else 'meetings'} from "
           f"{plan.start.isoformat()} to {plan.end.isoformat()}"]
    words = {"add": "+", "plan": "+ [ ]", "tick": "[x]", "drop": "- [ ]", "same": "="}
    for rel in dict.fromkeys(p.card.rel for p in plan.proposals):
        rows = [p for p in plan.proposals if p.card.rel == rel]
        if all(p.action == "same" for p in rows):
            continue
        out.append(rel)
        for p in rows:
            if p.action != "same":
                gone = " (no longer in the calendar that day)" if p.action == "drop" else ""
                out.append(f"  {words[p.action]} {p.meeting.day.isoformat()} {p.entry}{gone}")
    same = sum(1 for p in plan.proposals if p.action == "same")
    if same:
        out.append(f"{same} {'entry is' if same == 1 else 'entries are'} on the cards already")
    if plan.unmatched:
        shown = ", ".join(f"{k} ({v})" for k, v in sorted(plan.unmatched.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
        more = len(plan.unmatched) - 10
        out.append(f"not contacts (or more than one): {shown}" + (f" and {more} more" if more > 0 else ""))
    n, cards = len(plan.changes), len({p.card.rel for p in plan.changes})
    dropped = sum(1 for p in plan.changes if p.action == "drop")
    written = n - dropped
    what = f"{written} {'entry' if written == 1 else 'entries'}" + (f" (and remove {dropped})" if dropped else "") + \
        f" on {cards} {'card' if cards == 1 else 'cards'}"
    if not n:
        out.append("nothing to write")
    elif applied:
        out.append(f"wrote {what}")
    else:
        out.append(f"run again with --apply to write {what}")
    return "\n".join(out)


__all__ = ["Meeting", "Proposal", "CalendarPlan", "read_meetings", "plan_calendar", "apply_calendar", "plan_text",
           "uid_key"]
