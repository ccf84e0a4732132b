"""Is this the same person? Same email, same phone number, or a close name at the same company.

Used by ``netnotes duplicates``, and by imports to merge into an existing card instead of
creating a second one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from netnotes.notes.note import Note
from netnotes.notes.people import Person, from_note

CLOSE_NAME = 88  # rapidfuzz token_sort_ratio
EXTENSION = re.compile(r"(?i)\s*(?:;\s*ext=|ext\.?|extension|x|#)\s*\d+\s*$")


def email_key(email: str) -> str:
    return email.strip().lower()


def phone_key(phone: str) -> str:
    """Digits only, the last ten (so +1 613 555 0101 and (613) 555-0101 agree), then the
    extension apart (``ext. 12``, ``x12``: ``6135550101x12``); short numbers none."""
    m = EXTENSION.search(phone)
    digits = re.sub(r"\D", "", phone[:m.start()] if m else phone)
    ext = re.sub(r"\D", "", m.group(0)) if m else ""
    return digits[-10:] + (f"x{ext}" if ext else "") if len(digits) >= 7 else ""


def name_key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def company_key(company: str) -> str:
    s = name_key(company)
    return re.sub(r"\b(inc|ltd|llc|corp|co|gmbh|sa|limited|incorporated)\b", "", s).strip()


def _close(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(name_key(a), name_key(b)) >= CLOSE_NAME


@dataclass(frozen=True)
class Same:
    a: Note
    b: Note
    reason: str

    def to_json(self) -> dict:
        return {"a": self.a.name, "a_path": self.a.rel, "b": self.b.name, "b_path": self.b.rel,
                "reason": self.reason}


class Matcher:
    """An index of contacts by email, phone, name and company, for quick look-ups."""

    def __init__(self, contacts: Iterable[Note]) -> None:
        self.contacts = sorted(contacts, key=lambda n: n.rel)
        self.people = {n.rel: from_note(n) for n in self.contacts}
        self.by_email: dict[str, list[Note]] = {}
        self.by_phone: dict[str, list[Note]] = {}
        self.by_name: dict[str, list[Note]] = {}
        self.by_company: dict[str, list[Note]] = {}
        for n in self.contacts:
            p = self.people[n.rel]
            for e in p.emails:
                self.by_email.setdefault(email_key(e), []).append(n)
            for ph in p.phones:
                if phone_key(ph):
                    self.by_phone.setdefault(phone_key(ph), []).append(n)
            for nm in (n.name, n.title, *n.aliases):
                self.by_name.setdefault(name_key(nm), []).append(n)
            if company_key(p.company):
                self.by_company.setdefault(company_key(p.company), []).append(n)

    def find(self, person: Person) -> tuple[Note, str] | None:
        """The card that is this person, and why; None when there is none."""
        for e in person.emails:
            hits = self.by_email.get(email_key(e))
            if hits:
                return hits[0], f"same email {e}"
        for ph in person.phones:
            hits = self.by_phone.get(phone_key(ph)) if phone_key(ph) else None
            if hits:
                return hits[0], f"same phone {ph}"
        if person.linkedin:
            for n in self.contacts:
                if self.people[n.rel].linkedin.rstrip("/").lower() == person.linkedin.rstrip("/").lower():
                    return n, "same LinkedIn profile"
        hits = self.by_name.get(name_key(person.name)) if person.name else None
        if hits:
            return hits[0], "same name"
        if person.name and company_key(person.company):
            for n in self.by_company.get(company_key(person.company), []):
                if _close(person.name, n.name):
                    return n, f"close name ({n.name}) at the same company"
        return None

    def duplicates(self) -> list[Same]:
        """Pairs of cards that are probably one person, each pair once, with the reason."""
        found: dict[tuple[str, str], Same] = {}

        def pair(a: Note, b: Note, reason: str) -> None:
            if a.rel == b.rel:
                return
            key = (min(a.rel, b.rel), max(a.rel, b.rel))
            if key not in found:
                x, y = (a, b) if a.rel < b.rel else (b, a)
                found[key] = Same(x, y, reason)

        for table, what in ((self.by_email, "same email"), (self.by_phone, "same phone")):
            for value, notes in sorted(table.items()):
                for other in notes[1:]:
                    pair(notes[0], other, f"{what} {value if what == 'same email' else _shown_phone(notes[0], value)}")
        for value, notes in sorted(self.by_name.items()):
            for other in notes[1:]:
                pair(notes[0], other, "same name")
        for company, notes in sorted(self.by_company.items()):
            for i, a in enumerate(notes):
                for b in notes[i + 1:]:
                    if _close(a.name, b.name):
                        pair(a, b, f"close names at {self.people[a.rel].company}")
        return sorted(found.values(), key=lambda s: (s.a.rel, s.b.rel))


def _shown_phone(note: Note, key: str) -> str:
    return next((p for p in from_note(note).phones if phone_key(p) == key), key)
