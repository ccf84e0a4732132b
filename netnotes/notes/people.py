"""A person as other tools know them (a vCard, a CSV row), and the same person on a card.

``Person`` is the neutral record imports produce and exports consume; ``from_note`` and
``card_props`` translate between it and a card's properties.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from netnotes.notes.note import Note
from netnotes.base.dates import as_date
from netnotes.notes.fields import birthday_parts, texts


@dataclass(frozen=True)
class Person:
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str = ""
    role: str = ""
    urls: tuple[str, ...] = ()
    linkedin: str = ""
    note: str = ""
    birthday: str = ""  # YYYY-MM-DD or --MM-DD
    met: dt.date | None = None
    tags: tuple[str, ...] = ()
    source: str = ""  # where it came from: "linkedin", "vcard", "google", "csv"
    where: str = ""  # file:line, for messages
    skipped: tuple[str, ...] = field(default=(), compare=False)  # what the importer left out, said once


def clean(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def unique(items) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        s = clean(item)
        if s and s.lower() not in (x.lower() for x in out):
            out.append(s)
    return tuple(out)


def normalize_birthday(text: str) -> str:
    """``1970-04-12``, ``19700412``, ``--0412``, ``--04-12``, ``04-12`` as ISO or ``--MM-DD``."""
    s = text.strip()
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", s)
    if m:
        y, mo, d = m.groups()
        return f"--{mo}-{d}" if y in ("1604", "0000") else f"{y}-{mo}-{d}"  # Apple's "no year" marker
    m = re.fullmatch(r"--(\d{2})-?(\d{2})", s) or re.fullmatch(r"(\d{2})-(\d{2})", s)
    if m:
        return f"--{m.group(1)}-{m.group(2)}"
    return ""


def card_props(p: Person) -> dict[str, object]:
    """The card properties a person fills, in the order a card shows them."""
    props: dict[str, object] = {}
    if p.company:
        props["company"] = p.company
    if p.role:
        props["role"] = p.role
    if p.emails:
        props["email"] = p.emails[0] if len(p.emails) == 1 else list(p.emails)
    if p.phones:
        props["phone"] = p.phones[0] if len(p.phones) == 1 else list(p.phones)
    if p.urls:
        props["website"] = p.urls[0] if len(p.urls) == 1 else list(p.urls)
    if p.linkedin:
        props["linkedin"] = p.linkedin
    if p.birthday and birthday_parts(p.birthday if p.birthday.startswith("--") else _date_or(p.birthday)):
        props["birthday"] = _date_or(p.birthday)
    if p.met:
        props["met"] = p.met
    if p.tags:
        props["tags"] = list(p.tags)
    if p.source:
        props["source"] = p.source
    return props


def _date_or(text: str) -> object:
    d = as_date(text)
    return d if d else text


def _strs(value: object) -> tuple[str, ...]:
    return unique(texts(value))


def from_note(note: Note) -> Person:
    p = note.props
    bday = p.get("birthday")
    birthday = bday.isoformat() if isinstance(bday, dt.date) else clean(bday) if isinstance(bday, str) else ""
    urls = _strs(p.get("website"))
    met = as_date(p.get("met"))
    return Person(
        name=note.name, emails=_strs(p.get("email")), phones=_strs(p.get("phone")),
        company=clean(p.get("company")) if isinstance(p.get("company"), str) else "",
        role=clean(p.get("role")) if isinstance(p.get("role"), str) else "",
        urls=urls, linkedin=clean(p.get("linkedin")) if isinstance(p.get("linkedin"), str) else "",
        note=_notes_text(note.body), birthday=birthday, met=met, tags=tuple(note.tags),
        source="", where=note.rel)


def _notes_text(body: str) -> str:
    """The card's free notes: the body before its first heading, trimmed."""
    lines = []
    for line in body.split("\n"):
        if line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines).strip()
