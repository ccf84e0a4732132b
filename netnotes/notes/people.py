"""A person as other tools know them (a vCard, a CSV row), and the same person on a card.

``Person`` is the neutral record imports produce and exports consume; ``from_note`` and
``card_props`` translate between it and a card's properties. What a vCard holds that no card
field can (a social profile, an address's postal code, a phone's TYPE) travels as ``kept``:
raw vCard lines, on the card under ``vcard:``, so an export writes them back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    aliases: tuple[str, ...] = ()
    address: str = ""  # the street part of the first address
    city: str = ""
    uid: str = ""  # the stable identity (vCard UID); empty: not known yet
    kept: tuple[tuple[str, str], ...] = ()  # (PROPERTY, raw vCard line), in the file's order
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
    if p.aliases:
        props["aliases"] = list(p.aliases)
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
    if p.address:
        props["address"] = p.address
    if p.city:
        props["city"] = p.city
    if p.birthday and birthday_parts(p.birthday if p.birthday.startswith("--") else _date_or(p.birthday)):
        props["birthday"] = _date_or(p.birthday)
    if p.met:
        props["met"] = p.met
    if p.tags:
        props["tags"] = list(p.tags)
    if p.uid:
        props["uid"] = p.uid
    if p.source:
        props["source"] = p.source
    if p.kept:
        props["vcard"] = kept_mapping(p.kept)
    return props


def kept_mapping(kept: tuple[tuple[str, str], ...]) -> dict[str, object]:
    """The ``vcard:`` property: each kept property's raw line, or its lines as a list."""
    out: dict[str, list[str]] = {}
    for key, line in kept:
        out.setdefault(key, []).append(line)
    return {k: v[0] if len(v) == 1 else v for k, v in out.items()}


def kept_lines(value: object) -> tuple[tuple[str, str], ...]:
    """A card's ``vcard:`` property read back; anything that is not a mapping of lines is
    left out (the card's own problem, which ``validate`` reports, not the export's)."""
    if not isinstance(value, dict):
        return ()
    out = []
    for key, lines in value.items():
        for line in texts(lines):
            if isinstance(key, str) and line.strip():
                out.append((key.upper(), line.strip()))
    return tuple(out)


def derived_uid(rel: str) -> str:
    """The identity of a card that has no ``uid:`` yet: a digest of its path. Imports write it
    onto the cards they create, so it stays the card's when the card is renamed."""
    return hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest() + "@netnotes"


def card_uid(note: Note) -> str:
    """The card's ``uid:``, else the one its path gives."""
    value = note.props.get("uid")
    return clean(value) if isinstance(value, str) and clean(value) else derived_uid(note.rel)

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

    def text(key: str) -> str:
        return clean(p.get(key)) if isinstance(p.get(key), str) else ""

    return Person(
        name=note.name, emails=_strs(p.get("email")), phones=_strs(p.get("phone")),
        company=clean(p.get("company")) if isinstance(p.get("company"), str) else "",
        role=clean(p.get("role")) if isinstance(p.get("role"), str) else "",
        urls=urls, linkedin=clean(p.get("linkedin")) if isinstance(p.get("linkedin"), str) else "",
        note=_notes_text(note.body), birthday=birthday, met=met, tags=_strs(p.get("tags")),  # as written
        aliases=unique(note.aliases), address=text("address"), city=text("city"), uid=card_uid(note),
        kept=kept_lines(p.get("vcard")), source="", where=note.rel)


def _notes_text(body: str) -> str:
    """The card's free notes: the body before its first heading, trimmed."""
    lines = []
    for line in body.split("\n"):
        if line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines).strip()
