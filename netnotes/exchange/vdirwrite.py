"""Carrying out a ``sync vdir`` plan, and saying what it did.

The cards are written first, in one change of the vault's history (``netnotes undo`` puts
them back; a failure or Ctrl-C rolls them back), then the ``.vcf`` files (atomically, by a
temp file renamed inside the vdir, and only if the phone's sync did not change them since
they were read), then the sync state. A run stopped half-way leaves both sides consistent:
the next run finds the values already equal, or changed on one side, and carries on.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace

from netnotes.base.errors import NetnotesError
from netnotes.exchange.syncstate import Entry, save_state
from netnotes.exchange.threeway import shown
from netnotes.exchange.vdir import Step, SyncPlan
from netnotes.index.session import Session


def set_notes(text: str, notes: str) -> str:
    """The card with ``notes`` as its free notes (the body before its first heading); the
    rest of the body keeps its bytes."""
    from netnotes.edit.spans import split

    card = split(text)
    nl = card.newline
    body = text[card.body_start:]
    at = next((m.start() for m in re.finditer(r"(?m)^#", body)), len(body))
    region, rest = body[:at], body[at:]
    lead = region[:len(region) - len(region.lstrip("\r\n"))]
    new = nl.join(notes.strip().replace("\r\n", "\n").split("\n"))
    if new:
        new = new + nl + (nl if rest else "")
    return text[:card.body_start] + lead + new + rest


def card_edit(step: Step):
    """The edit of the card's text a step makes (its properties, then its notes)."""
    from netnotes.edit.spans import remove_property, set_property

    def edit(text: str) -> str:
        for key, value in step.props.items():
            text = remove_property(text, key) if value is None else set_property(text, key, value)
        return set_notes(text, step.notes) if step.notes is not None else text

    return edit


def apply_sync(session: Session, plan: SyncPlan) -> dict[str, Entry]:
    """Write every planned change (cards, then ``.vcf`` files, then the state); the new state."""
    from netnotes.edit.write import apply_edit, shown_path
    from netnotes.exchange.imports import apply as import_apply
    from netnotes.vault.atomic import ChangedOnDisk, atomic_write, create_new
    from netnotes.vault.history import change

    root = session.vault.root
    with change(root, f"sync vdir {plan.vdir}"):
        created = [s.new_card for s in plan.steps if s.new_card is not None]
        if created:
            import_apply(session, created)
        for s in plan.steps:
            if s.props or s.notes is not None:
                path = root / s.card
                apply_edit(path, shown_path(path), card_edit(s))
        for s in plan.steps:
            path = plan.vdir / s.file
            try:
                if s.vcf_after is not None and s.vcf_before is None:
                    create_new(path, s.vcf_after)
                elif s.vcf_after is not None:
                    atomic_write(path, s.vcf_after, expected=s.vcf_before)
                elif s.action == "remove-vcf":
                    if path.read_bytes() != s.vcf_before:
                        raise ChangedOnDisk(str(path))
                    os.unlink(path)
            except (ChangedOnDisk, FileExistsError, FileNotFoundError):
                raise NetnotesError(f"{path} changed while netnotes synced it (is vdirsyncer running?); "
                                    "the cards were put back", "run the sync again") from None
            except OSError as e:
                raise NetnotesError(f"cannot write {path}: {e.strerror or e}; the cards were put back") from None
        entries = _entries(plan)
        save_state(root, plan.vdir, entries)
    return entries


def _entries(plan: SyncPlan) -> dict[str, Entry]:
    """The state after the writes: each kept entry with its file's hash and mtime now."""
    out = {}
    for s in plan.steps:
        if s.entry is None or not s.uid:
            continue
        entry = s.entry
        if s.action not in ("held", "kept-vcf", "phone-deleted", "left-out"):
            try:
                st = os.stat(plan.vdir / entry.file)
                digest = hashlib.sha256((plan.vdir / entry.file).read_bytes()).hexdigest()
                entry = replace(entry, digest=digest, mtime_ns=st.st_mtime_ns)
            except OSError:
                pass
        out[s.uid] = entry
    return out


def plan_text(plan: SyncPlan, applied: bool) -> str:
    """The plan as ``netnotes sync vdir`` prints it: a line per file written or removed, each
    conflict and problem with what to do, then the counts."""
    def did(x: str, would: str) -> str:
        return x if applied else would

    lines: list[str] = []
    counts: dict[str, int] = {}
    for s in plan.steps:
        counts[s.action] = counts.get(s.action, 0) + 1
        card, vcf = s.card, s.file
        if s.action == "new-card":
            lines.append(f"{did('created', 'would create')} {card} from {vcf} (new on the phone)")
        if s.action == "new-vcf":
            lines.append(f"{did('created', 'would create')} {vcf} from {card} (new in the vault)")
        if s.action == "remove-vcf":
            lines.append(f"{did('removed', 'would remove')} {vcf}: its card {card} was deleted in the vault")
        if s.action == "kept-vcf":
            lines.append(f"kept {vcf}: its card {card} was deleted in the vault, but the contact changed on the phone "
                         "since the last sync (delete it on the phone too, or restore the card)")
        if s.action == "phone-deleted":
            lines.append(f"{vcf} was deleted on the phone; the card {card} stays and is no longer sent (to send it "
                         f"again: --resend \"{card}\")")
        if s.action == "problem":
            lines.append(f"problem: {card or vcf}: {s.message}")
        if s.action in ("update", "same") and s.message:
            lines.append(f"{did('paired', 'would pair')} {vcf} with {card} ({s.message})")
        for f, (_now, new) in sorted(s.to_card.items()):
            lines.append(f"{did('wrote', 'would write')} {card}: {f} {shown(new)} (changed on the phone, {vcf})")
        if s.notes is not None and "note" not in s.to_card:
            lines.append(f"{did('wrote', 'would write')} {card}: notes")
        if "uid" in s.props:
            lines.append(f"{did('wrote', 'would write')} {card}: uid {s.uid} (its identity from now on)")
        if s.action != "new-vcf":
            for f, (_now, new) in sorted(s.to_phone.items()):
                lines.append(f"{did('wrote', 'would write')} {vcf}: {f} {shown(new)} (changed in the vault, {card})")
        for f, ours, theirs in s.conflicts:
            lines.append(f"conflict: {f} of {card} is {shown(ours)} in the vault, {shown(theirs)} on the phone "
                         f"({vcf}); both changed since the last sync, neither was overwritten: edit one side to the "
                         "value you want (or both to the same), then sync again")
    conflicts = sum(len(s.conflicts) for s in plan.steps)
    names = {"same": "in step", "update": "updated" if applied else "to update", "new-card": "new cards",
             "new-vcf": "new .vcf files", "remove-vcf": "removed" if applied else "to remove",
             "phone-deleted": "deleted on the phone", "left-out": "not sent (deleted on the phone)",
             "kept-vcf": "kept on the phone", "problem": "problems"}
    summary = ", ".join(f"{counts[k]} {v}" for k, v in names.items() if counts.get(k))
    summary = f"{sum(counts.get(k, 0) for k in names if k != 'problem')} contacts: {summary or 'none'}"
    if conflicts:
        summary += f"; {conflicts} conflict{'s' if conflicts > 1 else ''}"
    if not applied and plan.writes:
        summary += "; nothing written (add --apply to write)"
    lines.append(summary)
    return "\n".join(lines)

