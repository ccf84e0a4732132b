"""Moving contacts in and out: ``import``, ``duplicates``, ``merge``, ``export``."""

from __future__ import annotations

from pathlib import Path

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import (as_date, as_today, complete_contact, day_option, duration, json_option,
                                  quiet_option, table_format_option, today_option, vault_option)
from netnotes.cli.output import echo_json, echo_written, progress_bar


@cli.command("import")
@click.argument("kind", type=click.Choice(["vcard", "linkedin", "csv", "ics"]))
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="For `csv` files of other layouts: which column holds which field (repeatable).")
@day_option("--since", help="For `ics`: meetings from this day (default: a year before today).")
@day_option("--until", help="For `ics`: meetings up to this day (default: 90 days after today; later ones are planned).",
            prefer="future")
@click.option("--apply", "do_apply", is_flag=True, help="Write the cards (default: only show the plan).")
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def import_cmd(ctx: click.Context, kind: str, file: str, mapping, since, until, do_apply: bool, fmt: str,
               quiet: bool, today) -> None:
    """Import contacts from a vCard file, LinkedIn's Connections.csv or a CSV (Google's, or mapped);
    or touches from a calendar (`ics`: its meetings with contacts become log entries).

    Shows the plan by default: the cards it would create, the cards it would merge into (and
    why: same email, phone, name...), and every conflict. --apply writes all of it, or
    nothing. Existing values are never overwritten; running it again changes nothing.
    --quiet prints nothing (the plan neither), only errors: the exit status says.

    \b
    Examples:
      netnotes import linkedin ~/Downloads/Connections.csv
      netnotes import vcard contacts.vcf --apply
      netnotes import csv people.csv --map "Full name=name" --map "Mail=email" --apply
      netnotes import ics ~/Downloads/Work.ics --apply
    """
    from netnotes.exchange.imports import apply, plan, plan_text
    from netnotes.exchange.readers import read_people

    session = load(ctx)
    if kind == "ics":
        return _import_calendar(session, Path(file), as_today(today), as_date(since), as_date(until), do_apply,
                                fmt, quiet)
    if mapping and kind != "csv":
        raise click.BadParameter("only `csv` imports take --map", param_hint="--map")
    steps = plan(session, read_people(kind, Path(file), mapping))
    if do_apply:
        with progress_bar("importing", above=200) as progress:
            apply(session, steps, None if quiet else progress)  # --quiet: no bar either
    if fmt == "json":
        echo_json({"applied": do_apply, "steps": [st.to_json() for st in steps]})
    elif not quiet:
        click.echo(plan_text(steps, do_apply))


def _import_calendar(session, path: Path, today, since, until, do_apply: bool, fmt: str, quiet: bool) -> None:
    import datetime as dt

    from netnotes.exchange.calendar import apply_calendar, plan_calendar, plan_text

    start = since or today - dt.timedelta(days=365)
    end = until or today + dt.timedelta(days=90)
    if end < start:
        raise click.BadParameter("--until is before --since", param_hint="--until")
    plan = plan_calendar(session, path, today, start, end)
    if do_apply and plan.changes:
        apply_calendar(session, plan)
    if fmt == "json":
        echo_json({"applied": do_apply, **plan.to_json()})
    elif not quiet:
        click.echo(plan_text(plan, do_apply))


@cli.command()
@table_format_option
@vault_option
@click.pass_context
def duplicates(ctx: click.Context, fmt: str) -> None:
    """Cards that are probably one person: same email, same phone, or close names at one company.

    \b
    Example:
      netnotes duplicates
    """
    from netnotes.notes.matching import MATCH_FIELDS
    from netnotes.notes.matching import Matcher
    from netnotes.render.views import render_duplicates

    from netnotes.cli.formats import emit
    from netnotes.edit.mergeplan import keeper

    session = load(ctx)
    pairs = Matcher(session.contacts_with(MATCH_FIELDS)).duplicates(keeper(session.vault.root))  # the richer first
    emit(fmt, lambda: [p.to_json() for p in pairs], lambda: render_duplicates(pairs), session)


@cli.command()
@click.argument("a", shell_complete=complete_contact)
@click.argument("b", shell_complete=complete_contact)
@click.option("--prefer", multiple=True, metavar="FIELD=A|B",
              help="For a field both cards set differently: whose value to keep (repeatable).")
@click.option("--apply", "do_apply", is_flag=True, help="Write the merge (default: show it as a diff).")
@json_option
@quiet_option
@vault_option
@click.pass_context
def merge(ctx: click.Context, a: str, b: str, prefer, do_apply: bool, fmt: str, quiet: bool) -> None:
    """Merge card B into card A; B goes to the vault's .trash/ and its name becomes an alias of A.

    Fields only one card has are kept, lists are united, logs are interleaved by date, notes
    are kept. A field both set differently must be settled with --prefer FIELD=A or
    FIELD=B; until then --apply refuses. Links to B keep resolving, through the alias.
    --json prints the plan, or what was written; --quiet nothing but the conflicts that
    stop --apply.

    \b
    Examples:
      netnotes merge "Alain Gervais" "Al Gervais"
      netnotes merge "Alain Gervais" "Al Gervais" --prefer company=B --apply
    """
    from netnotes.edit.mergeplan import conflict_lines, merge_plan, merged, not_written, preview, write_merge
    from netnotes.reports.facts import find_note

    session = load(ctx)
    planned = merge_plan(session, a, b, _preferences(prefer))
    names = find_note(session, a).name, find_note(session, b).name
    text = fmt == "text" and not quiet
    if text:
        click.echo(preview(planned, do_apply), nl=False)
    if text or (do_apply and planned.conflicts):  # what stops --apply is said whatever the format
        for line in conflict_lines(planned):
            click.echo(line, err=True)
    if do_apply:
        write_merge(planned)  # refused while the cards disagree
    if fmt == "json":
        echo_json(_merge_json(planned, names, do_apply))
    elif text:
        click.echo(merged(planned) if do_apply else not_written(planned))


def _merge_json(planned, names: tuple[str, str], applied: bool) -> dict:
    """``merge --json``: A's card (its diff while only planned), where B went, the notes whose
    links to B now name A, and the conflicts (``ours`` is A's value, ``theirs`` B's)."""
    from netnotes.cli.formats import card_json
    from netnotes.edit.write import shown_path

    return {"applied": applied,
            "a": {"name": names[0], **card_json(planned.result, not applied)},
            "b": {"name": names[1], "path": shown_path(planned.b_path), "trash": shown_path(planned.trash_path),
                  "action": "moved" if applied else "would be moved"},
            "relinked": [card_json(r, not applied) for r in planned.relinks], "links": planned.links,
            "conflicts": [c.to_json() for c in planned.conflicts]}


def _preferences(items: tuple[str, ...]) -> dict[str, str]:
    """``--prefer FIELD=A|B`` as {field: "A" or "B"}."""
    choices: dict[str, str] = {}
    for item in items:
        key, sep, side = item.partition("=")
        if not sep or side.strip().upper() not in ("A", "B"):
            raise click.BadParameter(f"{item!r}: write FIELD=A or FIELD=B", param_hint="--prefer")
        choices[key.strip()] = side.strip().upper()
    return choices


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["vcard", "csv", "json", "ics"]))
@click.option("--out", metavar="PATH|-", default="-", show_default=True, help="Where to write; - prints.")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@click.option("--tier", "tiers", multiple=True, help="Only this tier (repeatable).")
@click.option("--group", "groups", multiple=True, help="Only members of this group (repeatable).")
@click.option("--within", default="30d", show_default=True, metavar="DURATION",
              help="For ics: follow-ups due within this long.")
@click.option("--quiet", "-q", is_flag=True,
              help="With --out PATH: do not say `wrote:` or `unchanged:` (errors still go to stderr).")
@click.option("--bom", is_flag=True, help="For csv: start with a byte order mark, so that Excel reads UTF-8.")
@click.option("--dates/--no-dates", default=True, show_default=True,
              help="For ics: also each contact's birthday ([reminders] properties) as a yearly event.")
@click.option("--todo", is_flag=True, help="For ics: the follow-ups as tasks (VTODO, due that day) instead of events.")
@today_option
@vault_option
@click.pass_context
def export(ctx: click.Context, fmt: str, out: str, tags, tiers, groups, within: str, quiet: bool, bom: bool,
           dates: bool, todo: bool, today) -> None:
    """Export contacts as vCard, CSV or JSON, or follow-ups as an iCalendar file.

    The iCalendar events are all-day with an alarm, and keep their UIDs from run to run, so a
    calendar that re-imports the file updates them instead of adding duplicates.

    \b
    Examples:
      netnotes export vcard --tier A --out a-list.vcf
      netnotes export ics --out followups.ics
    """
    from netnotes.exchange.exports import export_text
    from netnotes.reports.facts import Filters
    from netnotes.vault.atomic import write_if_changed

    session = load(ctx, with_body=True)
    days = duration(within, "30d or 6w") if fmt == "ics" else None  # --within is for ics only
    from netnotes.base.text import utf8_safe

    text = utf8_safe(export_text(session, fmt, Filters(tuple(tags), tuple(tiers), tuple(groups)), as_today(today), days,
                                 bom, dates, todo))
    if out == "-":
        click.echo(text, nl=False)
        return
    written = write_if_changed(Path(out), text.encode("utf-8"))
    if not quiet:
        echo_written(written, out, err=True)
