"""Capturing an event: its note, and every person met there, in one change.

``netnotes event "Chamber mixer" --date 2026-12-03 PERSON...`` writes the event note (in the
first events folder, named ``DATE TITLE``, from ``event.md.j2``) listing the people, and for
each person a new card (``edit.capture.add_contact``) or the existing one (the name lookup,
``Session.lookup``) with ``met``, ``met_at`` and a first follow-up, ``[followups]
after_event`` days after the event. Every edit is planned (and proved) before the first
write, and the writes are one ``vault.history`` change: a failure or Ctrl-C puts back every
file already written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from netnotes.base.dates import as_date
from netnotes.base.errors import AmbiguousName, NameNotFound, NetnotesError
from netnotes.edit.capture import add_contact, card_fields, safe_filename
from netnotes.edit.spans import quoted, set_property
from netnotes.edit.write import EditResult, apply_edit, shown_path
from netnotes.index.session import Session
from netnotes.notes.links import parse_one
from netnotes.notes.note import Note, parse_note


@dataclass(frozen=True)
class Attendee:
    typed: str  # the name as given
    card: Note | None  # the existing card it names, None for a new one


@dataclass(frozen=True)
class EventCapture:
    results: tuple[EditResult, ...]  # the event note's, then each person's, in the order given
    people: tuple[Attendee, ...]
    warnings: tuple[str, ...]


def unknown_place(session: Session, value: str | None, option: str, kinds: tuple[str, ...] = ("group", "event")
                  ) -> str | None:
    """A warning when ``value`` (``add --met-at``, ``event --group``) names no note, so is
    written as text: with the closest existing notes (``notes.resolve.suggest``, through the
    lookup's "did you mean"). None when it names a note (or is empty)."""
    if not value or not value.strip():
        return None
    link = parse_one(value)
    target = link.target if link else value
    if session.resolver.resolve(target).note is not None:
        return None
    what = " or ".join(kinds)
    try:
        close = session.lookup(target, kinds)
        hint = f"did you mean: {close.title}?"
    except NameNotFound as e:
        hint = e.hint if e.hint and e.hint.startswith("did you mean") else f"no {what} note is close to it"
    except AmbiguousName as e:
        hint = e.message.split("\n", 1)[0]
    kept = "kept as a link to no note" if link else "written as text"
    return f"warning: {option} `{value}` names no {what} note; {kept} ({hint})"


def capture_event(session: Session, title: str, day: dt.date, names: tuple[str, ...], group: str | None = None,
                  dry_run: bool = False) -> EventCapture:
    """The event note and every person's card, as described in the module's docstring.
    Refused, with nothing written, when a name is ambiguous, two new people would share a
    file, or any edit is refused."""
    config = session.vault.config
    title = " ".join(title.split())
    if not title:
        raise NetnotesError("the event needs a title", 'e.g. netnotes event "Chamber mixer" --date 2026-12-03 "Ann Lee"')
    if not names:
        raise NetnotesError("name at least one person met at the event", 'e.g. netnotes event "Chamber mixer" "Ann Lee"')
    warnings: list[str] = []
    group_value = _group(session, group, warnings)
    people = _attendees(session, names, warnings)
    folders = config.event.folders
    folder = session.vault.root / (folders[0] if folders else "")
    stem = safe_filename(f"{day.isoformat()} {title}")
    path = folder / f"{stem}.md"
    event_link = f"[[{stem}]]"
    follow = day + dt.timedelta(days=config.after_event)
    plan: list[Callable[[bool], EditResult]] = [_event_step(session, path, stem, day, group_value, people)]
    for person in people:
        if person.card is None:
            fields = card_fields(session, met=day, met_at=event_link)
            fields["next_followup"] = follow
            plan.append(lambda dry, name=person.typed, f=fields: add_contact(session, name, f, False, dry))
        else:
            card_path = session.vault.root / person.card.rel
            edit = _attendee_edit(person.card.rel, session, day, event_link, follow)
            plan.append(lambda dry, p=card_path, e=edit: apply_edit(p, shown_path(p), e, dry))
    results = tuple(step(True) for step in plan)  # every edit proved before anything is written
    if not dry_run:
        from netnotes.vault.history import change

        with change(session.vault.root, f"event {stem}"):
            results = tuple(step(False) for step in plan)
    return EventCapture(results, tuple(people), tuple(warnings))


def link_to(session: Session, note: Note, typed: str) -> str:
    """The wikilink the event note keeps to ``note`` (``typed``: how the user named it).

    ``[[TITLE]]``, by the file name, unless that name is not UTF-8 (its odd bytes held as lone
    surrogates): a UTF-8 note cannot hold it, and the YAML emitter would write it as a
    ``\\uDCxx`` escape, which no YAML reader accepts (netnotes' own included) and no file
    name matches. Then the link goes by the card's ``name`` or an alias, the first that
    resolves back to this very card and to no other (netnotes resolves a wikilink by those
    too: the event's people, groups and reports still find the person). A card with no such
    name is refused, naming the card, before anything is written: a link to no one (or to
    someone else) would lose who was there, and renaming the card is the user's choice."""
    for target in dict.fromkeys((note.title, note.name, *note.aliases)):
        if not _is_text(target):
            continue
        found = session.resolver.resolve(target).note
        if target == note.title or found is not None and found.rel == note.rel:
            return f"[[{target}]]"
    shown = note.rel.encode("utf-8", "replace").decode("utf-8")
    what = "card" if note.kind == "contact" else "note"
    raise NetnotesError(f"`{typed}` is the {what} {shown}, whose file name is not UTF-8, so the event note cannot "
                        "link to it; nothing was written",
                        f"rename the {what}'s file to UTF-8, or give the {what} a `name:` or an alias to link it by")


def _is_text(target: str) -> bool:
    try:
        target.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return bool(target.strip())


def _group(session: Session, group: str | None, warnings: list[str]) -> str | None:
    """The event's ``group`` as written: a link when it names a group note."""
    if not group or not group.strip():
        return None
    group = " ".join(group.split())
    if parse_one(group):
        found = session.resolver.resolve(parse_one(group).target).note
    else:
        found = session.resolver.resolve(group).note
        if found is not None:
            group = link_to(session, found, group)
    warning = unknown_place(session, group, "--group", ("group",)) if found is None else None
    if warning:
        warnings.append(warning)
    return group


def _attendees(session: Session, names: tuple[str, ...], warnings: list[str]) -> list[Attendee]:
    """Each person given, once: an existing card (the name lookup) or a new one."""
    out: list[Attendee] = []
    seen: dict[str, str] = {}  # the card's path, or the new file's name folded -> the name given first
    for typed in names:
        name = " ".join(typed.split())
        if not name:
            raise NetnotesError("a person's name is empty", "give each person's name in quotes")
        try:
            card: Note | None = session.lookup(name)
        except NameNotFound:
            card = None
        key = card.rel if card is not None else "new:" + safe_filename(name).casefold()
        if key in seen:
            if card is None:
                if seen[key] != name:
                    raise NetnotesError(f"`{seen[key]}` and `{name}` would both be the card "
                                        f"{safe_filename(name)}.md; nothing was written",
                                        "give each person once, with a name of their own")
            warnings.append(f"note: `{name}` is {card.name if card else seen[key]}, given already; listed once")
            continue
        seen[key] = name
        out.append(Attendee(name, card))
    return out


def _event_step(session: Session, path: Path, stem: str, day: dt.date, group: str | None,
                people: list[Attendee]) -> Callable[[bool], EditResult]:
    """The event note: created, or (when it exists) its ``people`` completed."""
    links = [link_to(session, p.card, p.typed) if p.card else f"[[{safe_filename(p.typed)}]]" for p in people]
    if path.exists():
        config = session.vault.config

        def edit(text: str) -> str:
            note = parse_note(str(path.relative_to(session.vault.root)), text.encode("utf-8"), config)
            listed = [lk.target.casefold() for lk in note.prop_links("people")]
            current = note.props.get("people")
            current = list(current) if isinstance(current, list) else [current] if isinstance(current, str) else []
            missing = [lk for lk in links if lk[2:-2].casefold() not in listed]
            text = set_property(text, "people", current + missing) if missing else text
            if group and not note.props.get("group"):
                text = set_property(text, "group", group)
            return text

        return lambda dry: apply_edit(path, shown_path(path), edit, dry)
    from netnotes.edit.spans import emit
    from netnotes.render.jinja import render

    types = session.vault.config.event.types
    props = ([("type", emit(types[0]))] if types else []) + [("date", emit(day))]
    if group:
        props.append(("group", quoted(group)))
    props.append(("people", "[" + ", ".join(quoted(lk) for lk in links) + "]"))
    text = render(session.vault.root, "event.md.j2", html=False, name=stem, props=props, body="")
    data = text.encode("utf-8")

    def create(dry: bool) -> EditResult:
        result = EditResult(path, shown_path(path), b"", data, created=True)
        if dry:
            if path.exists():
                raise NetnotesError(f"{shown_path(path)} already exists")
            return result
        from netnotes.vault.atomic import create_new

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_new(path, data)
        except FileExistsError:
            raise NetnotesError(f"{shown_path(path)} was created meanwhile; nothing was written",
                                "run the command again: the people are added to it") from None
        except OSError as e:
            raise NetnotesError(f"cannot create {shown_path(path)}: {e.strerror}") from None
        return result

    return create


def _attendee_edit(rel: str, session: Session, day: dt.date, event_link: str,
                   follow: dt.date) -> Callable[[str], str]:
    """An existing card met at the event: ``met`` and ``met_at`` where it has none (where you
    first met stays), and ``next_followup`` set to ``follow`` unless one between the event and
    ``follow`` is there already."""
    config = session.vault.config

    def edit(text: str) -> str:
        props = parse_note(rel, text.encode("utf-8"), config).props
        if props.get("met") in (None, ""):
            text = set_property(text, "met", day)
        if props.get("met_at") in (None, ""):
            text = set_property(text, "met_at", event_link)
        planned = as_date(props.get("next_followup"))
        if planned is None or not day <= planned <= follow:
            text = set_property(text, "next_followup", follow)
        return text

    return edit
