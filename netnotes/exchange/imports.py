"""Imports: a plan first (what would be created, merged into which card, every conflict),
then, with ``--apply``, all of it or nothing.

A person who matches a card (same email, phone, LinkedIn profile, name, or a close name at
the same company) is merged into it: missing fields are added, lists are united, and a value
the user wrote is never overwritten (a differing one is reported as a conflict). Running the
same import again finds every person already there and changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from netnotes.edit.capture import safe_filename
from netnotes.notes.note import Note
from netnotes.edit.write import EditResult, apply_edit, restore, shown_path
from netnotes.edit.spans import emit
from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text
from netnotes.notes.matching import Matcher, company_key, email_key, name_key
from netnotes.edit.merge import Conflict, add_notes, apply_values, notes_of, plan_values, union
from netnotes.notes.people import Person, card_props, derived_uid, kept_lines, kept_mapping
from netnotes.index.session import Session


@dataclass
class Step:
    person: Person
    action: str  # create | merge | same | skip
    path: Path | None = None
    target: Note | None = None
    reason: str = ""
    changes: dict = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    add_note: bool = False

    def to_json(self) -> dict:
        return {"name": self.person.name, "from": self.person.where, "action": self.action,
                "path": shown_path(self.path) if self.path else None, "reason": self.reason,
                "fields": sorted(self.changes), "conflicts": [c.to_json() for c in self.conflicts],
                "skipped": list(self.person.skipped), "kept": kept_names(self.person)}


def kept_names(p: Person) -> list[str]:
    """The vCard properties kept under ``vcard:`` for this person, each once, in order."""
    return list(dict.fromkeys(k for k, _line in p.kept))


def _combine(a: Person, b: Person) -> Person:
    """One person from two rows of the same file."""
    def first(x: str, y: str) -> str:
        return x or y

    return Person(
        name=first(a.name, b.name), emails=tuple(union(list(a.emails), list(b.emails))),
        phones=tuple(union(list(a.phones), list(b.phones), "phone")), company=first(a.company, b.company),
        role=first(a.role, b.role), urls=tuple(union(list(a.urls), list(b.urls))),
        linkedin=first(a.linkedin, b.linkedin), note="\n\n".join(x for x in (a.note, b.note) if x),
        birthday=first(a.birthday, b.birthday), met=a.met or b.met, tags=tuple(union(list(a.tags), list(b.tags))),
        aliases=tuple(union(list(a.aliases), list(b.aliases))), address=first(a.address, b.address),
        city=first(a.city, b.city), uid=first(a.uid, b.uid), kept=a.kept + tuple(k for k in b.kept if k not in a.kept),
        source=a.source, where=a.where, skipped=tuple(union(list(a.skipped), list(b.skipped))))


def dedupe(people: list[Person]) -> list[Person]:
    """Rows of one file that are the same person (email or name) become one."""
    out: list[Person] = []
    keys: dict[str, int] = {}
    for p in people:
        ks = [f"e:{email_key(e)}" for e in p.emails] + ([f"n:{name_key(p.name)}"] if p.name else [])
        hit = next((keys[k] for k in ks if k in keys), None)
        if hit is None:
            out.append(p)
            hit = len(out) - 1
        else:
            out[hit] = _combine(out[hit], p)
        for k in ks:
            keys.setdefault(k, hit)
    return out


def plan(session: Session, people: list[Person]) -> list[Step]:
    matcher = Matcher(session.contacts)
    folders = session.vault.config.contact.folders
    folder = session.vault.root / (folders[0] if folders else "")
    taken = {n.rel.lower() for n in session.notes}
    steps = []
    for p in dedupe(people):
        if not p.name:
            steps.append(Step(p, "skip", reason="no name in this record"))
            continue
        found = matcher.find(p)
        reason = "new"
        if found is not None and _namesake(found[0], found[1], p):
            reason = f"same name as {found[0].rel}, another company"
            found = None
        if found is None:
            try:
                stem = safe_filename(p.name)
            except NetnotesError:
                steps.append(Step(p, "skip", reason=f"`{p.name}` cannot be a file name"))
                continue
            path, n = folder / f"{stem}.md", 1
            while os.path.relpath(path, session.vault.root).lower() in taken or path.exists():
                n += 1
                path = folder / f"{stem} ({n}).md"
            rel = os.path.relpath(path, session.vault.root)
            taken.add(rel.lower())
            props = card_props(replace(p, uid=p.uid or derived_uid(rel.replace(os.sep, "/"))))
            steps.append(Step(p, "create", path, reason=reason, changes=props, add_note=bool(p.note)))
            continue
        note, why = found
        incoming = card_props(p)
        for key in ("source", "uid"):  # the card's own: another source or identity is no conflict
            if note.props.get(key):
                incoming.pop(key, None)
        changes, conflicts = plan_values(note.props, {k: v for k, v in incoming.items() if k != "vcard"})
        changes.update(_aliases(note, p) | _kept(note.props.get("vcard"), incoming.get("vcard")))
        path = session.vault.root / note.rel
        has_notes = bool(notes_of(decode_text(path.read_bytes(), errors="replace"),
                                  session.vault.config.log_heading)) if p.note else True
        add_note = bool(p.note) and not has_notes
        if (changes or add_note) and not note.props.get("uid"):
            changes["uid"] = derived_uid(note.rel)  # written once, with the card's first import
        action = "merge" if changes or add_note else "same"
        steps.append(Step(p, action, path, note, why, changes, conflicts, add_note))
    return steps


def _namesake(note: Note, why: str, p: Person) -> bool:
    """Only the name is the same, and the companies differ: another person of that name (a
    LinkedIn "Sophie Martin, CPA" is not the vault's Sophie Martin, event planner), who gets
    a card of her own rather than her details merged into someone else's."""
    ours = note.props.get("company")
    return why == "same name" and isinstance(ours, str) and bool(company_key(ours)) and \
        bool(company_key(p.company)) and company_key(ours) != company_key(p.company)


def _aliases(note: Note, p: Person) -> dict:
    """The file's nicknames (or a display name cleaned away) the card's aliases lack."""
    known = [note.name, *note.aliases]
    new = [a for a in p.aliases if name_key(a) not in {name_key(k) for k in known}]
    return {"aliases": list(note.aliases) + new} if new else {}


def _kept(ours: object, theirs: object) -> dict:
    """``vcard:`` with the file's kept lines the card lacks: the card's lines first."""
    if not isinstance(theirs, dict):
        return {}
    if ours is not None and not isinstance(ours, dict):
        return {}  # not a mapping: the user's, left alone (``validate`` says what it should be)
    have = kept_lines(ours)
    new = tuple(k for k in kept_lines(theirs) if k not in have)
    return {"vcard": kept_mapping(have + new)} if new else {}


def new_card_text(session: Session, step: Step) -> str:
    from netnotes.render.jinja import render

    p = step.person
    props = [] if step.path is None or step.path.stem == p.name else [("name", emit(p.name))]
    props += [(k, emit(v)) for k, v in step.changes.items()]
    return render(session.vault.root, "card.md.j2", html=False, name=p.name, props=props,
                  body=p.note.strip())


def apply(session: Session, steps: list[Step], progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write every create and merge, or, if one fails, undo those already written. One change
    in the vault's history: Ctrl-C or a crash puts back what was written (``vault.history``)."""
    from netnotes.vault.history import change

    with change(session.vault.root, f"import ({len(steps)} people)"):
        return _apply(session, steps, progress)


def _apply(session: Session, steps: list[Step], progress: Callable[[int, int], None] | None) -> list[Path]:
    from netnotes.vault.atomic import create_new

    heading = session.vault.config.log_heading
    created: list[Path] = []
    edited: list[EditResult] = []
    todo = [s for s in steps if s.action in ("create", "merge")]
    try:
        for i, step in enumerate(todo):
            assert step.path is not None
            if step.action == "create":
                step.path.parent.mkdir(parents=True, exist_ok=True)
                create_new(step.path, new_card_text(session, step).encode("utf-8"))
                created.append(step.path)
            else:
                note_text = step.person.note if step.add_note else ""

                def edit(text: str, s: Step = step, extra: str = note_text) -> str:
                    return add_notes(apply_values(text, s.changes), extra, heading)

                edited.append(apply_edit(step.path, shown_path(step.path), edit))
            if progress:
                progress(i + 1, len(todo))
    except (NetnotesError, OSError) as e:
        for path in created:
            try:
                os.unlink(path)
            except OSError:
                pass
        for result in edited:
            restore(result)
        if isinstance(e, FileExistsError):
            taken = e.filename2 or e.filename or ""  # os.link(temp, card) names the card second
            raise NetnotesError(f"{shown_path(Path(taken))} appeared meanwhile; nothing was imported, "
                                "run the import again") from None
        if isinstance(e, NetnotesError):
            raise NetnotesError(f"{e.message}; nothing was imported (the cards written so far were undone)",
                                e.hint) from None
        raise NetnotesError(f"the import failed ({e}); nothing was imported (the cards written so far were "
                            "undone)") from None
    return created + [r.path for r in edited]


def plan_text(steps: list[Step], applied: bool) -> str:
    """The plan as ``netnotes import`` prints it: a line per card created, merged into or
    skipped, each conflict and left-out field under it, then the counts."""
    lines: list[str] = []
    counts: dict[str, int] = {}
    for st in steps:
        counts[st.action] = counts.get(st.action, 0) + 1
        where = shown_path(st.path) if st.path else ""
        if st.action == "create":
            why = "" if st.reason == "new" else f"; {st.reason}"
            lines.append(f"{'created' if applied else 'would create'}: {where}  ({st.person.where}{why})")
        elif st.action == "merge":
            fields = ", ".join(sorted(st.changes) + (["notes"] if st.add_note else []))
            lines.append(f"{'merged' if applied else 'would merge'} into {where}: {fields}  "
                         f"({st.reason}; {st.person.where})")
        elif st.action == "skip":
            lines.append(f"skipped {st.person.where}: {st.reason}")
        for c in st.conflicts:
            ours, theirs = c.to_json()["ours"], c.to_json()["theirs"]  # dates as 2026-01-02, not repr
            lines.append(f"  conflict in {where}: {c.key} is {ours!r} on the card, {theirs!r} in the file "
                         "(kept the card's; edit it by hand to change it)")
        if st.person.skipped and st.action != "same":
            lines.append(f"  note: {', '.join(st.person.skipped)} left out ({st.person.where})")
        if "vcard" in st.changes:
            lines.append(f"  kept under vcard: {', '.join(kept_names(st.person))} ({st.person.where})")
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    unwritten = not applied and bool(counts.get("create") or counts.get("merge"))
    lines.append(f"{len(steps)} people: {summary}" + ("; nothing written (add --apply to write)" if unwritten else ""))
    return "\n".join(lines)
