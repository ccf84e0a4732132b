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
    b_text = b_bytes.decode("utf-8-sig", "replace")
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
    """Write A (checked against changes since the plan), then move B; undo A if B cannot move."""
    if plan.b_path.read_bytes() != plan.b_bytes:
        raise NetnotesError(f"{shown_path(plan.b_path)} changed since the merge was planned; nothing was written",
                            "run the merge again")
    after = plan.result.after
    written = apply_edit(plan.result.path, plan.result.shown, lambda text: after.decode("utf-8-sig")
                         if text.encode("utf-8") == plan.result.before.removeprefix(b"\xef\xbb\xbf") else _changed())
    try:
        plan.trash_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(plan.b_path, plan.trash_path)
    except OSError as e:
        restore(written)
        raise NetnotesError(f"cannot move {shown_path(plan.b_path)} to the trash ({e.strerror}); nothing was "
                            "changed") from None


def _changed() -> str:
    raise NetnotesError("the card changed since the merge was planned; nothing was written", "run the merge again")
