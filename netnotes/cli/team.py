"""A vault shared through git: ``merge-file``, the merge driver for cards (docs/team.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from netnotes.cli.app import cli


@cli.command("merge-file")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.option("--marker-size", type=click.IntRange(1, 100), default=7, show_default=True,
              help="Length of conflict markers (git passes %L).")
@click.option("--path", "shown", metavar="PATH", help="The file's path in the vault, for messages (git passes %P).")
def merge_file(base: str, ours: str, theirs: str, marker_size: int, shown: str | None) -> None:
    """Merge three versions of a card into OURS: git's merge driver for a shared vault.

    Front matter merges key by key (lists as sets), the Log as a union of entries in the
    card's date order, the free notes by git's line merge. Exit status 0 when clean, 1 when a
    person must decide (the markers are only around what conflicts). Set it up with
    `netnotes init --git` (docs/team.md).

    \b
    Example (what git runs, once set up):
      netnotes merge-file .merge_file_base .merge_file_ours .merge_file_theirs --marker-size 7 --path "People/Ann Lee.md"
    """
    from netnotes.edit.cardmerge import merge_card

    name = shown or ours
    try:
        texts = [Path(p).read_bytes().decode("utf-8") for p in (base, ours, theirs)]
    except UnicodeDecodeError:
        sys.exit(_plain_git(base, ours, theirs, marker_size, name, "it is not UTF-8 text"))
    except OSError as e:
        from netnotes.base.errors import NetnotesError

        raise NetnotesError(f"cannot read {e.filename}: {e.strerror}; nothing was merged",
                            "git runs it with the three versions as files (docs/team.md)") from None
    try:
        merged = merge_card(*texts, heading=_log_heading(), marker_size=marker_size)
    except Exception as e:  # never worse than plain git: its line merge, markers and all
        sys.exit(_plain_git(base, ours, theirs, marker_size, name, f"netnotes could not merge it ({e})"))
    _replace(Path(ours), merged.text.encode("utf-8"))
    for conflict in merged.conflicts:
        click.echo(f"netnotes merge-file: {name}: {conflict}", err=True)
    sys.exit(0 if merged.clean else 1)


def _log_heading() -> str:
    """The vault's log heading: git runs the driver at the top of the work tree."""
    try:
        from netnotes.vault.handle import open_vault

        return open_vault(None).config.log_heading
    except Exception:  # no vault here, or a broken config: the default
        return "Log"


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.netnotes-tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _plain_git(base: str, ours: str, theirs: str, marker_size: int, name: str, why: str) -> int:
    click.echo(f"netnotes merge-file: {name}: {why}; merged by git's line merge", err=True)
    proc = subprocess.run(["git", "merge-file", f"--marker-size={marker_size}", "-L", "ours", "-L", "base",
                           "-L", "theirs", ours, base, theirs])
    return 0 if proc.returncode == 0 else 1
