"""A vault shared through git: the merge driver for cards (docs/team.md).

``.gitattributes`` travels with the vault and names the driver for every Markdown file; what
the driver runs is each clone's own git config (git never runs a command a repository
sends), so each clone sets it once, with the command ``CONFIG_COMMAND`` prints.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from netnotes.vault.atomic import write_if_changed

DRIVER = "netnotes"
ATTRIBUTE = f"*.md merge={DRIVER}"
# %O base, %A ours (the result goes there), %B theirs, %L marker size, %P the path in the tree
DRIVER_COMMAND = "netnotes merge-file %O %A %B --marker-size %L --path %P"
SETTINGS = ((f"merge.{DRIVER}.name", "netnotes: cards merged key by key, logs as a union"),
            (f"merge.{DRIVER}.driver", DRIVER_COMMAND))


def config_commands() -> list[str]:
    """The ``git config`` commands a clone needs, as a person would paste them."""
    return [f"git config {key} {shlex.quote(value)}" for key, value in SETTINGS]


def write_attributes(root: Path) -> str:
    """Add the driver's line to the vault's ``.gitattributes`` (created if missing, every
    other line kept): "created", "updated" or "kept"."""
    path = root / ".gitattributes"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    lines = (text or "").splitlines()
    if any(line.split("#", 1)[0].split() == ATTRIBUTE.split() for line in lines):
        return "kept"
    comment = "# netnotes merges cards key by key and logs as a union (docs/team.md)"
    new = (text or "") + ("\n" if text and not text.endswith("\n") else "") + f"{comment}\n{ATTRIBUTE}\n"
    write_if_changed(path, new.encode("utf-8"))
    return "created" if text is None else "updated"


# what a shared vault needs in its config: reviews that never conflict, entries that say whose
TEAM_SETTINGS = (("reviews", "per_person", "true"), ("team", "sign_entries", "true"))


def write_team_settings(root: Path) -> list[str]:
    """Turn on ``TEAM_SETTINGS`` in ``.netnotes/config.toml`` where the file does not set them
    (a value the file sets, either way, is kept): the settings added, as ``table.key``. Every
    other byte of the file is kept, and the result must load as a config, else nothing is
    written."""
    from netnotes.vault.config import CONFIG_DIR, CONFIG_NAME, load_config

    path = root / CONFIG_DIR / CONFIG_NAME
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    added = []
    for table, key, value in TEAM_SETTINGS:
        header = next((i for i, line in enumerate(lines) if line.strip() == f"[{table}]"), None)
        end = next((i for i in range(header + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)) \
            if header is not None else None
        if header is not None and any(lines[i].split("=", 1)[0].strip() == key for i in range(header + 1, end)):
            continue  # set already, to true or false: the team's own choice
        if header is None:
            while lines and lines[-1] == "":
                lines.pop()
            lines += ["", f"[{table}]", f"{key} = {value}", ""]
        else:
            lines.insert(header + 1, f"{key} = {value}")
        added.append(f"{table}.{key}")
    if added:
        new = "\n".join(lines)
        write_if_changed(path, new.encode("utf-8"))
        try:
            load_config(root)
        except Exception:  # a config this edit broke would be worse than none: put it back
            write_if_changed(path, text.encode("utf-8"))
            return []
    return added


def configure_clone(root: Path) -> bool:
    """Set the driver in this clone's git config when ``root`` is in a git work tree; False
    when it is not (or git is missing): then the user runs ``config_commands``."""
    try:
        inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return False
        for key, value in SETTINGS:
            subprocess.run(["git", "-C", str(root), "config", key, value], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True
