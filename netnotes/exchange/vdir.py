"""``netnotes sync vdir PATH``: the vault's contacts and a vdir (one ``.vcf`` per contact, as
vdirsyncer and khard keep them) in step, both ways, field by field.

Contacts are paired by the card's ``uid:`` (given to a card on its first sync, as import
does); a ``.vcf`` new on the phone is paired with the card it is (same email, phone or name,
the rules of import) or becomes a new card, as ``import vcard`` makes them. Each synced field
is merged three ways (``netnotes.exchange.threeway``) against its value at the last sync
(``netnotes.exchange.syncstate``): changed in the vault, it is written into the ``.vcf``
(``netnotes.exchange.vcfedit``: only that property's lines); changed on the phone, into the
card's property (``netnotes.edit.spans``: only that value's bytes); changed on both sides, it
is reported and neither is overwritten. Fields that are not contact details never leave the
vault. A ``.vcf`` deleted on the phone never deletes a card; a card deleted in the vault
removes its ``.vcf`` only if the phone did not change it since the last sync.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from netnotes.base.errors import NetnotesError
from netnotes.base.text import NotUtf8, decode_text
from netnotes.exchange.syncstate import Entry, load_state
from netnotes.exchange.threeway import KEPT, PROPERTIES, Merged, Value, fields_of, merge, synced_fields, unmapped
from netnotes.index.session import Session
from netnotes.notes.note import Note
from netnotes.notes.people import Person, card_uid, from_note, kept_lines

MAX_VCF = 16 * 1024 * 1024


@dataclass(frozen=True)
class Phone:
    """One ``.vcf`` of the vdir, as read."""

    name: str
    data: bytes
    text: str
    person: Person
    mtime_ns: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Step:
    action: str  # update | same | new-card | new-vcf | remove-vcf | phone-deleted | left-out | kept-vcf | problem
    uid: str = ""
    card: str = ""  # the card's path in the vault
    file: str = ""  # the .vcf's name in the vdir
    to_card: dict[str, tuple[Value, Value]] = field(default_factory=dict)  # field: (now, after)
    to_phone: dict[str, tuple[Value, Value]] = field(default_factory=dict)
    conflicts: list[tuple[str, Value, Value]] = field(default_factory=list)  # (field, vault, phone)
    props: dict[str, Any] = field(default_factory=dict)  # the card properties to set (None: remove)
    notes: str | None = None  # the card's new free notes (``--include note``), None: unchanged
    vcf_before: bytes | None = None
    vcf_after: bytes | None = None
    entry: Entry | None = None  # the state after the step (None: forgotten)
    message: str = ""
    new_card: Any = None  # the import step that creates the card

    def to_json(self) -> dict:
        from netnotes.exchange.threeway import to_json

        return {"action": self.action, "uid": self.uid or None, "card": self.card or None, "file": self.file or None,
                "to_card": {k: to_json(v[1]) for k, v in sorted(self.to_card.items())},
                "to_phone": {k: to_json(v[1]) for k, v in sorted(self.to_phone.items())},
                "uid_written": "uid" in self.props,
                "conflicts": [{"field": f, "vault": to_json(a), "phone": to_json(b)} for f, a, b in self.conflicts],
                **({"message": self.message} if self.message else {})}


@dataclass
class SyncPlan:
    vdir: Path
    fields: tuple[str, ...]
    steps: list[Step]
    before: dict[str, Entry]

    @property
    def writes(self) -> bool:
        return any(s.props or s.notes is not None or s.vcf_after is not None or s.new_card is not None
                   or s.action == "remove-vcf" for s in self.steps)


def read_vdir(vdir: Path) -> tuple[dict[str, Phone], list[Step]]:
    """Every ``.vcf`` of the vdir (names starting with a dot are others' temp files), and the
    ones that cannot be read, as problems (they are left alone)."""
    import vobject

    from netnotes.exchange.readers import prepared
    from netnotes.exchange.vcards import from_vcard

    if not vdir.is_dir():
        raise NetnotesError(f"{vdir} is not a folder", "give the vdir's path (vdirsyncer's filesystem storage "
                            "path and collection), or create it with mkdir -p")
    phones, problems = {}, []
    for entry in sorted(os.scandir(vdir), key=lambda e: e.name):
        if not entry.name.endswith(".vcf") or entry.name.startswith(".") or not entry.is_file():
            continue
        try:
            st = entry.stat()
            if st.st_size > MAX_VCF:
                problems.append(Step("problem", file=entry.name, message=f"larger than {MAX_VCF >> 20} MiB; left alone"))
                continue
            data = Path(entry.path).read_bytes()
            text = decode_text(data)
        except OSError as e:
            problems.append(Step("problem", file=entry.name, message=f"cannot be read ({e.strerror}); left alone"))
            continue
        except NotUtf8 as e:
            problems.append(Step("problem", file=entry.name,
                                 message=f"line {e.line} is not UTF-8; left alone (re-save it as UTF-8)"))
            continue
        count = len(re.findall(r"(?im)^BEGIN:VCARD", text))
        if count != 1:
            problems.append(Step("problem", file=entry.name, message=f"holds {count} vCards, a vdir has one per "
                                 "file; left alone"))
            continue
        try:
            card = vobject.readOne(prepared(text), ignoreUnreadable=True)
        except Exception as e:  # vobject raises several exception types for bad input
            problems.append(Step("problem", file=entry.name,
                                 message=f"cannot be read as a vCard ({str(e).splitlines()[0] if str(e) else e}); "
                                 "left alone"))
            continue
        phones[entry.name] = Phone(entry.name, data, text, from_vcard(card, entry.name, text), st.st_mtime_ns)
    return phones, problems


def plan_sync(session: Session, vdir: Path, include: tuple[str, ...] = (), resend: tuple[str, ...] = ()) -> SyncPlan:
    """What a sync would do, nothing written."""
    from netnotes.notes.matching import Matcher

    fields = synced_fields(include)
    root = session.vault.root
    state = load_state(root, vdir)
    phones, steps = read_vdir(vdir)
    cards: dict[str, Note] = {}
    twice: dict[str, list[Note]] = {}
    for n in session.contacts:
        uid = card_uid(n)
        twice.setdefault(uid, []).append(n)
        cards[uid] = n
    doubled = {uid for uid, notes in twice.items() if len(notes) > 1}
    unreadable = {s.file for s in steps}
    for uid, notes in twice.items():
        if len(notes) > 1:
            del cards[uid]
            steps.append(Step("problem", uid, notes[0].rel, message=f"{len(notes)} cards have uid {uid}: "
                              f"{', '.join(n.rel for n in notes)}; none of them was synced (delete the `uid:` "
                              "line of the copy: it gets a new one)"))
    wanted = {r.casefold() for r in resend}
    paired: set[str] = set()
    for uid, entry in sorted(state.items()):
        note, phone = cards.get(uid), phones.pop(entry.file, None)
        if uid in doubled or entry.file in unreadable:
            steps.append(Step("held", uid, entry.card, entry.file, entry=entry))  # as it was, until fixed
            continue
        if note is not None:
            paired.add(uid)
        if note is not None and phone is not None:
            steps.append(_pair(note, uid, phone, entry.base, fields))
        elif note is not None and entry.gone and {note.name.casefold(), note.rel.casefold()} & wanted:
            steps.append(_new_vcf(note, uid, fields, set(phones) | {e.file for u, e in state.items() if u != uid}))
        elif note is not None:
            steps.append(Step("left-out" if entry.gone else "phone-deleted", uid, note.rel, entry.file,
                              entry=replace(entry, card=note.rel, gone=True)))
        elif phone is not None and phone.digest == entry.digest:
            steps.append(Step("remove-vcf", uid, entry.card, entry.file, vcf_before=phone.data))
        elif phone is not None:
            steps.append(Step("kept-vcf", uid, entry.card, entry.file, entry=entry))
    free = [n for uid, n in cards.items() if uid not in paired]
    matcher = Matcher(free)
    new_people = []
    for name, phone in sorted(phones.items()):
        uid = phone.person.uid
        note = cards.get(uid) if uid and uid not in paired else None
        why = "same uid"
        if note is None and phone.person.name:
            found = matcher.find(phone.person)
            if found is not None and card_uid(found[0]) not in paired:
                note, why = found
        if note is not None:
            paired.add(card_uid(note))
            steps.append(_pair(note, card_uid(note), phone, None, fields, why))
        else:
            new_people.append(phone)
    steps += _new_cards(session, new_people, fields)
    taken = {s.file for s in steps} | {e.file for e in state.values()}
    for uid, note in sorted(cards.items(), key=lambda c: c[1].rel):
        if uid not in paired:
            steps.append(_new_vcf(note, uid, fields, taken))
    _check_cards(root, steps, state)
    return SyncPlan(vdir, fields, steps, state)


def _check_cards(root: Path, steps: list[Step], state: dict[str, Entry]) -> None:
    """A card whose property cannot be edited safely (written over several lines, say) is a
    problem of its own, named with its line: that contact is left as it was, both sides, and
    the others sync."""
    from netnotes.edit.spans import EditRefused
    from netnotes.exchange.vdirwrite import card_edit

    for s in steps:
        if not (s.props or s.notes is not None):
            continue
        try:
            card_edit(s)(decode_text((root / s.card).read_bytes()))
        except (EditRefused, NotUtf8, OSError) as e:
            why = e.message if isinstance(e, EditRefused) else "it cannot be read as UTF-8 text"
            s.action, s.message = "problem", f"{why}; this contact was not synced (fix the card, then sync again)"
            s.props, s.notes, s.vcf_after, s.new_card = {}, None, None, None
            s.to_card, s.to_phone, s.entry = {}, {}, state.get(s.uid)


def _pair(note: Note, uid: str, phone: Phone, base: dict | None, fields: tuple[str, ...], why: str = "") -> Step:
    """One contact on both sides: each field merged, the card's and the file's edits planned."""
    ours, theirs = fields_of(from_note(note), fields), fields_of(phone.person, fields)
    merged = {f: merge(None if base is None else base.get(f), ours[f], theirs[f]) for f in fields}
    step = Step("same", uid, note.rel, phone.name, message=why)
    _fill(step, note, phone.text, phone.data, ours, theirs, merged)
    return step


def _fill(step: Step, note: Note | None, text: str, data: bytes, ours: dict, theirs: dict,
          merged: dict[str, Merged]) -> None:
    from netnotes.exchange.vcfedit import rewrite

    step.to_card = {f: (ours[f], m.vault) for f, m in merged.items() if m.vault != ours[f]}
    step.to_phone = {f: (theirs[f], m.phone) for f, m in merged.items() if m.phone != theirs[f]}
    step.conflicts = [(f, m.vault, m.phone) for f, m in merged.items() if m.conflict]
    if note is not None:
        step.props, step.notes = _card_changes(note, step.to_card)
        if not isinstance(note.props.get("uid"), str) or not note.props["uid"].strip():
            step.props["uid"] = step.uid  # written once, on the card's first sync
    after = data
    if step.to_phone:
        phone = {f: m.phone for f, m in merged.items()}
        want: dict[str, list] = {}
        for f in step.to_phone:
            for prop in PROPERTIES.get(f, ()):
                want[prop] = _wanted(prop, phone)
        old, new = theirs.get(KEPT, ()), phone.get(KEPT, ())
        out = tuple(x for x in old if x not in new)
        add = tuple(x for x in new if x not in old)
        after = rewrite(text, want, out, add, step.file).encode("utf-8")
    step.vcf_before, step.vcf_after = data, (after if after != data else None)
    base = {f: m.base for f, m in merged.items()}
    step.entry = Entry(step.file, step.card, hashlib.sha256(after).hexdigest(), 0, base)
    if step.props or step.notes is not None or step.vcf_after is not None:
        step.action = "update" if step.action == "same" else step.action


def _wanted(prop: str, v: dict) -> list:
    """The values a vCard property should hold, from the fields' values (as in ``vcfedit.RULES``)."""
    if prop == "FN":
        return [v["name"]]
    if prop == "N":
        return [v["name"]] if v["name"] else []
    if prop == "URL":
        return list(v["website"]) + ([v["linkedin"]] if v["linkedin"] else [])
    if prop == "ADR":
        return [(v["address"], v["city"])] if v["address"] or v["city"] else []
    if prop == "CATEGORIES":
        return [v["tags"]] if v["tags"] else []
    key = {"NICKNAME": "aliases", "EMAIL": "email", "TEL": "phone", "ORG": "company", "TITLE": "role",
           "BDAY": "birthday", "NOTE": "note"}[prop]
    value = v[key]
    return list(value) if isinstance(value, tuple) else [value] if value else []


def _card_changes(note: Note, to_card: dict[str, tuple[Value, Value]]) -> tuple[dict[str, Any], str | None]:
    """The card properties that hold the phone's values (None: remove), and the new notes."""
    from netnotes.base.dates import as_date
    from netnotes.notes.people import kept_mapping

    props: dict[str, Any] = {}
    notes = None
    for f, (_now, new) in to_card.items():
        if f == "note":
            notes = str(new)
        elif f == KEPT:
            mapped = tuple(k for k in kept_lines(note.props.get("vcard")) if k[1] not in unmapped((k,)))
            lines = mapped + tuple((line.split(":", 1)[0].split(";", 1)[0].split(".")[-1].upper(), line)
                                   for line in new)
            props["vcard"] = kept_mapping(lines) if lines else None
        elif isinstance(new, tuple):
            multi = f in ("aliases", "tags")
            props[f] = None if not new else list(new) if multi or len(new) > 1 else new[0]
        elif f == "birthday":
            props[f] = (as_date(new) or new) if new else None
        else:
            props[f] = new or None
    return props, notes


def _new_vcf(note: Note, uid: str, fields: tuple[str, ...], taken: set[str]) -> Step:
    """A card the vdir does not have yet: a ``.vcf`` with its contact details, nothing else."""
    from netnotes.exchange.exports import person_vcard

    p = from_note(note)
    p = replace(p, uid=uid, tags=p.tags if "tags" in fields else (), note=p.note if "note" in fields else "",
                kept=tuple(k for k in p.kept if k[0] != "REV"))
    stem = re.sub(r"[^A-Za-z0-9@._+-]", "_", uid)[:200].lstrip(".") or "contact"
    name, n = f"{stem}.vcf", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.vcf"
    taken.add(name)
    text = person_vcard(p)
    step = Step("new-vcf", uid, note.rel, name)
    phone = _phone(name, text)
    ours, theirs = fields_of(from_note(note), fields), fields_of(phone.person, fields)
    _fill(step, note, text, phone.data, ours, theirs, {f: merge(theirs[f], ours[f], theirs[f]) for f in fields})
    step.vcf_before, step.vcf_after = None, step.vcf_after or phone.data
    return step


def _phone(name: str, text: str) -> Phone:
    import vobject

    from netnotes.exchange.readers import prepared
    from netnotes.exchange.vcards import from_vcard

    return Phone(name, text.encode("utf-8"), text, from_vcard(vobject.readOne(prepared(text)), name, text), 0)


def _new_cards(session: Session, phones: list[Phone], fields: tuple[str, ...]) -> list[Step]:
    """The ``.vcf`` files no card is: new cards, planned as ``import vcard`` plans them."""
    from netnotes.exchange.imports import new_card_text, plan
    from netnotes.notes.note import parse_note

    if not phones:
        return []
    root = session.vault.root
    out = []
    by_where = {p.name: p for p in phones}
    for st in plan(session, [p.person for p in phones]):
        phone = by_where[st.person.where]
        if st.action in ("merge", "same"):
            out.append(Step("problem", file=phone.name, message=f"is the same person as {st.target.rel} ({st.reason}), "
                            "which is synced with another .vcf; left alone (merge the two contacts on the phone)"))
            continue
        if st.action != "create":
            out.append(Step("problem", file=phone.name, message=f"not synced: {st.reason}"))
            continue
        rel = os.path.relpath(st.path, root).replace(os.sep, "/")
        note = parse_note(rel, new_card_text(session, st).encode("utf-8"), session.vault.config)
        uid = str(st.changes.get("uid"))
        step = Step("new-card", uid, rel, phone.name, new_card=st)
        ours, theirs = fields_of(from_note(note), fields), fields_of(phone.person, fields)
        _fill(step, None, phone.text, phone.data, ours, theirs, {f: merge(theirs[f], ours[f], theirs[f])
                                                                  for f in fields})
        step.to_card = {}
        out.append(step)
    return out
