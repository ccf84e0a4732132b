"""The contact details ``sync vdir`` keeps in step, and the three-way merge of one of them.

A field's value is a string or a tuple of strings, read the same way from a card
(``people.from_note``) and from a ``.vcf`` (``vcards.from_vcard``), so the two compare. The
base is the value both sides had at the last sync: a side that still holds it has not
changed, so the other side's value wins; two sides that changed it differently are a
conflict, and each keeps its own until the user settles it. Lists merge item by item (one
side adds an email, the other drops a phone: both happen); a side that only reordered its
list wins over a side that did not touch it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from netnotes.exchange.vcards import MAPPED
from netnotes.notes.people import Person

Value = Union[str, tuple]

# the contact details a phone shows: synced both ways by default
DEFAULT_FIELDS = ("name", "aliases", "email", "phone", "company", "role", "website", "linkedin", "address", "city",
                  "birthday")
# more that leave the vault only when asked (``--include``): tags as CATEGORIES, the card's notes as NOTE
OPTIONAL_FIELDS = ("tags", "note")
KEPT = "vcard"  # the vCard's properties no card field holds: always synced, kept under ``vcard:`` on the card
NOT_KEPT = ("REV",)  # the file's own (a phone bumps it on every save), like VERSION and PRODID

# which vCard properties each field is written to
PROPERTIES = {"name": ("FN", "N"), "aliases": ("NICKNAME",), "email": ("EMAIL",), "phone": ("TEL",),
              "company": ("ORG",), "role": ("TITLE",), "website": ("URL",), "linkedin": ("URL",),
              "address": ("ADR",), "city": ("ADR",), "birthday": ("BDAY",), "tags": ("CATEGORIES",),
              "note": ("NOTE",)}


def synced_fields(include: tuple[str, ...] = ()) -> tuple[str, ...]:
    return DEFAULT_FIELDS + tuple(f for f in OPTIONAL_FIELDS if f in include) + (KEPT,)


def unmapped(kept: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The raw lines of the properties no card field holds (what the ``vcard`` field compares)."""
    return tuple(line for key, line in kept if key.lower() not in MAPPED and key.upper() not in NOT_KEPT)


def fields_of(p: Person, fields: tuple[str, ...]) -> dict[str, Value]:
    """The synced fields of a person, as the merge compares them."""
    every: dict[str, Value] = {
        "name": p.name, "aliases": p.aliases, "email": p.emails, "phone": p.phones, "company": p.company,
        "role": p.role, "website": p.urls, "linkedin": p.linkedin, "address": p.address, "city": p.city,
        "birthday": p.birthday, "tags": p.tags, "note": p.note, KEPT: unmapped(p.kept)}
    return {f: every[f] for f in fields}


def empty(v: Value | None) -> bool:
    return v is None or v == "" or v == ()


@dataclass(frozen=True)
class Merged:
    """One field after the merge: what the card and the ``.vcf`` should hold, and the new base."""

    vault: Value
    phone: Value
    base: Value | None
    conflict: bool = False


def merge(base: Value | None, vault: Value, phone: Value) -> Merged:
    """Three-way merge of one field; ``base`` None: the two sides were never synced (then an
    empty side takes the other's value, lists are united, two different values conflict)."""
    if vault == phone:
        return Merged(vault, phone, vault)
    if base is not None and vault == base:
        return Merged(phone, phone, phone)
    if base is not None and phone == base:
        return Merged(vault, vault, vault)
    if base is None and empty(vault):
        return Merged(phone, phone, phone)
    if base is None and empty(phone):
        return Merged(vault, vault, vault)
    if isinstance(vault, tuple) and isinstance(phone, tuple):
        had = base if isinstance(base, tuple) else ()
        both = tuple(x for x in vault if x in phone or x not in had)
        both += tuple(x for x in phone if x not in vault and x not in had and x not in both)
        return Merged(both, both, both)
    return Merged(vault, phone, base, conflict=True)


def shown(v: Value | None) -> str:
    """A value as a message shows it: quoted, a list as its items, none as ``(none)``."""
    if empty(v):
        return "(none)"
    if isinstance(v, tuple):
        return ", ".join(f'"{x}"' for x in v)
    return f'"{v}"'


def to_json(v: Value | None) -> object:
    return list(v) if isinstance(v, tuple) else v


def from_json(v: object) -> Value | None:
    """A base value read back from the sync state; anything else than what ``to_json`` writes
    is no base (the field then merges as on a first sync)."""
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(v)
    return v if isinstance(v, str) else None
