"""``serve``: the live local dashboard (netnotes.serve), bound to 127.0.0.1."""

from __future__ import annotations

import click

from netnotes.cli.app import cli
from netnotes.cli.options import as_date, open_vault, today_option, vault_option


@cli.command()
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="The port on 127.0.0.1 to listen on; 0 picks a free one.")
@click.option("--open", "open_browser", is_flag=True, help="Open the dashboard in the web browser.")
@today_option
@vault_option
@click.pass_context
def serve(ctx: click.Context, port: int, open_browser: bool, today) -> None:
    """A live dashboard of the vault in your browser, on this machine only.

    The weekly review of any week, each contact's page, follow-ups, introductions, groups,
    pipeline and search; an edit saved in any editor shows in the open page within a second.
    Buttons mark a follow-up done, log a touch, snooze, record an introduction and its
    outcome, through the same edits as `done`, `log`, `followup` and `intro` (undoable).
    It listens on 127.0.0.1 only and asks for the token in the address it prints
    (docs/serve.md). Ctrl-C stops it.

    \b
    Example:
      netnotes serve --open
    """
    from netnotes.serve.server import serve as run

    vault = open_vault(ctx)

    def ready(started) -> None:
        click.echo(f"Serving {started.root} at {started.url} (Ctrl-C to stop)")

    run(vault.root, port, as_date(today), ready, open_browser=open_browser)
