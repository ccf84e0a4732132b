"""Reports: ``followups``, ``introductions``, ``reciprocity``, ``groups``, ``pipeline``,
``asks``, ``graph``, the weekly ``report``, and ``watch`` to keep it fresh."""

from __future__ import annotations

import click

from netnotes.cli.app import cli, load
from netnotes.cli.formats import emit, notice_unparsed
from netnotes.cli.options import (as_date, as_today, complete_contact, duration, format_option, quiet_option,
                                  table_format_option, today_option, vault_option, vault_path)
from netnotes.cli.output import echo_messages, echo_written, say, until_interrupted, use_color


@cli.command()
@click.option("--within", default="7d", show_default=True, metavar="DURATION",
              help="Also list contacts due within this long from today (e.g. 7d, 2w, 0d).")
@table_format_option
@today_option
@vault_option
@click.pass_context
def followups(ctx: click.Context, within: str, fmt: str, today) -> None:
    """Whom to follow up with: overdue top tiers first, and who is going cold.

    Due date: the card's `next_followup`, else last touch plus the cadence of its tier (or
    its own `cadence`). Going cold: a top tier far past due (see docs/reports.md). Below the
    table: birthdays and other dates to remember in the coming days.

    \b
    Example:
      netnotes followups --within 2w --today 2026-11-20
    """
    from netnotes.reports.followups import FIELDS, followups as compute
    from netnotes.reports.reminders import reminders
    from netnotes.render.report_views import render_followups, render_reminders

    days = duration(within, "7d, 2w or 1m")
    day = as_today(today)
    session = load(ctx)
    # both reports read light contacts: one read with what either needs serves both
    session.contacts_with(tuple(sorted({*FIELDS, "name", *session.vault.config.reminder_properties})))
    rows, dates = compute(session, day, days), reminders(session, day)
    emit(fmt, lambda: {"followups": [r.to_json() for r in rows], "dates": [d.to_json() for d in dates]},
         lambda: render_followups(rows, day) + ("\n\n" + render_reminders(dates) if dates else ""), session,
         table=lambda data: data["followups"])


@cli.command()
@click.option("--for", "for_name", metavar="NAME", shell_complete=complete_contact,
              help="Only introductions that involve this person.")
@click.option("--made", is_flag=True, help="The introductions you made, newest first, and what came of each.")
@table_format_option
@today_option
@vault_option
@click.pass_context
def introductions(ctx: click.Context, for_name: str | None, made: bool, fmt: str, today) -> None:
    """Whom to introduce to whom: one needs what the other offers.

    Never a person with themselves, a pair already introduced, or someone who opted out;
    best relationships first, each with the reason. With --made: the introductions you
    made (`netnotes intro A B`), newest first, each with its outcome (`intro --outcome`).

    \b
    Examples:
      netnotes introductions --for "Alain Gervais"
      netnotes introductions --made --json
    """
    from netnotes.reports.facts import find_note
    from netnotes.reports.introductions import introductions as compute
    from netnotes.render.report_views import render_introductions

    session = load(ctx)
    if made:
        from netnotes.reports.introductions import introductions_made
        from netnotes.render.loop_views import render_made

        done = introductions_made(session, as_today(today))
        if for_name:
            person = find_note(session, for_name)
            done = [m for m in done if person.rel in (m.a.rel, m.b.rel)]
        emit(fmt, lambda: [m.to_json() for m in done], lambda: render_made(done), session)
        return
    person = find_note(session, for_name) if for_name else None
    rows = compute(session, as_today(today), person)
    emit(fmt, lambda: [r.to_json() for r in rows], lambda: render_introductions(rows), session)


@cli.command()
@table_format_option
@today_option
@vault_option
@click.pass_context
def reciprocity(ctx: click.Context, fmt: str, today) -> None:
    """Referrals and introductions given to and received from each person.

    Those who have helped you more than you have helped them come first.

    \b
    Example:
      netnotes reciprocity --json
    """
    from netnotes.reports.reciprocity import reciprocity as compute
    from netnotes.render.report_views import render_reciprocity

    session = load(ctx)
    rows = compute(session, as_today(today))
    emit(fmt, lambda: [r.to_json() for r in rows], lambda: render_reciprocity(rows), session)


@cli.command()
@table_format_option
@today_option
@vault_option
@click.pass_context
def groups(ctx: click.Context, fmt: str, today) -> None:
    """What each group and event has produced: people met, relationships, referrals, sales.

    \b
    Example:
      netnotes groups
    """
    from netnotes.reports.groups import group_stats
    from netnotes.render.report_views import render_groups

    session = load(ctx)
    rows = group_stats(session, as_today(today))
    emit(fmt, lambda: [r.to_json() for r in rows], lambda: render_groups(rows), session)


@cli.command()
@table_format_option
@today_option
@vault_option
@click.pass_context
def pipeline(ctx: click.Context, fmt: str, today) -> None:
    """Leads, prospects, customers and partners: where each came from, what is stalled.

    \b
    Example:
      netnotes pipeline --today 2026-11-20
    """
    from netnotes.reports.pipeline import pipeline as compute
    from netnotes.render.report_views import render_pipeline

    session = load(ctx)
    rows = compute(session, as_today(today))
    emit(fmt, lambda: [r.to_json() for r in rows], lambda: render_pipeline(rows), session)


@cli.command()
@table_format_option
@today_option
@vault_option
@click.pass_context
def asks(ctx: click.Context, fmt: str, today) -> None:
    """Whom to ask for the people you want to meet.

    For each of your needs (a note with `type: me`, or [me] in the config): the contacts who
    offer it, then those who know one of them through an introduction or a group.

    \b
    Example:
      netnotes asks --today 2026-11-20
    """
    from netnotes.reports.asks import asks as compute
    from netnotes.reports.owner import known_owner
    from netnotes.render.report_views import render_asks

    session = load(ctx)
    me = known_owner(session)
    rows = compute(session, as_today(today), me=me)
    emit(fmt, lambda: [r.to_json() for r in rows], lambda: render_asks(me, rows), session)


@cli.command()
@click.argument("name", required=False, shell_complete=complete_contact)
@click.option("--depth", default=2, show_default=True, help="How many steps out from NAME.")
@format_option("mermaid", "dot", "json", help="Mermaid (renders in Obsidian), DOT (Graphviz) or JSON.")
@click.option("--max-edges", default=60, show_default=True,
              help="Keep at most this many edges, the strongest; the output says how many were cut.")
@today_option
@vault_option
@click.pass_context
def graph(ctx: click.Context, name: str | None, depth: int, fmt: str, max_edges: int, today) -> None:
    """The referral graph: who introduced whom, who referred business, who met where.

    With NAME, the part of it within --depth steps of that person.

    \b
    Examples:
      netnotes graph "Alain Gervais" --depth 1
      netnotes graph --format dot | dot -Tsvg > network.svg
    """
    from netnotes.reports.facts import find_note
    from netnotes.reports.graph import graph_text, referral_graph

    session = load(ctx)
    center = find_note(session, name).rel if name else None
    g = referral_graph(session, as_today(today), center, depth, max_edges)
    click.echo(graph_text(g, fmt), nl=False)
    notice_unparsed(session)


@cli.command()
@click.argument("kind", required=False, default="weekly", type=click.Choice(["weekly"]))
@click.option("--week", metavar="YYYY-Www", help="The ISO week to review (default: the week of --today).")
@format_option("md", "html", "json", help="Markdown page for the vault, a standalone HTML page, or JSON.")
@click.option("--out", metavar="PATH|-",
              help="Where to write (default: the vault's review folder, e.g. Reviews/2026-W47.md); - prints it.")
@click.option("--dry-run", is_flag=True,
              help="Say what would be recorded, written and superseded; write nothing at all.")
@quiet_option
@today_option
@vault_option
@click.pass_context
def report(ctx: click.Context, kind: str, week: str | None, fmt: str, out: str | None, dry_run: bool,
           quiet: bool, today) -> None:
    """Write the weekly review: follow-ups, introductions, help back, groups, pipeline,
    new people, this week's interactions and validation problems.

    The Markdown page goes into the vault (Reviews/2026-W47.md). Running it again keeps
    every line you added, your ticks, and everything under "My notes"; when nothing changed
    the file is not touched. First, each ticked follow-up, ask or introduction of any review
    page is recorded on the cards it names, once ("recorded: ..."); then the open tasks of
    older weeks' pages are marked superseded, [-] (docs/review.md). --format html writes a
    standalone page beside it.

    \b
    Examples:
      netnotes report --today 2026-11-20
      netnotes report --dry-run
      netnotes report --week 2026-W46 --format html
      netnotes report --out - | less
    """
    import datetime as dt
    from pathlib import Path

    from netnotes.cli.output import shown
    from netnotes.reports.weekly import Week, as_of

    session = load(ctx)
    wk, day = as_of(Week.parse(week) if week else None, as_date(today), dt.date.today())
    if out == "-":
        from netnotes.render.publish import weekly_text

        click.echo(weekly_text(session, wk, day, fmt), nl=False)
        return
    from netnotes.edit.review_loop import run_review

    run = run_review(session, wk, day, (fmt,), Path(out) if out else None, dry_run)
    for warning in run.ticks.warnings:
        click.echo(f"warning: {warning}", err=True)
    if quiet and not dry_run:
        return
    for line in run.ticks.recorded:
        click.echo(f"{'would record' if dry_run else 'recorded'}: {line}")
    for done in run.published:
        if dry_run:
            click.echo(f"{'would write' if done.written else 'unchanged'}: {shown(done.path)}")
        else:
            echo_written(done.written, done.path)
    for path, count in run.superseded:
        tasks = f"{count} open task{'s' * (count != 1)}"
        click.echo(f"{'would supersede' if dry_run else 'superseded'}: {tasks} in {shown(path)}")


@cli.command()
@click.option("--report", "reports", multiple=True, type=click.Choice(["weekly"]), default=("weekly",),
              show_default=True, help="The report to keep fresh (repeatable).")
@click.option("--html", is_flag=True, help="Also keep the HTML page of the weekly review fresh.")
@click.option("--poll", is_flag=True, help="Poll for changes (network drives, containers) instead of "
                                           "the system's file events.")
@click.option("--debounce", default=0.25, show_default=True, metavar="SECONDS",
              help="Quiet time after the last change before re-reading the vault.")
@today_option
@vault_option
@click.pass_context
def watch(ctx: click.Context, reports: tuple[str, ...], html: bool, poll: bool, debounce: float, today) -> None:
    """Watch the vault and keep validation and the weekly review fresh as you edit.

    After each burst of edits (in any editor, or in Obsidian) it re-reads what changed,
    prints the problems that appeared or cleared, and re-renders the review, writing it
    only when its bytes change. Ctrl-C stops it.

    \b
    Example:
      netnotes watch --html
    """
    from netnotes.watch.messages import cycle_messages
    from netnotes.watch.watcher import WatchOptions, Watcher

    color = use_color()
    options = WatchOptions(formats=("md", "html") if html else ("md",), poll=poll, debounce=debounce,
                           today=as_date(today))
    watcher = Watcher(vault_path(ctx), options,
                      emit=lambda cycle: echo_messages(cycle_messages(cycle, watcher, color), color))
    watcher.start()
    for notice in watcher.notices:
        say(notice)
    say(f"watching {watcher.root} (Ctrl-C to stop)")
    try:
        until_interrupted()
    finally:
        watcher.stop()
    say("stopped")
