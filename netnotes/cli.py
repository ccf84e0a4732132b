"""The ``netnotes`` command: a thin shell over the library.

Each command parses its options, calls one function and prints what it returns. Heavy
modules are imported inside the commands so that ``netnotes --help`` stays instant.
"""

from __future__ import annotations

import os
import sys

import click

from netnotes import __version__
from netnotes.errors import NetnotesError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def use_color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


class NetnotesGroup(click.Group):
    """Turns NetnotesError into a message and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NetnotesError as e:
            _report_error(e)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


def _report_error(e: NetnotesError) -> None:
    from netnotes.errors import ConfigError

    color = "NO_COLOR" not in os.environ and sys.stderr.isatty()
    click.echo(click.style("error: ", fg="red", bold=True) + e.message if color else f"error: {e.message}",
               err=True, color=color)
    if isinstance(e, ConfigError) and e.diagnostics:
        from netnotes.diagnostics import format_text

        for d in e.diagnostics:
            click.echo(format_text(d, color), err=True, color=color)
    if e.hint:
        click.echo(f"  hint: {e.hint}", err=True)


def _vault_option(f):
    """``--vault`` on every command too, so it may come before or after the command name."""

    def store(ctx: click.Context, _param, value):
        if value is not None:
            ctx.find_root().meta["netnotes.vault"] = value
        return value

    return click.option("--vault", metavar="PATH", expose_value=False, callback=store, is_eager=True,
                        help="The vault folder (default: $NETNOTES_VAULT, else the nearest folder up "
                             "holding .netnotes/ or .obsidian/).")(f)


def open_vault(ctx: click.Context, path: str | None = None):
    from netnotes.context import open_vault as _open

    return _open(path or ctx.find_root().meta.get("netnotes.vault"))


@click.group(cls=NetnotesGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="netnotes")
@_vault_option
def cli() -> None:
    """A plain-text personal CRM: contacts are Markdown cards in your notes folder.

    \b
    Start with:
      netnotes init                 make this folder a vault
      netnotes validate             check every card, with file:line:col
      netnotes list                 everyone, with company, tier and last touch
    """


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
    from pathlib import Path

    from netnotes.initvault import init_vault

    root = Path(path or ".").resolve()
    for action in init_vault(root):
        click.echo(f"{action.what:8} {action.path}")
    click.echo(f"vault ready: {root}")


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Report unknown properties, and treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable lines, or a JSON list for scripts.")
@_vault_option
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
    from netnotes.diagnostics import Severity, applicable, format_json, format_text, summary
    from netnotes.session import load_session, with_excerpts

    session = load_session(open_vault(ctx, path))
    diags = with_excerpts(applicable(session.diagnostics, strict), session.vault.root)
    if fmt == "json":
        click.echo(format_json(diags))
    else:
        color = use_color()
        for d in diags:
            click.echo(format_text(d, color), color=color)
        click.echo(summary(diags, len(session.notes)), err=bool(diags))
    ctx.exit(1 if any(d.severity is Severity.ERROR for d in diags) else 0)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (keys in docs/cli.md).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Compute as of this day (YYYY-MM-DD).")
@_vault_option
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool, today) -> None:
    """List every contact with company, tier and last touch.

    \b
    Example:
      netnotes list --json
    """
    from netnotes.listing import contact_rows, render_rows
    from netnotes.session import load_session

    session = load_session(open_vault(ctx))
    rows = contact_rows(session, today.date() if today else None)
    if as_json:
        import json

        click.echo(json.dumps([r.to_json() for r in rows], indent=2, ensure_ascii=False))
    else:
        click.echo(render_rows(rows))


def main() -> None:
    cli(prog_name="netnotes")
