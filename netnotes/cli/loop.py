"""The weekly loop's commands: ``event`` (capture everyone met at one occasion) and ``leads``
(who in your network needs what you offer)."""

from __future__ import annotations

import click

from netnotes.cli.app import cli, load
from netnotes.cli.formats import emit, met_at_event, show_written
from netnotes.cli.options import (CARD_TEXT, as_date, as_today, complete_contact, complete_group, day_option,
                                  dry_run_option, json_option, quiet_option, table_format_option, today_option,
                                  vault_option)
from netnotes.cli.output import say


@cli.command()
@click.argument("title", type=CARD_TEXT)
@click.argument("people", type=CARD_TEXT, nargs=-1, required=True, shell_complete=complete_contact)
@day_option("--date", "day", help="The day of the event (default: --today; any DATE, e.g. yesterday).")
@click.option("--group", type=CARD_TEXT, shell_complete=complete_group, help="The group that held it (a group note's name; linked).")
@dry_run_option
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def event(ctx: click.Context, title: str, people: tuple[str, ...], day, group: str | None, dry_run: bool,
          fmt: str, quiet: bool, today) -> None:
    """Capture an event: its note, and a card for each person met there, in one change.

    The note `DATE TITLE.md` goes in the first events folder, listing PEOPLE; each person
    gets a new card, or their existing card (found as `show` finds a name), with met,
    met_at and a first follow-up ([followups] after_event days later, default 2). It prints
    what it set on each card. If any write fails, or you press Ctrl-C, every file already
    written is put back.

    \b
    Example:
      netnotes event "Chamber mixer" --date 2026-12-03 --group "Ottawa Chamber of Commerce" "Ann Lee" "Kevin O'Brien"
    """
    from netnotes.edit.events import capture_event

    session = load(ctx)
    when = as_date(day) or as_today(today)
    done = capture_event(session, title, when, people, group, dry_run)
    note = done.results[0]  # the event note's line says created/updated; each person's what was set
    show_written(done.results, dry_run, fmt, quiet,
                 values={"title": title, "date": when.isoformat(), "group": group, "people": list(people)},
                 says=lambda r: None if r is note else met_at_event(r, session.vault))
    for warning in done.warnings:
        if not (quiet and warning.startswith("note:")):  # --quiet keeps the warnings only
            say(warning)


@cli.command()
@table_format_option
@today_option
@vault_option
@click.pass_context
def leads(ctx: click.Context, fmt: str, today) -> None:
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
    emit(fmt, lambda: [r.to_json() for r in rows], lambda: render_leads(rows), session)
