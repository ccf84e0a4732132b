"""Who runs netnotes, in a vault a team shares through git (docs/team.md).

With ``[reviews] per_person = true`` each person's review pages are written, read for ticks
and superseded in a folder of their own (``Reviews/Ann Lee/2026-W48.md``), so two people's
reviews never conflict. The config is shared by the team, so the person is not in it: it is
``$NETNOTES_USER``, else the clone's ``git config user.name``.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.base.text import one_line

_UNSAFE = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]+')
# names Windows keeps for devices: a folder so named cannot be checked out there
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])$")


@functools.lru_cache(maxsize=8)
def _git_name(root: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", root, "config", "user.name"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def person(root: Path) -> str:
    """The person's name: ``$NETNOTES_USER``, else git's ``user.name`` here; "" when neither."""
    return os.environ.get("NETNOTES_USER", "").strip() or _git_name(str(root))


def folder_name(name: str) -> str:
    """``name`` as a folder Obsidian and every file system accept (and links can name)."""
    folder = " ".join(_UNSAFE.sub(" ", name).split()).strip(" .") or "me"
    return f"{folder} (person)" if _RESERVED.match(folder) else folder


def signed(entry: str, root: Path, sign: bool) -> str:
    """``entry`` as netnotes writes it in the log: with `` [by:: NAME]`` when ``sign``
    (``[team] sign_entries``), so a team can tell whose touch it was."""
    if not sign:
        return entry
    name = one_line(person(root).replace("[", " ").replace("]", " "))
    if not name:
        raise NetnotesError("[team] sign_entries is on, but netnotes does not know who you are",
                            "set NETNOTES_USER=\"Your Name\", or git config user.name \"Your Name\" in this clone")
    # after the colon, so the signature is in the entry's text, never in its kind and links
    return f"{entry}{'' if ':' in entry else ':'} [by:: {name}]"


def review_folder(root: Path, reviews_folder: str, per_person: bool) -> str:
    """The folder of this person's review pages, relative to the vault."""
    if not per_person:
        return reviews_folder
    name = person(root)
    if not name:
        raise NetnotesError("[reviews] per_person is on, but netnotes does not know who you are",
                            "set NETNOTES_USER=\"Your Name\", or git config user.name \"Your Name\" in this clone")
    return f"{reviews_folder.rstrip('/')}/{folder_name(name)}"
