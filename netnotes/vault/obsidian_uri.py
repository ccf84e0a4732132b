"""The ``obsidian://open`` URI of a note: how ``netnotes open --obsidian`` hands a card to Obsidian.

Obsidian names a vault after its folder (the one holding ``.obsidian/``), which may be the
netnotes vault or a folder above it; the note is given by its path from there. Both values
are percent-encoded whole (``/`` too, as Obsidian's own "Copy Obsidian URL" does), from the
path's bytes, so any file name round-trips.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def obsidian_vault(root: Path) -> Path:
    """The folder Obsidian knows as the vault: the nearest of ``root`` and its parents that
    holds ``.obsidian/``, else ``root`` itself (a folder Obsidian has not opened yet)."""
    for folder in (root, *root.parents):
        if (folder / ".obsidian").is_dir():
            return folder
    return root


def obsidian_uri(vault_folder: Path, note: Path) -> str:
    """``obsidian://open?vault=NAME&file=PATH`` for ``note``, a file inside ``vault_folder``."""
    rel = note.relative_to(vault_folder).as_posix()
    return f"obsidian://open?vault={_encoded(vault_folder.name)}&file={_encoded(rel)}"


def _encoded(text: str) -> str:
    return quote(os.fsencode(text), safe="")
