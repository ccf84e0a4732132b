"""Looking people up: ``list``, ``show``, ``who``, ``search``."""

from __future__ import annotations

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import (DAY, as_date, as_today, complete_contact, complete_group, complete_tag,
                                  complete_tier, json_option, today_option, vault_option)
from netnotes.cli.output import echo_json


@cli.command("list")
@click.option("--tag", "tags", multiple=True, shell_complete=complete_tag, help="Only contacts with this tag (repeatable).")
@click.option("--tier", "tiers", multiple=True, shell_complete=complete_tier, help="Only this tier (repeatable).")
@click.option("--group", "groups", multiple=True, shell_complete=complete_group, help="Only members of this group or event's group.")
@click.option("--stage", "stages", multiple=True, type=click.Choice(["met", "know", "like", "trust"]),
              help="Only this relationship stage (repeatable).")
@click.option("--pipeline", "pipelines", multiple=True,
              type=click.Choice(["none", "lead", "prospect", "customer", "partner"]),
              help="Only this pipeline stage (repeatable; `none` includes cards without one).")
@click.option("--met-before", type=DAY, metavar="YYYY-MM-DD",
              help="Only contacts whose `met` date is before this day.")
@click.option("--met-after", type=DAY, metavar="YYYY-MM-DD",
              help="Only contacts whose `met` date is after this day.")
@click.option("--overdue", is_flag=True, help="Only contacts whose follow-up is past due.")
@json_option
@today_option
@vault_option
@click.pass_context
def list_cmd(ctx: click.Context, tags, tiers, groups, stages, pipelines, met_before, met_after, overdue,
             as_json: bool, today) -> None:
    """List contacts with company, tier, last touch and follow-up.

    \b
    Examples:
      netnotes list --tier A --overdue
      netnotes list --group "BNI Capital Referrals" --json
    """
    from netnotes.reports.facts import Filters, list_contacts
    from netnotes.render.views import render_list

    day = as_today(today)
    filters = Filters(tuple(tags), tuple(tiers), tuple(groups), tuple(stages), tuple(pipelines),
                      as_date(met_before), as_date(met_after), overdue)
    rows = list_contacts(load(ctx), filters, day)
    if as_json:
        echo_json([r.to_json(day) for r in rows])
    else:
        click.echo(render_list(rows, day))


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@click.option("--graph", "with_graph", is_flag=True,
              help="Also print their neighbourhood in the referral graph, as a Mermaid block.")
@json_option
@today_option
@vault_option
@click.pass_context
def show(ctx: click.Context, name: str, with_graph: bool, as_json: bool, today) -> None:
    """Show one contact's card with what netnotes computes about them.

    Last touch and where it came from, next follow-up, groups and events, who introduced
    them and whom they introduced, and the log, newest first. NAME matches the file name,
    `name` or an alias, in any case.

    \b
    Example:
      netnotes show "alain gervais"
    """
    from netnotes.reports.facts import Facts, find_note
    from netnotes.render.views import render_show

    day = as_today(today)
    session = load(ctx)
    note = find_note(session, name)
    facts = Facts(session.around(note), day).of(note)
    if as_json:
        echo_json(facts.to_json(day))
    else:
        click.echo(render_show(facts, day))
    if with_graph:
        from netnotes.reports.graph import referral_graph
        from netnotes.render.views import render_neighbourhood

        click.echo(render_neighbourhood(referral_graph(session, day, note.rel, depth=1, max_edges=40)))


@cli.command()
@click.argument("term")
@json_option
@today_option
@vault_option
@click.pass_context
def who(ctx: click.Context, term: str, as_json: bool, today) -> None:
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
    rows = who_query(load(ctx), term, day)
    if as_json:
        echo_json([r.to_json(day) for r in rows])
    else:
        click.echo(render_who(term, rows))


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="At most this many notes.")
@json_option
@vault_option
@click.pass_context
def search(ctx: click.Context, text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Full-text search over names and note bodies, with snippets.

    Words must all appear (in any order); the last one also matches as a prefix.

    \b
    Example:
      netnotes search web designer
    """
    from netnotes.reports.facts import search as search_query
    from netnotes.render.views import render_search

    hits = search_query(load(ctx, with_body=False), " ".join(text), limit)
    if as_json:
        echo_json([h.to_json() for h in hits])
    else:
        click.echo(render_search(hits))
