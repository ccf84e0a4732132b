"""``netnotes merge A B``: plan the merge as a diff, then write A and move B to the trash.

B is never deleted: it goes to the vault's ``.trash/`` folder (where Obsidian puts what it
deletes), and its name becomes an alias of A so that links to it keep resolving.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from netnotes.edit.write import EditResult, apply_edit, restore, shown_path
from netnotes.base.errors import NetnotesError
from netnotes.base.text import BOM, decode_text
from netnotes.edit.merge import Conflict, merge_cards
from netnotes.reports.facts import find_note
from netnotes.index.session import Session


@dataclass(frozen=True)
class MergePlan:
    result: EditResult  # A before and after
    b_path: Path
    b_bytes: bytes
    trash_path: Path
    conflicts: tuple[Conflict, ...]
    heading: str
    prefer: dict


def merge_plan(session: Session, a_name: str, b_name: str, prefer: dict[str, str]) -> MergePlan:
    a, b = find_note(session, a_name), find_note(session, b_name)
    if a.rel == b.rel:
        raise NetnotesError(f"`{a_name}` and `{b_name}` are the same card ({a.rel})")
    root = session.vault.root
    a_path, b_path = root / a.rel, root / b.rel
    b_bytes = b_path.read_bytes()
    b_text = decode_text(b_bytes, errors="replace")
    heading = session.vault.config.log_heading
    conflicts: list[Conflict] = []

    def edit(text: str) -> str:
        merged, found = merge_cards(a, b, text, b_text, heading, prefer)
        conflicts[:] = found
        return merged

    result = apply_edit(a_path, shown_path(a_path), edit, dry_run=True)
    return MergePlan(result, b_path, b_bytes, _trash_target(root, b_path), tuple(conflicts), heading, prefer)


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


def _changed() -> str:
    raise NetnotesError("the card changed since the merge was planned; nothing was written", "run the merge again")


# ---- what `netnotes merge` says ---------------------------------------------------------------
def preview(plan: MergePlan, applied: bool) -> str:
    """The diff of A, then, unless the merge is being applied, where B would go."""
    moving = "" if applied else f"{shown_path(plan.b_path)} would move to {shown_path(plan.trash_path)}\n"
    return plan.result.diff() + moving


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
    return (f"merged into {shown_path(plan.result.path)}; {shown_path(plan.b_path)} moved to "
            f"{shown_path(plan.trash_path)}")
