"""The ``netnotes`` group: the boundary that turns failures into messages and exit codes, the
session every command loads, and ``main``. The commands live in the modules beside this one,
one per section of docs/cli.md.
"""

from __future__ import annotations

import os
import sys

import click

from netnotes import __version__
from netnotes.base.errors import NetnotesError
from netnotes.cli.options import open_vault, vault_option
from netnotes.cli.output import progress_bar, set_up_terminal, use_color

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class NetnotesGroup(click.Group):
    """Turns NetnotesError into a message and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return self._invoke(ctx)
        finally:
            history = sys.modules.get("netnotes.vault.history")  # loaded only by commands that write
            for notice in history.NOTICES if history else []:
                click.echo(notice, err=True)
            if history:
                history.NOTICES.clear()

    def _invoke(self, ctx: click.Context):
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
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as e:  # a bug: one line for the user, the traceback in a file
            if os.environ.get("NETNOTES_DEBUG"):
                raise
            ctx.exit(_report_crash(e))


def _report_crash(e: Exception) -> int:
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="netnotes-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:
        f.write(f"netnotes {__version__}, python {sys.version}\n{' '.join(sys.argv)}\n\n")
        traceback.print_exception(e, file=f)
    click.echo(f"error: netnotes hit an internal error ({type(e).__name__}: {e}); nothing was half-written.\n"
               f"  details: {path} (please report it; NETNOTES_DEBUG=1 shows the traceback)", err=True)
    return 70


def _report_error(e: NetnotesError) -> None:
    from netnotes.base.errors import ConfigError

    color = use_color(err=True)
    click.echo(click.style("error: ", fg="red", bold=True) + e.message if color else f"error: {e.message}",
               err=True, color=color)
    if isinstance(e, ConfigError) and e.diagnostics:
        from netnotes.base.diagnostics import format_text

        for d in e.diagnostics:
            click.echo(format_text(d, color), err=True, color=color)
    if e.hint:
        click.echo(f"  hint: {e.hint}", err=True)


@click.group(cls=NetnotesGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="netnotes")
@vault_option
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour: on a terminal unless NO_COLOR is set (auto), always, or never.")
@click.option("--no-pager", is_flag=True,
              help="Print long output straight to the terminal (by default it goes to $PAGER, else less -FRX).")
@click.pass_context
def cli(ctx: click.Context, color: str, no_pager: bool) -> None:
    """A plain-text personal CRM: contacts are Markdown cards in your notes folder.

    \b
    Start with:
      netnotes init                 make this folder a vault
      netnotes validate             check every card, with file:line:col
      netnotes list                 everyone, with company, tier and last touch
    """
    # File names need not be UTF-8: text output prints their bytes as they are, as `ls` does;
    # JSON and CSV escape them (``base.text.utf8_safe``), so they are always valid UTF-8.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="surrogateescape")
            except (ValueError, OSError):
                pass
    set_up_terminal(ctx, color, pager=not no_pager)


def load(ctx: click.Context, with_body: bool = False, rebuild: bool = False):
    """Open the vault and sync its index (a progress bar on a terminal when it takes a while);
    the index is closed when the command ends."""
    from netnotes.index.session import load_session

    vault = open_vault(ctx)
    with progress_bar("indexing") as progress:
        session = load_session(vault, with_body=with_body, rebuild=rebuild, progress=progress)
    for notice in session.sync.notices if session.sync else []:
        click.echo(notice, err=True)
    denied = sorted(set(session.sync.unreadable)) if session.sync else []
    if denied:
        more = f" and {len(denied) - 1} more" if len(denied) > 1 else ""
        click.echo(f"notice: {denied[0]}{more} cannot be read (permission denied); run `netnotes validate`",
                   err=True)
    if session.index is not None:
        ctx.call_on_close(session.index.close)
    return session


def main() -> None:
    import gc

    # A command builds many small objects it keeps to the end (rows, records): the default
    # thresholds run full collections over them again and again (a third of `introductions`
    # at 10k). Collections still run, rarely, so that `watch` never grows without bound.
    gc.set_threshold(50_000, 50, 100)
    cli(prog_name="netnotes")
