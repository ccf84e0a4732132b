"""Capture from the shell: new cards, log entries, follow-up dates and introductions.

Each function resolves names through the index, builds the edit with ``netnotes.edit.spans``
and applies it with ``netnotes.edit.write``; with ``dry_run`` nothing is written and the
results carry the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from netnotes.notes.note import Note
from netnotes.edit.write import EditResult, apply_edit, shown_path
from netnotes.edit.spans import EditRefused, append_log, emit, emit_property, quoted, remove_property, set_property
from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text
from netnotes.reports.facts import find_note
from netnotes.notes.resolve import suggest
from netnotes.index.session import Session

_UNSAFE = re.compile(r'[/\\:*?"<>|\[\]#^]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_filename(name: str) -> str:
    """A file name Obsidian can link to: no path separators, no link syntax, no control
    characters, no leading dot; Unicode is kept."""
    s = unicodedata.normalize("NFC", name)
    s = _CONTROL.sub("", s)
    s = _UNSAFE.sub(" ", s)
    s = " ".join(s.split()).strip(" .")
    while len(s.encode("utf-8")) > 200:
        s = s[:-1].rstrip(" .")
    if not s or s in (".", ".."):
        raise NetnotesError(f"`{name}` cannot be a file name", "give the person's name in letters")
    return s


def _path_of(session: Session, note: Note) -> Path:
    return session.vault.root / note.rel


def card_of(session: Session, who: str | Note) -> Note:
    """The contact a command names: a typed name, looked up as every command looks names up,
    or the card itself (``netnotes serve`` names a card by its path, found in the index
    first, so that a path that is no card is never looked up loosely as a name)."""
    return who if isinstance(who, Note) else find_note(session, who)


def _contacts_folder(session: Session, contacts: list[Note] | None = None) -> Path:
    """The configured contacts folder; where no folder is configured, or none of the cards is
    in it, the folder most of the vault's contact cards are in."""
    folders = session.vault.config.contact.folders
    configured = folders[0] if folders else ""
    if contacts:
        homes = [n.rel.rpartition("/")[0] for n in contacts]
        if not folders or not any(h.lower() == configured.lower() for h in homes):
            common = max(sorted(set(homes)), key=homes.count)
            if homes.count(common) * 2 > len(homes):
                return session.vault.root / common
    return session.vault.root / configured


def card_convention(session: Session, contacts: list[Note]) -> dict[str, Any]:
    """The properties that make a card a contact in this vault, as most of its contact cards
    write them (``categories: ["[[People]]"]``, ``type: person``, a ``type/person`` tag), so
    that a new card shows up wherever the user's own people notes do (a Bases or Dataview
    view). Empty when no convention is shared by more than half of the cards."""
    from collections import Counter

    from netnotes.notes.fields import split_tags
    from netnotes.notes.links import link_key

    cfg = session.vault.config
    cats = {link_key(c) for c in cfg.contact.categories}
    types = {link_key(t) for t in cfg.contact.types}
    tags = {t.lower().lstrip("#") for t in cfg.contact.tags}
    counts: Counter[tuple[str, str]] = Counter()
    for n in contacts:
        seen = {(cfg.category_field, f"[[{_target(i)}]]") for i in _items(n.props.get(cfg.category_field))
                if link_key(_target(i)) in cats}
        seen |= {(cfg.type_field, i) for i in _items(n.props.get(cfg.type_field)) if link_key(_target(i)) in types}
        seen |= {("tags", t) for t in split_tags(n.props.get("tags")) if t.lower() in tags}
        counts.update(seen)
    out: dict[str, Any] = {}
    for (key, value), count in counts.most_common():
        if count * 2 > len(contacts) and key not in out:
            as_list = key != cfg.type_field or isinstance(_first_value(contacts, key), list)
            out[key] = [value] if as_list else value
    return out


def _target(item: str) -> str:
    """``[[People|shown]]`` or ``People``: the name linked to."""
    return item.strip().strip("[]").split("|")[0]


def _items(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _first_value(contacts: list[Note], key: str) -> Any:
    return next((n.props[key] for n in contacts if key in n.props), None)


def add_contact(session: Session, name: str, fields: dict[str, Any], force: bool = False,
                dry_run: bool = False) -> EditResult:
    """A new card in the contacts folder, from the ``card.md.j2`` template. Refused only
    when a card is near-certainly this person (``same_card``); a merely similar name is
    no reason to stop a capture (``closest_people`` names them for the caller to show)."""
    from netnotes.render.jinja import render

    name = " ".join(name.split())
    contacts = _light_contacts(session)
    same = same_card(contacts, name, fields)
    if same and not force:
        card, why = same
        raise NetnotesError(f"{card.name} ({card.rel}) has the {why}: probably this person; no card was added",
                            f"add to that card (`netnotes edit \"{card.name}\"`), or use --force to add "
                            "another person")
    stem = safe_filename(name)
    folder = _contacts_folder(session, contacts)
    path = folder / f"{stem}.md"
    if path.exists() or any(n.rel.lower() == os.path.relpath(path, session.vault.root).lower() for n in contacts):
        raise NetnotesError(f"{shown_path(path)} already exists; netnotes never overwrites a card",
                            "choose another name, or edit that card")
    props: list[tuple[str, str]] = []
    if stem != name:
        props.append(("name", emit(name)))
    convention = card_convention(session, contacts)
    vault_tags = convention.pop("tags", [])
    props.extend((k, quoted(v) if isinstance(v, list) else emit(v)) for k, v in convention.items())
    if vault_tags:
        given = list(fields.get("tags") or [])
        fields = {**fields, "tags": vault_tags + [t for t in given if t.lower() not in {v.lower() for v in vault_tags}]}
    for key, value in fields.items():
        if value not in (None, "", [], ()):
            props.append((key, emit_property(key, value)))
    text = render(session.vault.root, "card.md.j2", html=False, name=name, props=props, body="")
    data = text.encode("utf-8")
    result = EditResult(path, shown_path(path), b"", data, created=True)
    if dry_run:
        return result
    from netnotes.vault.atomic import create_new

    try:
        folder.mkdir(parents=True, exist_ok=True)
        create_new(path, data)
    except FileExistsError:
        raise NetnotesError(f"{shown_path(path)} already exists; netnotes never overwrites a card") from None
    except OSError as e:
        raise NetnotesError(f"cannot create {shown_path(path)}: {e.strerror}") from None
    return result


def _light_contacts(session: Session) -> list[Note]:
    """Every contact with only what "same person" and "closest" compare: read from the
    index's rows, not by loading every card."""
    cfg = session.vault.config
    return session.contacts_with(("name", "aliases", "email", "phone", "linkedin", "company",
                                  cfg.category_field, cfg.type_field, "tags"))


def same_card(contacts: list[Note], name: str, fields: dict[str, Any]) -> tuple[Note, str] | None:
    """The card that is near-certainly the person being added, and why: the same email or
    phone (in international or national form), or the same folded full name
    (``notes.matching``)."""
    from netnotes.notes.fields import texts
    from netnotes.notes.matching import Matcher
    from netnotes.notes.people import Person

    phones = tuple(form for p in texts(fields.get("phone")) for form in _phone_forms(p))
    person = Person(name=name, emails=tuple(texts(fields.get("email"))), phones=phones)
    return Matcher(contacts).find(person, close_names=False)


def closest_people(session: Session, name: str, limit: int = 3) -> list[Note]:
    """The existing contacts whose names are closest to ``name`` (``notes.resolve.suggest``),
    other than the same name: shown as a note when a card is added, never a reason to refuse."""
    from netnotes.notes.typed_names import fold

    contacts = _light_contacts(session)
    by_name = {n.name: n for n in reversed(contacts)}
    return [by_name[s] for s in suggest(name, contacts, limit) if fold(s) != fold(name) and s in by_name]


def normal_phone(typed: str, region: str) -> str:
    """A phone number in international format (``phonenumbers``), read in the config's
    ``phone_region`` when it has no ``+``; as typed when it cannot be read as a valid number."""
    import phonenumbers

    text = " ".join(typed.split())
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _phone_forms(phone: str) -> list[str]:
    """A number as written, and, when it is international, as its own country writes it
    (``+33 6 12 34 56 78`` is ``06 12 34 56 78`` on a French card)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return [phone]
    return [phone, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)]


def card_fields(session: Session, *, company: str | None = None, role: str | None = None,
                emails: tuple[str, ...] = (), phones: tuple[str, ...] = (), met: dt.date | None = None,
                met_at: str | None = None, introduced_by: str | None = None, tier: str | None = None,
                tags: tuple[str, ...] = (), offers: tuple[str, ...] = (), needs: tuple[str, ...] = ()
                ) -> dict[str, Any]:
    """The properties of a new card, in the card's order, from what ``netnotes add`` was given:
    one email or phone is a value, several a list; phone numbers are normalised
    (``normal_phone``); ``met_at`` and ``introduced_by`` become links when they name a note
    (or are links already), else stay as written."""
    region = session.vault.config.phone_region
    normal = tuple(normal_phone(p, region) for p in phones if p.strip())
    return {"company": company, "role": role, "email": _one_or_list(emails), "phone": _one_or_list(normal),
            "met": met, "met_at": _linked(session, met_at), "introduced_by": _linked(session, introduced_by),
            "tier": tier, "tags": list(tags), "offers": list(offers), "needs": list(needs)}


def _one_or_list(values: tuple[str, ...]) -> str | list[str] | None:
    return None if not values else values[0] if len(values) == 1 else list(values)


def _linked(session: Session, value: str | None) -> str | None:
    if not value:
        return None
    from netnotes.notes.links import parse_one

    if parse_one(value):
        return value
    target = session.resolver.resolve(value).note
    return f"[[{target.title}]]" if target else value


def add_log(session: Session, name: str | Note, entry: str, day: dt.date, dry_run: bool = False,
            next_day: dt.date | None = None) -> EditResult:
    """``- DAY ENTRY`` in the card's log; with ``next_day``, ``next_followup`` set in the same write."""
    note = card_of(session, name)
    path = _path_of(session, note)
    heading = session.vault.config.log_heading
    if next_day is not None:
        _check_next(next_day, day)

    entry = _signed(session, entry)

    def edit(text: str) -> str:
        text = append_log(text, day, entry, heading)
        return text if next_day is None else set_property(text, "next_followup", next_day)

    return apply_edit(path, shown_path(path), edit, dry_run)


# what `done` may log: touches, not introductions, referrals or sales (they have commands and rules of their own)
DONE_KINDS = ("call", "email", "message", "coffee", "lunch", "meeting", "event", "note")


def record_done(session: Session, name: str | Note, day: dt.date, today: dt.date, note_text: str = "",
                kind: str = "note", next_day: dt.date | None = None, dry_run: bool = False) -> EditResult:
    """A follow-up done: ``- DAY KIND: NOTE`` in the log and the next follow-up, in one write.

    With ``next_day``, ``next_followup`` is set to it. Without, an explicit ``next_followup``
    this touch satisfies (dated on or before DAY) is removed: it is done; a later one stays."""
    if kind not in DONE_KINDS:
        raise NetnotesError(f"`{kind}` is not a kind `done` logs", f"use one of {', '.join(DONE_KINDS)}")
    if day > today:
        raise NetnotesError(f"{day.isoformat()} is after today ({today.isoformat()}): `done` records what happened",
                            "to plan a touch, write `- [ ] DATE call: ...` in the card's log, "
                            "or use `netnotes followup NAME DATE`")
    if next_day is not None:
        _check_next(next_day, day)
    card = card_of(session, name)
    path = _path_of(session, card)
    heading = session.vault.config.log_heading
    text = " ".join(note_text.split()) or "followed up"
    entry = _signed(session, f"{kind}: {text}")

    def edit(old: str) -> str:
        new = append_log(old, day, entry, heading)
        if next_day is not None:
            return set_property(new, "next_followup", next_day)
        explicit = _explicit_followup(old, card.rel, session)
        return remove_property(new, "next_followup") if explicit is not None and explicit <= day else new

    return apply_edit(path, shown_path(path), edit, dry_run)


def _check_next(next_day: dt.date, day: dt.date) -> None:
    if next_day <= day:
        raise NetnotesError(f"--next {next_day.isoformat()} is not after the touch ({day.isoformat()}), "
                            "so the touch would satisfy it at once", "give a later day, e.g. --next \"in 2 weeks\"")


def _explicit_followup(text: str, card_rel: str, session: Session) -> dt.date | None:
    """The card's ``next_followup`` as it reads now (the text being edited, not the index)."""
    from netnotes.base.dates import as_date
    from netnotes.notes.note import parse_note

    return as_date(parse_note(card_rel, text.encode("utf-8"), session.vault.config).props.get("next_followup"))


def parse_when(text: str, today: dt.date) -> dt.date:
    """``2026-12-01``, ``in 2 weeks``, ``next friday``, ``tomorrow``... relative to ``today``
    (``base.dates.parse_day``, the one reader of typed dates)."""
    from netnotes.base.dates import parse_day

    return parse_day(text, today)


def set_followup(session: Session, name: str | Note, when: str | None, today: dt.date, clear: bool = False,
                 dry_run: bool = False) -> EditResult:
    note = card_of(session, name)
    path = _path_of(session, note)
    if clear:
        return apply_edit(path, shown_path(path), lambda text: remove_property(text, "next_followup"), dry_run)
    if not when:
        raise NetnotesError("say when: a date such as 2026-12-01, or \"in 2 weeks\"; or --clear")
    day = parse_when(when, today)
    return apply_edit(path, shown_path(path), lambda text: set_property(text, "next_followup", day), dry_run)


def record_intro(session: Session, a: str | Note, b: str | Note, day: dt.date, note_text: str = "",
                 dry_run: bool = False) -> list[EditResult]:
    """``intro [[B]]`` on A's card and ``intro [[A]]`` on B's: both, or neither. A card that
    has an ``intro`` entry naming the other one on that day already is left as it is; when
    both have it, the introduction is refused as recorded already (never written twice)."""
    first, second = card_of(session, a), card_of(session, b)
    if first.rel == second.rel:
        raise NetnotesError(f"{first.name} cannot be introduced to themselves")
    heading = session.vault.config.log_heading
    suffix = _signed(session, f": {' '.join(note_text.split())}" if note_text.strip() else "")
    plans = []
    for card, other in [(first, second), (second, first)]:  # prove both edits before writing either
        path = _path_of(session, card)
        text = decode_text(path.read_bytes(), errors="replace")
        if _introduced_on(session, card, text, other, day) is None:
            append_log(text, day, f"intro {_link(other)}{suffix}", heading)
            plans.append((card, other))
    if not plans:
        raise NetnotesError(f"the introduction of {first.name} and {second.name} on {day.isoformat()} "
                            "is on both cards already; nothing was written",
                            "to add to it, edit the entries (`netnotes edit NAME`)")
    from netnotes.edit.write import apply_edits

    edits = [(_path_of(session, card), lambda text, e=f"intro {_link(other)}{suffix}": append_log(text, day, e, heading))
             for card, other in plans]
    # every card proved writable before the first is written; then one change: both, or neither
    return apply_edits(session.vault.root, f"intro {first.name} and {second.name}", edits, dry_run)


def _signed(session: Session, entry: str) -> str:
    """The entry with whose it is, where the team signs entries (``vault.person.signed``)."""
    from netnotes.vault.person import signed

    return signed(entry, session.vault.root, session.vault.config.sign_entries)


def _introduced_on(session: Session, card: Note, text: str, other: Note, day: dt.date) -> int | None:
    """The line of an ``intro`` entry dated ``day`` on ``card`` (its ``text`` now) that links
    to ``other``, or None."""
    from netnotes.notes.note import parse_note

    for e in parse_note(card.rel, text.encode("utf-8"), session.vault.config).log:
        if e.kind == "intro" and e.date == day and any(_names(session, t, other) for t in e.links):
            return e.line
    return None


def _names(session: Session, target: str, note: Note) -> bool:
    """Whether a link's target resolves to ``note`` (as the rest of netnotes resolves it)."""
    try:
        return session.lookup(target).rel == note.rel
    except NetnotesError:
        return False


def _link(note: Note) -> str:
    if re.search(r"[\[\]|#^]", note.title):
        raise EditRefused(f"`{note.title}` cannot be written as a wikilink")
    return f"[[{note.title}]]"
