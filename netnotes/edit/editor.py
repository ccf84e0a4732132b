"""``netnotes edit``: the user edits a copy in $EDITOR; the card is replaced only when safe.

After each save the copy is parsed; when it no longer parses the user is shown why and
offered to reopen it. The user's text is never lost: if the card changed on disk meanwhile,
their version is kept in ``.netnotes/recovered/`` and the path is given.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from netnotes.notes.note import parse_note
from netnotes.edit.write import EditResult, shown_path
from netnotes.vault.config import Config
from netnotes.base.errors import Busy, NetnotesError
from netnotes.vault.atomic import ChangedOnDisk, atomic_write
from netnotes.vault.lock import writing

BREAKING = {"yaml-syntax", "yaml-unsafe", "front-matter-type", "unclosed-front-matter", "encoding",
            "file-too-large"}


def edit_card(path: Path, config: Config, ask: Callable[[str], bool], dry_run: bool = False, *,
              open_editor: Callable[[Path], None], show: Callable[[str], None]) -> EditResult:
    """``open_editor(copy)`` returns when the user has quit the editor; ``show`` tells them why
    the copy no longer parses, and ``ask`` whether to reopen it."""
    from netnotes.base.diagnostics import format_text

    shown = shown_path(path)
    try:
        before = path.read_bytes()
    except OSError as e:
        raise NetnotesError(f"cannot read {shown}: {e.strerror}") from None
    with tempfile.TemporaryDirectory(prefix="netnotes-edit-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(before)
        while True:
            open_editor(copy)
            after = copy.read_bytes()
            note = parse_note(path.name, after, config)
            broken = [d for d in note.diagnostics if d.code in BREAKING]
            if not broken:
                break
            for d in broken:
                show(format_text(d))
            if not ask("The card no longer parses. Reopen it in the editor?"):
                show("keeping your text as it is; `netnotes validate` will point at the problem")
                break
    result = EditResult(path, shown, before, after)
    if dry_run or not result.changed:
        return result
    try:
        with writing(path):
            atomic_write(path, after, expected=before, keep=True)
    except ChangedOnDisk:
        kept = _recover(path, after)
        raise NetnotesError(f"{shown} was changed by another program while you edited it; it is left as "
                            f"that program saved it, and your version is in {shown_path(kept)}",
                            "merge the two by hand") from None
    except Busy as e:
        kept = _recover(path, after)
        raise Busy(f"{e.message}; your version is in {shown_path(kept)}", e.hint) from None
    except OSError as e:
        kept = _recover(path, after)
        raise NetnotesError(f"cannot write {shown}: {e.strerror}; your version is in {shown_path(kept)}") from None
    return result


def _recover(path: Path, data: bytes) -> Path:
    """Keep the user's text where netnotes owns the folder (and no card would be duplicated)."""
    root = path.parent
    for parent in [path.parent, *path.parents]:
        if (parent / ".netnotes").is_dir():
            root = parent
            break
    folder = root / ".netnotes" / "recovered"
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    target = folder / path.name
    while target.exists():
        n += 1
        target = folder / f"{path.stem} ({n}){path.suffix}"
    target.write_bytes(data)
    return target
