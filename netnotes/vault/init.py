"""``netnotes init``: make a folder a netnotes vault without touching the user's notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netnotes.vault.config import CONFIG_DIR, CONFIG_NAME, default_config_text
from netnotes.base.errors import NetnotesError
from netnotes.vault.atomic import write_if_changed
from netnotes.vault.obsidian import merged_types

GITIGNORE = "# netnotes' index is rebuilt from the notes; never commit it.\ncache/\n"


@dataclass(frozen=True)
class Action:
    path: str
    what: str  # created | kept | updated


def init_vault(root: Path, config_text: str | None = None) -> list[Action]:
    """Write .netnotes/config.toml and .netnotes/.gitignore if missing; in an Obsidian vault,
    merge netnotes' property types into .obsidian/types.json. Safe to run again.

    ``config_text``: the config to write (the one ``netnotes.notes.survey`` proposes for the
    vault's notes); by default, every option commented out."""
    if root.exists() and not root.is_dir():
        raise NetnotesError(f"not a folder: {root}", "give the path of your notes folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise NetnotesError(f"cannot create {root}: {e.strerror}") from None
    actions = []
    nn = root / CONFIG_DIR
    try:
        nn.mkdir(exist_ok=True)
        for name, text in ((CONFIG_NAME, config_text or default_config_text()), (".gitignore", GITIGNORE)):
            p = nn / name
            rel = f"{CONFIG_DIR}/{name}"
            if p.exists():
                actions.append(Action(rel, "kept"))
            else:
                write_if_changed(p, text.encode("utf-8"))
                actions.append(Action(rel, "created"))
        obsidian = root / ".obsidian"
        if obsidian.is_dir():
            actions.append(_merge_types(obsidian / "types.json"))
    except PermissionError as e:
        raise NetnotesError(f"cannot write in {root}: {e.strerror}", "check the folder's permissions") from None
    return actions


def _merge_types(path: Path) -> Action:
    rel = ".obsidian/types.json"
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        text, added = merged_types(existing)
    except ValueError as e:
        raise NetnotesError(f"{rel} cannot be read ({e}); left unchanged",
                            "fix the JSON by hand or move the file away, then run init again") from None
    if not added:
        return Action(rel, "kept")
    write_if_changed(path, text.encode("utf-8"))
    return Action(rel, "updated" if existing is not None else "created")
