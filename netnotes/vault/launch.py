"""Handing a card to another program: the user's editor, or the platform's URI opener.

The editor command is split as a shell would split it (``code --wait``, ``"/opt/My Editor/ed"``)
and the path is passed as one more argument, never through a shell, so no file name can be
misread as a command. Every failure is a NetnotesError that says what to set or install.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from netnotes.base.errors import NetnotesError

SET_EDITOR = "set $VISUAL or $EDITOR (e.g. `export EDITOR=nano`), or `editor` in [open] of .netnotes/config.toml"


def editor_argv(command: str, origin: str, path: Path) -> list[str]:
    """The editor's argv for ``path``; ``origin`` says where ``command`` was set ("$EDITOR")."""
    if not command.strip():
        raise NetnotesError("no editor is set", SET_EDITOR + "; or use --print to get the path")
    try:
        words = shlex.split(command)
    except ValueError as e:
        raise NetnotesError(f"the editor command in {origin} cannot be read ({e}): {command}",
                            "fix its quotes: it is split as a shell splits words") from None
    return [*words, str(path)]


def run_editor(argv: list[str], origin: str) -> None:
    """Run the editor and wait until the user quits it."""
    try:
        status = subprocess.run(argv).returncode
    except FileNotFoundError:
        raise NetnotesError(f"cannot run the editor `{argv[0]}` (from {origin}): no such program", SET_EDITOR) from None
    except OSError as e:
        raise NetnotesError(f"cannot run the editor `{argv[0]}` (from {origin}): {e.strerror}", SET_EDITOR) from None
    if status != 0:
        raise NetnotesError(f"the editor `{argv[0]}` exited with status {status}",
                            "the card is as the editor left it; `netnotes validate` checks it")


def open_uri(uri: str) -> None:
    """Open ``uri`` with the platform's opener (``open`` on macOS, ``xdg-open`` elsewhere)."""
    if sys.platform == "win32":
        try:
            os.startfile(uri)  # type: ignore[attr-defined]
        except OSError as e:
            raise NetnotesError(f"cannot open {uri}: {e.strerror}", "is Obsidian installed?") from None
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    program = shutil.which(opener)
    if program is None:
        raise NetnotesError(f"cannot open {uri}: `{opener}` is not installed",
                            "install it (xdg-utils), or use --print and open the URI yourself")
    try:
        status = subprocess.run([program, uri]).returncode
    except OSError as e:
        raise NetnotesError(f"cannot run `{opener}`: {e.strerror}", "use --print and open the URI yourself") from None
    if status != 0:
        raise NetnotesError(f"`{opener}` could not open {uri} (exit status {status})",
                            "is Obsidian installed and registered for obsidian:// links?")

