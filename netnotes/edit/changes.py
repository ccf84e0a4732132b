"""What an edit put on a card, read back from its bytes before and after: the properties it
set, changed or removed, and the log entries it added, as they are now written.

The write commands say this (``Ann Lee: logged 2026-11-20 intro [[Bea Roy]] (...)``), so what
they print is what is on the card, whichever module composed the entry (a signed team entry
included) and whatever a card already had (``event`` leaves ``met`` alone where it is set).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from netnotes.edit.write import EditResult
from netnotes.notes.note import parse_note
from netnotes.vault.handle import Vault


@dataclass(frozen=True)
class Written:
    name: str  # the card's name after the edit (its ``name``, else its file name)
    props: tuple[tuple[str, Any], ...]  # (key, value now) of each property that changed; None: removed
    entries: tuple[str, ...]  # each log line added, without its bullet: ``2026-11-20 call: hi``

    def value(self, key: str) -> Any:
        """The new value of ``key`` when this edit changed it, else None."""
        return dict(self.props).get(key)


def written(result: EditResult, vault: Vault) -> Written:
    """What ``result`` changed on its card (nothing, for an edit that changed nothing). The
    card is read as the vault reads it: its kind, hence its log, follows from its path."""
    try:
        rel = result.path.resolve().relative_to(vault.root.resolve()).as_posix()
    except ValueError:  # outside the vault (netnotes never edits one there): by its file name
        rel = result.path.name
    before = parse_note(rel, result.before, vault.config) if result.before else None
    after = parse_note(rel, result.after, vault.config)
    old = before.props if before is not None else {}
    props = tuple((k, v) for k, v in after.props.items() if k not in old or old[k] != v)
    props += tuple((k, None) for k in old if k not in after.props)
    had = Counter(_entry_lines(before, result.before)) if before is not None else Counter()
    added = []
    for line in _entry_lines(after, result.after):
        if had[line]:
            had[line] -= 1
        else:
            added.append(line)
    return Written(after.name, props, tuple(added))


def _entry_lines(note, data: bytes) -> list[str]:
    """The first line of each log entry of ``note`` (read from ``data``), bullet left out."""
    lines = data.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    out = []
    for entry in note.log:
        if 0 < entry.line <= len(lines):
            text = lines[entry.line - 1].strip()
            out.append(text[2:].strip() if text[:2] in ("- ", "* ", "+ ") else text)
    return out
