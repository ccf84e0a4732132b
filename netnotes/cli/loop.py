"""The weekly loop's commands: ``event`` (capture everyone met at one occasion) and ``leads``
(who in your network needs what you offer)."""

from __future__ import annotations

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import (DAY, as_date, as_today, complete_contact, complete_group, dry_run_option,
                                  json_option, today_option, vault_option)
from netnotes.cli.output import echo_json, say, show_edits


@cli.command()
@click.argument("title")
@click.argument("people", nargs=-1, required=True, shell_complete=complete_contact)
@click.option("--date", "day", type=DAY, metavar="YYYY-MM-DD", help="The day of the event (default: --today).")
@click.option("--group", shell_complete=complete_group, help="The group that held it (a group note's name; linked).")
@dry_run_option
@today_option
@vault_option
@click.pass_context
def event(ctx: click.Context, title: str, people: tuple[str, ...], day, group: str | None, dry_run: bool,
          today) -> None:
    """Capture an event: its note, and a card for each person met there, in one change.

    The note `DATE TITLE.md` goes in the first events folder, listing PEOPLE; each person
    gets a new card, or their existing card (found as `show` finds a name), with met,
    met_at and a first follow-up ([followups] after_event days later, default 2). If any
    write fails, or you press Ctrl-C, every file already written is put back.

    \b
    Example:
      netnotes event "Chamber mixer" --date 2026-12-03 --group "Ottawa Chamber of Commerce" "Ann Lee" "Kevin O'Brien"
    """
    from netnotes.edit.events import capture_event

    session = load(ctx)
    done = capture_event(session, title, as_date(day) or as_today(today), people, group, dry_run)
    show_edits(list(done.results), dry_run)
    for warning in done.warnings:
        say(warning)


@cli.command()
@json_option
@today_option
@vault_option
@click.pass_context
def leads(ctx: click.Context, as_json: bool, today) -> None:
    """Who in your network needs what you offer: your leads, best relationships first.

    Your offers are those of your note with `type: me` (or the config's [me]); a contact
    is a lead when one of their needs is one of your offers (as introductions match terms).
    Opted-out contacts and your customers are left out.

    \b
    Example:
      netnotes leads --today 2026-11-20
    """
    from netnotes.reports.leads import leads as compute
    from netnotes.reports.owner import known_owner
    from netnotes.render.loop_views import render_leads

    session = load(ctx)
    rows = compute(session, as_today(today), me=known_owner(session))
    if as_json:
        echo_json([r.to_json() for r in rows])
    else:
        click.echo(render_leads(rows))
