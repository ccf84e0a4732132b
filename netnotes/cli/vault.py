"""The vault itself: ``init``, ``validate``, ``index``, ``undo``."""

from __future__ import annotations

from pathlib import Path

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import open_vault, set_vault, vault_option
from netnotes.cli.output import use_color


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@vault_option
@click.pass_context
def init(ctx: click.Context, path: str | None) -> None:
    """Make a folder (default: the current one) a netnotes vault.

    Writes .netnotes/config.toml (every option, commented) and .netnotes/.gitignore, and in an
    Obsidian vault adds netnotes' property types to .obsidian/types.json. Nothing else is
    touched; running it again changes nothing.

    \b
    Example:
      netnotes init ~/Notes
    """
    from netnotes.vault.init import init_vault

    from netnotes.cli.options import vault_path

    root = Path(path or vault_path(ctx) or ".").resolve()
    for action in init_vault(root):
        click.echo(f"{action.what:8} {action.path}")
    click.echo(f"vault ready: {root}")


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Report unknown properties, and treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable lines, or a JSON list for scripts.")
@vault_option
@click.pass_context
def validate(ctx: click.Context, path: str | None, strict: bool, fmt: str) -> None:
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
    if fmt == "json":
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
@vault_option
@click.pass_context
def index_cmd(ctx: click.Context, rebuild: bool) -> None:
    """Bring the index (.netnotes/cache/index.sqlite) up to date with the notes.

    Only files whose size, times or inode changed are read, and only those whose content
    changed are parsed again. Every other command does this first, so you rarely need it.

    \b
    Example:
      netnotes index --rebuild
    """
    session = load(ctx, rebuild=rebuild)
    click.echo(session.sync.describe() + (" (rebuilt)" if session.sync.rebuilt or rebuild else ""))


@cli.command()
@click.argument("change", required=False)
@click.option("--list", "listing", is_flag=True, help="List the changes that can be undone, newest first.")
@click.option("--json", "as_json", is_flag=True, help="With --list: as JSON.")
@vault_option
@click.pass_context
def undo(ctx: click.Context, change: str | None, listing: bool, as_json: bool) -> None:
    """Put back the cards as they were before netnotes' last change (or CHANGE, from --list).

    Every card netnotes edits or creates (log, done, followup, intro, add, import, merge, edit)
    has its previous bytes kept under .netnotes/undo/ for 30 days. Undo refuses, writing
    nothing, if a card changed since netnotes wrote it. A command that failed, was interrupted
    or was killed is rolled back by itself, before the next write.

    \b
    Examples:
      netnotes undo --list
      netnotes undo
    """
    from netnotes.vault.history import changes, undo as undo_change

    vault = open_vault(ctx)
    if listing:
        rows = [c for c in changes(vault.root) if c.state != "lone"]
        if as_json:
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
    for rel in files:
        click.echo(f"restored: {rel}")
    click.echo(f"undid `{done.command}` ({done.started})")
