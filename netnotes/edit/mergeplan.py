"""``netnotes merge A B``: plan the merge as a diff, then write A and move B to the trash.

B is never deleted: it goes to the vault's ``.trash/`` folder (where Obsidian puts what it
deletes), and its name becomes an alias of A so that links to it keep resolving; the links to
B in other notes are rewritten to name A (``edit.relink``), so Obsidian's backlinks keep them.
All of it is one change in the vault's history.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from netnotes.edit.write import EditResult, apply_edit, restore, shown_path
from netnotes.base.errors import NetnotesError
from netnotes.base.text import BOM, decode_text
from netnotes.edit.merge import Conflict, merge_cards
from netnotes.reports.facts import find_note
from netnotes.index.session import Session
from netnotes.notes.note import Note


@dataclass(frozen=True)
class MergePlan:
    result: EditResult  # A before and after
    b_path: Path
    b_bytes: bytes
    trash_path: Path
    conflicts: tuple[Conflict, ...]
    heading: str
    prefer: dict
    relinks: tuple[EditResult, ...] = ()  # the notes whose links to B will name A (planned, not written)
    links: int = 0


def merge_plan(session: Session, a_name: str, b_name: str, prefer: dict[str, str]) -> MergePlan:
    a, b = find_note(session, a_name), find_note(session, b_name)
    if a.rel == b.rel:
        raise NetnotesError(f"`{a_name}` and `{b_name}` are the same card ({a.rel})")
    root = session.vault.root
    a_path, b_path = root / a.rel, root / b.rel
    b_bytes = b_path.read_bytes()
    b_text = decode_text(b_bytes, errors="replace")
    for card, path in ((a, a_path), (b, b_path)):
        _check_readable(session, card, path)
    heading = session.vault.config.log_heading
    conflicts: list[Conflict] = []
    names_b, a_target = _link_names(session, a, b)

    def edit(text: str) -> str:
        from netnotes.edit.relink import relinked

        merged, found = merge_cards(a, b, text, b_text, heading, prefer)
        conflicts[:] = found
        return relinked(merged, names_b, a_target, a.rel, a.rel)[0]  # B's own links, carried into A, too

    result = apply_edit(a_path, shown_path(a_path), edit, dry_run=True)
    relinks, links = _relinks(session, a, b, names_b, a_target)
    return MergePlan(result, b_path, b_bytes, _trash_target(root, b_path), tuple(conflicts), heading, prefer,
                     tuple(relinks), links)


def _linking(session: Session, b: Note) -> list[str]:
    """The notes (paths) with a link that resolves to B: from the index's resolved links,
    else from every note."""
    if session.index is not None and "notes" not in session.__dict__:
        rows = session.index.conn.execute(
            "SELECT DISTINCT n.rel FROM links l JOIN notes n ON n.id = l.note_id "
            "WHERE l.target_id = (SELECT id FROM notes WHERE rel = ?)", (b.rel,))
        return sorted(rel for (rel,) in rows)
    resolver = session.resolver
    return sorted({n.rel for n in session.notes for link in n.links
                   if any(t.rel == b.rel for t in resolver.resolve(link.target).notes)})


def _link_names(session: Session, a: Note, b: Note) -> "tuple[Callable[[str], bool], str]":
    """Whether a link target means B, and how a link names A (its file name, or its path when
    the file name is not unique)."""
    resolver = session.resolver
    names_b = lambda target: [n.rel for n in resolver.resolve(target).notes] == [b.rel]  # noqa: E731
    a_target = a.rel[:-3].rsplit("/", 1)[-1] if a.rel.endswith(".md") else a.rel
    if [n.rel for n in resolver.resolve(a_target).notes] != [a.rel]:
        a_target = a.rel[:-3]
    return names_b, a_target


def _relinks(session: Session, a: Note, b: Note, names_b: "Callable[[str], bool]",
             a_target: str) -> tuple[list[EditResult], int]:
    from netnotes.edit.relink import relinked

    out, total = [], 0
    for rel in _linking(session, b):
        if rel in (a.rel, b.rel):
            continue
        path = session.vault.root / rel
        count = 0

        def edit(text: str) -> str:
            nonlocal count
            new, count = relinked(text, names_b, a_target, a.rel, rel)
            return new

        result = apply_edit(path, shown_path(path), edit, dry_run=True)
        if result.changed:
            out.append(result)
            total += count
    return out, total


# what makes a card's properties unreadable as written: a merge would drop or pick values
_UNMERGEABLE = {"yaml-syntax", "yaml-unsafe", "front-matter-type", "unclosed-front-matter", "duplicate-key",
                "encoding", "conflict-marker", "file-too-large"}


def _check_readable(session: Session, card: Note, path: Path) -> None:
    """Refuse (exit 4) a merge of a card whose properties netnotes cannot read exactly: its
    values would be dropped or one of two picked, silently."""
    from netnotes.edit.spans import EditRefused
    from netnotes.notes.note import parse_note

    parsed = parse_note(card.rel, path.read_bytes(), session.vault.config)
    bad = sorted((d for d in parsed.diagnostics if d.code in _UNMERGEABLE), key=lambda d: d.line)
    if bad:
        d = bad[0]
        raise EditRefused(f"{shown_path(path)}:{d.line}: {d.message.rstrip('.')}; nothing was merged",
                          "fix the card first (`netnotes validate` shows every problem), then merge")


def keeper(root: Path) -> "Callable[[Note], tuple[int, int]]":
    """Which card of a duplicate pair a merge should keep (the larger key): the richer card (the
    larger file: more properties, log and notes), then the name written with its accents
    (Zoé Côté over Zoe Cote)."""
    def key(note: Note) -> tuple[int, int]:
        try:
            size = (root / note.rel).stat().st_size
        except OSError:
            size = 0
        return size, sum(1 for ch in note.name if ord(ch) > 127)

    return key


def _trash_target(root: Path, path: Path) -> Path:
    trash = root / ".trash"
    target = trash / path.name
    n = 1
    while target.exists():
        n += 1
        target = trash / f"{path.stem} {n}{path.suffix}"
    return target


def write_merge(plan: MergePlan) -> None:
    """Write A (checked against changes since the plan), then move B; undo A if B cannot move.
    Refused while the cards disagree on a field."""
    if plan.conflicts:
        from netnotes.edit.spans import EditRefused

        raise EditRefused("the cards disagree on " + ", ".join(c.key for c in plan.conflicts) +
                          "; nothing was written", "choose with --prefer FIELD=A or FIELD=B")
    if plan.b_path.read_bytes() != plan.b_bytes:
        raise NetnotesError(f"{shown_path(plan.b_path)} changed since the merge was planned; nothing was written",
                            "run the merge again")
    from netnotes.vault import history
    from netnotes.vault.atomic import check_inside, vault_root_of

    root = vault_root_of(plan.b_path) or plan.b_path.parent
    with history.change(root, f"merge {shown_path(plan.b_path)} into {plan.result.shown}"):
        after = plan.result.after
        written = apply_edit(plan.result.path, plan.result.shown, lambda text: decode_text(after)
                             if text.encode("utf-8") == plan.result.before.removeprefix(BOM) else _changed())
        try:
            plan.trash_path.parent.mkdir(parents=True, exist_ok=True)
            check_inside(plan.trash_path)
            gone = history.record(plan.b_path, plan.b_bytes, None)
            moved = history.record(plan.trash_path, None, plan.b_bytes)
            try:
                os.replace(plan.b_path, plan.trash_path)
            except OSError:
                history.forget(moved)
                history.forget(gone)
                raise
            history.written(gone)
            history.written(moved)
        except OSError as e:
            restore(written)
            raise NetnotesError(f"cannot move {shown_path(plan.b_path)} to the trash ({e.strerror}); nothing was "
                                "changed") from None
        for planned in plan.relinks:  # a failure here puts everything back (the change)
            after_links = planned.after
            apply_edit(planned.path, planned.shown, lambda text, p=planned, new=after_links: decode_text(new)
                       if text.encode("utf-8") == p.before.removeprefix(BOM) else _changed())


def _changed() -> str:
    raise NetnotesError("the card changed since the merge was planned; nothing was written", "run the merge again")


# ---- what `netnotes merge` says ---------------------------------------------------------------
def preview(plan: MergePlan, applied: bool) -> str:
    """The diff of A, then, unless the merge is being applied, where B would go."""
    moving = "" if applied else f"{shown_path(plan.b_path)} would move to {shown_path(plan.trash_path)}\n"
    relinking = "".join(r.diff() for r in plan.relinks) if not applied else ""
    return plan.result.diff() + relinking + moving


def conflict_lines(plan: MergePlan) -> list[str]:
    """One line per field both cards set differently, with how to settle it."""
    lines = []
    for c in plan.conflicts:
        ours, theirs = c.to_json()["ours"], c.to_json()["theirs"]  # dates as 2026-01-02, not repr
        lines.append(f"conflict: {c.key} is {ours!r} on A and {theirs!r} on B: add --prefer {c.key}=A or "
                     f"--prefer {c.key}=B")
    return lines


def not_written(plan: MergePlan) -> str:
    return "nothing written (add --apply to write)" + ("" if not plan.conflicts else ", after settling the conflicts")


def merged(plan: MergePlan) -> str:
    relinked = (f"; {plan.links} link{'s' if plan.links != 1 else ''} to it in {len(plan.relinks)} "
                f"note{'s' if len(plan.relinks) != 1 else ''} now name {plan.result.path.stem}") if plan.relinks else ""
    return (f"merged into {shown_path(plan.result.path)}; {shown_path(plan.b_path)} moved to "
            f"{shown_path(plan.trash_path)}{relinked}")
