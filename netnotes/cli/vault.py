"""The vault itself: ``init``, ``validate``, ``index``, ``undo``."""

from __future__ import annotations

from pathlib import Path

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import json_option, open_vault, quiet_option, set_vault, vault_option
from netnotes.cli.output import use_color


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--git", "with_git", is_flag=True,
              help="Also set up the merge driver for a vault shared through git (docs/team.md).")
@vault_option
@click.pass_context
def init(ctx: click.Context, path: str | None, with_git: bool) -> None:
    """Make a folder (default: the current one) a netnotes vault.

    Reads the notes first and shows which look like people and meetings; writes
    .netnotes/config.toml (every option, commented, plus the settings that fit those notes) and
    .netnotes/.gitignore, and in an Obsidian vault adds netnotes' property types to
    .obsidian/types.json. Nothing else is touched; running it again changes nothing.

    --git sets up a vault a team shares through git: `*.md merge=netnotes` in .gitattributes,
    per-person reviews and signed entries in the config (unless it sets them), the merge
    driver in this clone's git config, and the command every other clone runs once.

    \b
    Example:
      netnotes init ~/Notes
      netnotes init --git
    """
    from netnotes.vault.init import init_vault

    from netnotes.cli.options import vault_path

    root = Path(path or vault_path(ctx) or ".").resolve()
    proposal = None
    if root.is_dir() and not (root / ".netnotes" / "config.toml").exists():
        from netnotes.notes.survey import propose

        proposal = propose(root)
        for line in proposal.findings if proposal.worth_showing else ():
            click.echo(f"{'found':8} {line}")
        for line in proposal.settings:
            click.echo(f"{'propose':8} {line}")
    for action in init_vault(root, proposal.text if proposal else None):
        click.echo(f"{action.what:8} {action.path}")
    if with_git:
        from netnotes.vault.gitsetup import config_commands, configure_clone, write_attributes

        click.echo(f"{write_attributes(root):8} .gitattributes")
        from netnotes.vault.gitsetup import write_team_settings

        for setting in write_team_settings(root):
            click.echo(f"{'set':8} {setting} = true in .netnotes/config.toml")
        if configure_clone(root):
            click.echo("set      the merge driver in this clone's git config")
            click.echo("every other clone of the vault runs this once:")
        else:
            click.echo("not a git clone yet; in each clone of the vault, run once:")
        for command in config_commands():
            click.echo(f"  {command}")
    click.echo(f"vault ready: {root}")


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Report unknown properties, and treat warnings as errors.")
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing: only the exit status says (for hooks).")
@vault_option
@click.pass_context
def validate(ctx: click.Context, path: str | None, strict: bool, fmt: str, quiet: bool) -> None:
    """Check every note of the vault (default: the current one) and report each problem.

    Problems are printed as `path:line:col: severity[code] message` with the offending line.
    Exit status: 0 when there is no error (warnings allowed), 1 when there is one, 2 when
    the vault or its config cannot be read. See docs/validation.md for every rule.

    \b
    Example:
      netnotes validate ~/Notes --strict
    """
    from netnotes.base.diagnostics import Severity, applicable, format_json, format_text, summary
    from netnotes.index.session import with_excerpts

    if path:
        set_vault(ctx, path)
    session = load(ctx)
    diags = with_excerpts(applicable(session.diagnostics, strict), session.vault.root)
    if quiet:
        pass
    elif fmt == "json":
        from netnotes.base.text import utf8_safe

        click.echo(utf8_safe(format_json(diags)))
    else:
        color = use_color()
        for d in diags:
            click.echo(format_text(d, color), color=color)
        click.echo(summary(diags, session.count()), err=bool(diags))
    ctx.exit(1 if any(d.severity is Severity.ERROR for d in diags) else 0)


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Throw the cache away and index every note again.")
@json_option
@quiet_option
@vault_option
@click.pass_context
def index_cmd(ctx: click.Context, rebuild: bool, fmt: str, quiet: bool) -> None:
    """Bring the index (.netnotes/cache/index.sqlite) up to date with the notes.

    Only files whose size, times or inode changed are read, and only those whose content
    changed are parsed again. Every other command does this first, so you rarely need it.

    \b
    Example:
      netnotes index --rebuild
    """
    session = load(ctx, rebuild=rebuild)
    sync = session.sync
    if fmt == "json":
        from netnotes.cli.output import echo_json
        from netnotes.index.unparsed import unparsed

        echo_json({"notes": sync.total, "added": sync.added, "modified": sync.modified, "removed": sync.removed,
                   "unchanged": sync.unchanged + sync.touched, "rebuilt": sync.rebuilt or rebuild,
                   "unparsed": unparsed(session.index.conn)[0] if session.index else 0,
                   "changed": sorted(sync.changed), "gone": sorted(sync.gone)})
    elif not quiet:
        click.echo(sync.describe() + (" (rebuilt)" if sync.rebuilt or rebuild else ""))
        from netnotes.cli.formats import notice_unparsed

        notice_unparsed(session)


@cli.command()
@click.argument("change", required=False)
@click.option("--list", "listing", is_flag=True, help="List the changes that can be undone, newest first.")
@json_option
@quiet_option
@vault_option
@click.pass_context
def undo(ctx: click.Context, change: str | None, listing: bool, fmt: str, quiet: bool) -> None:
    """Put back the cards as they were before netnotes' last change (or CHANGE, from --list).

    Every card netnotes edits or creates (log, done, followup, intro, add, import, merge, edit)
    has its previous bytes kept under .netnotes/undo/ for 30 days. Undo refuses, writing
    nothing, if a card changed since netnotes wrote it. A command that failed, was interrupted
    or was killed is rolled back by itself, before the next write; a one-card command killed
    after its card was written whole keeps it (and undo can take it back).

    \b
    Examples:
      netnotes undo --list
      netnotes undo
    """
    from netnotes.vault.history import changes, undo as undo_change

    vault = open_vault(ctx)
    if listing:
        rows = [c for c in changes(vault.root) if c.state != "lone"]
        if fmt == "json":
            from netnotes.cli.output import echo_json

            echo_json([{"id": c.id, "command": c.command, "started": c.started, "state": c.state,
                        "files": [f.rel for f in c.files]} for c in rows])
            return
        for c in rows:
            files = ", ".join(f.rel for f in c.files)
            click.echo(f"{c.id}  {c.started}  {c.state:11}  {c.command}: {files}")
        if not rows:
            click.echo("no changes kept")
        return
    done, files = undo_change(vault.root, change)
    if fmt == "json":
        from netnotes.cli.output import echo_json

        echo_json({"id": done.id, "command": done.command, "started": done.started, "restored": list(files)})
        return
    if quiet:
        return
    for rel in files:
        click.echo(f"restored: {rel}")
    click.echo(f"undid `{done.command}` ({done.started})")
