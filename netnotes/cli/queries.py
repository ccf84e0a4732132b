"""Looking people up: ``list``, ``show``, ``who``, ``search``."""

from __future__ import annotations

import click

from netnotes.cli.app import cli, load
from netnotes.cli.formats import emit, notice_unparsed
from netnotes.cli.options import (LazyChoice, as_date, as_today, complete_contact, complete_group, complete_tag,
                                  complete_tier, day_option, json_option, table_format_option, today_option,
                                  vault_option)
from netnotes.cli.output import echo_json


def _stages() -> tuple[str, ...]:
    """What ``list --stage`` takes: the stages a card's ``stage`` may hold (their one home,
    the card's fields, which validation checks against), read when a command runs."""
    from netnotes.notes.fields import STAGES

    return STAGES


def _pipelines() -> tuple[str, ...]:
    """What ``list --pipeline`` takes: the values of a card's ``pipeline``, from the same home."""
    from netnotes.notes.fields import PIPELINES

    return PIPELINES


@cli.command("list")
@click.option("--tag", "tags", multiple=True, shell_complete=complete_tag, help="Only contacts with this tag (repeatable).")
@click.option("--tier", "tiers", multiple=True, shell_complete=complete_tier, help="Only this tier (repeatable).")
@click.option("--group", "groups", multiple=True, shell_complete=complete_group, help="Only members of this group or event's group.")
@click.option("--stage", "stages", multiple=True, type=LazyChoice(_stages),
              help="Only this relationship stage (repeatable).")
@click.option("--pipeline", "pipelines", multiple=True, type=LazyChoice(_pipelines),
              help="Only this pipeline stage (repeatable; `none` includes cards without one).")
@day_option("--met-before", help="Only contacts whose `met` date is before this day (any DATE: 2026-01-01, 6m ago).")
@day_option("--met-after", help="Only contacts whose `met` date is after this day (any DATE: 2026-01-01, 3m ago).")
@click.option("--overdue", is_flag=True, help="Only contacts whose follow-up is past due.")
@click.option("--by", "by", metavar="NAME", help="Only contacts with a log entry signed by NAME ([by:: NAME], docs/team.md).")
@table_format_option
@today_option
@vault_option
@click.pass_context
def list_cmd(ctx: click.Context, tags, tiers, groups, stages, pipelines, met_before, met_after, overdue,
             by: str | None, fmt: str, today) -> None:
    """List contacts with company, tier, last touch and follow-up.

    \b
    Examples:
      netnotes list --tier A --overdue
      netnotes list --group "BNI Capital Referrals" --json
      netnotes list --met-after "3 months ago" --format csv > recent.csv
    """
    from netnotes.reports.facts import Filters, list_contacts
    from netnotes.render.views import render_list

    day = as_today(today)
    filters = Filters(tuple(tags), tuple(tiers), tuple(groups), tuple(stages), tuple(pipelines),
                      as_date(met_before), as_date(met_after), overdue, by)
    session = load(ctx)
    rows = list_contacts(session, filters, day)
    emit(fmt, lambda: [r.to_json(day) for r in rows], lambda: render_list(rows, day), session)
    if not rows and session.count("contact") == 0:  # say why, on stderr: stdout stays the data
        from netnotes.notes.note import no_contacts_hint

        click.echo(no_contacts_hint(session.vault.config, session.count()), err=True)


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@click.option("--graph", "with_graph", is_flag=True,
              help="Also print their neighbourhood in the referral graph, as a Mermaid block.")
@click.option("--by", "by", metavar="NAME",
              help="Only the log entries signed by NAME ([by:: NAME], docs/team.md).")
@json_option
@today_option
@vault_option
@click.pass_context
def show(ctx: click.Context, name: str, with_graph: bool, by: str | None, fmt: str, today) -> None:
    """Show one contact's whole card with what netnotes computes about them.

    Every property in the card's order, the card's own notes, then the last touch and where
    it came from, next follow-up, groups and events, who introduced them and whom they
    introduced, and the log, newest first. NAME matches the file name,
    `name` or an alias, in any case.

    \b
    Example:
      netnotes show "alain gervais"
    """
    from netnotes.reports.facts import Facts, find_note
    from netnotes.render.views import render_show

    day = as_today(today)
    session = load(ctx, with_body=True)  # one card's notes are shown: its body is read with it
    note = find_note(session, name)
    facts = Facts(session.around(note), day).of(note)
    if by:
        import dataclasses

        from netnotes.index.authors import same_person

        facts = dataclasses.replace(facts, log=tuple(e for e in facts.log if e.by and same_person(e.by, by)))
    if fmt == "json":
        echo_json(facts.to_json(day))
    else:
        click.echo(render_show(facts, day))
    notice_unparsed(session)
    if with_graph:
        from netnotes.reports.graph import referral_graph
        from netnotes.render.views import render_neighbourhood

        click.echo(render_neighbourhood(referral_graph(session, day, note.rel, depth=1, max_edges=40)))


@cli.command()
@click.argument("term")
@table_format_option
@today_option
@vault_option
@click.pass_context
def who(ctx: click.Context, term: str, fmt: str, today) -> None:
    """Who offers TERM? Best relationships first.

    Matches ignore case, plurals and hyphens, and use the config's [synonyms]; a term
    inside a longer offer ("tax" in "small-business tax") matches after exact ones.

    \b
    Example:
      netnotes who bookkeeping
    """
    from netnotes.reports.facts import who as who_query
    from netnotes.render.views import render_who

    day = as_today(today)
    session = load(ctx)
    rows = who_query(session, term, day)
    emit(fmt, lambda: [r.to_json(day) for r in rows], lambda: render_who(term, rows), session)


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="At most this many notes.")
@click.option("--all", "include_generated", is_flag=True,
              help="Also search the pages netnotes generated (weekly review pages).")
@table_format_option
@vault_option
@click.pass_context
def search(ctx: click.Context, text: tuple[str, ...], limit: int, include_generated: bool, fmt: str) -> None:
    """Full-text search of names, aliases, titles, company, role, email, phone, offers,
    needs, tags and note bodies: name and alias hits first, each with the field it is in.

    Words must all appear (in any order); the last one also matches as a prefix.
    Generated review pages are left out unless --all.

    \b
    Example:
      netnotes search web designer
      netnotes search "Yusuf Auto"
    """
    from netnotes.cli.output import use_color
    from netnotes.reports.facts import search as search_query
    from netnotes.render.views import render_search

    session = load(ctx, with_body=False)
    hits = search_query(session, " ".join(text), limit, include_generated)
    emit(fmt, lambda: [h.to_json() for h in hits], lambda: render_search(hits, use_color()), session)
