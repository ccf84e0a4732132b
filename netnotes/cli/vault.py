"""The vault itself: ``init``, ``validate``, ``index``."""

from __future__ import annotations

from pathlib import Path

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import set_vault, vault_option
from netnotes.cli.output import use_color


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
def init(path: str | None) -> None:
    """Make a folder (default: the current one) a netnotes vault.

    Writes .netnotes/config.toml (every option, commented) and .netnotes/.gitignore, and in an
    Obsidian vault adds netnotes' property types to .obsidian/types.json. Nothing else is
    touched; running it again changes nothing.

    \b
    Example:
      netnotes init ~/Notes
    """
    from netnotes.vault.init import init_vault

    root = Path(path or ".").resolve()
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
