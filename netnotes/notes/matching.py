"""Is this the same person? Same email, same phone number, the same name, or a close name
at the same company: the one rule for ``netnotes validate`` (duplicate-contact),
``netnotes duplicates``, imports (which merge into the existing card instead of creating a
second one), and ``netnotes add`` (which refuses only the near-certain part of it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from netnotes.notes.note import Note
from netnotes.notes.people import Person, from_note
from netnotes.notes.typed_names import fold

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
    """The folded name (``typed_names.fold``): what "same name" compares."""
    return fold(name)


def company_key(company: str) -> str:
    s = name_key(company)
    return re.sub(r"\b(inc|ltd|llc|corp|co|gmbh|sa|limited|incorporated)\b", "", s).strip()


# what the rule reads of a card (``notes.people.from_note`` and ``Matcher``): the index reads
# only these for it, and keeps its warnings until one of them changes on some contact
MATCH_FIELDS = ("name", "aliases", "email", "phone", "company", "linkedin")


def _close(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(name_key(a), name_key(b)) >= CLOSE_NAME


@dataclass(frozen=True)
class Same:
    """``a`` and ``b`` (sorted by path) look like one person; ``field`` is the property that
    says so on ``b`` (email, phone or name) and ``value`` what it holds there."""

    a: Note
    b: Note
    reason: str
    field: str = "name"
    value: str = ""

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

    def find(self, person: Person, close_names: bool = True) -> tuple[Note, str] | None:
        """The card that is this person, and why; None when there is none. Without
        ``close_names``, only a near-certain match counts (same email, phone, LinkedIn
        profile or folded full name): what stops ``netnotes add`` at the moment of capture."""
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
        if close_names and person.name and company_key(person.company):
            for n in self.by_company.get(company_key(person.company), []):
                if _close(person.name, n.name):
                    return n, f"close name ({n.name}) at the same company"
        return None

    def duplicates(self, keep: "Callable[[Note], object] | None" = None) -> list[Same]:
        """Pairs of cards that are probably one person, each pair once, with the reason. With
        ``keep`` (a sort key: the larger is kept), ``a`` is the card a merge should keep, else
        the first by path."""
        found: dict[tuple[str, str], Same] = {}

        def pair(a: Note, b: Note, reason: str, field: str, key: str) -> None:
            if a.rel == b.rel:
                return
            pair_key = (min(a.rel, b.rel), max(a.rel, b.rel))
            if pair_key not in found:
                x, y = (a, b) if a.rel < b.rel else (b, a)
                if keep is not None and keep(y) > keep(x):
                    x, y = y, x
                found[pair_key] = Same(x, y, reason, field, _shown(self.people[y.rel], y, field, key))

        for value, notes in sorted(self.by_email.items()):
            for other in notes[1:]:
                pair(notes[0], other, f"same email {value}", "email", value)
        for value, notes in sorted(self.by_phone.items()):
            for other in notes[1:]:
                pair(notes[0], other, f"same phone {_shown_phone(notes[0], value)}", "phone", value)
        for value, notes in sorted(self.by_name.items()):
            for other in notes[1:]:
                pair(notes[0], other, "same name", "name", value)
        for company, notes in sorted(self.by_company.items()):
            for i, a in enumerate(notes):
                for b in notes[i + 1:]:
                    if _close(a.name, b.name):
                        pair(a, b, f"close names at {self.people[a.rel].company}", "name", "")
        return sorted(found.values(), key=lambda s: (min(s.a.rel, s.b.rel), max(s.a.rel, s.b.rel)))


def _shown(person: Person, note: Note, field: str, key: str) -> str:
    """What ``note`` itself writes for the matching ``key`` (its own spelling)."""
    if field == "email":
        return next((e for e in person.emails if email_key(e) == key), key)
    if field == "phone":
        return next((p for p in person.phones if phone_key(p) == key), key)
    return next((nm for nm in (note.name, note.title, *note.aliases) if name_key(nm) == key), note.name)


def _shown_phone(note: Note, key: str) -> str:
    return next((p for p in from_note(note).phones if phone_key(p) == key), key)
