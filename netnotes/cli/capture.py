"""Editing cards from the shell: ``add``, ``log``, ``done``, ``followup``, ``intro``, ``edit``."""

from __future__ import annotations

import click

from netnotes.cli.app import cli, load
from netnotes.cli.formats import logged, show_written
from netnotes.cli.options import (CARD_TEXT, LazyChoice, as_date, as_today, complete_contact, complete_group,
                                  complete_tag, complete_tier, day_argument, day_option, dry_run_option,
                                  json_option, quiet_option, today_option, vault_option)
from netnotes.cli.output import ask, open_editor, say


def _name(session, typed: str) -> str:
    """The contact's name as the card gives it (what the command prints it set)."""
    from netnotes.reports.facts import find_note

    return find_note(session, typed).name


@cli.command()
@click.argument("name", type=CARD_TEXT)
@click.option("--company", type=CARD_TEXT, help="Company or organisation.")
@click.option("--role", type=CARD_TEXT, help="Their role or title.")
@click.option("--email", type=CARD_TEXT, multiple=True, help="Email address (repeatable).")
@click.option("--phone", type=CARD_TEXT, multiple=True, help="Phone number (repeatable).")
@day_option("--met", "met", help="When you met (default: --today; any DATE, e.g. yesterday).")
@click.option("--met-at", type=CARD_TEXT, shell_complete=complete_group,
              help="Where you met: a group or event name (linked) or free text.")
@click.option("--introduced-by", type=CARD_TEXT, shell_complete=complete_contact,
              help="Who introduced you (a contact's name; linked).")
@click.option("--tier", type=CARD_TEXT, shell_complete=complete_tier, help="Priority tier from the config (e.g. A).")
@click.option("--tags", "tags", type=CARD_TEXT, multiple=True, shell_complete=complete_tag,
              help="A tag (repeatable).")
@click.option("--offers", type=CARD_TEXT, multiple=True, help="Something they offer (repeatable).")
@click.option("--needs", type=CARD_TEXT, multiple=True, help="Something they need (repeatable).")
@click.option("--force", is_flag=True, help="Add the card even if one has this email, phone or name already.")
@click.option("--edit", "then_edit", is_flag=True, help="Open the new card in $EDITOR.")
@dry_run_option
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def add(ctx: click.Context, name: str, company, role, email, phone, met, met_at, introduced_by, tier, tags,
        offers, needs, force: bool, then_edit: bool, dry_run: bool, fmt: str, quiet: bool, today) -> None:
    """Add a new contact card in the contacts folder (from templates/card.md.j2).

    The file is named after the person (characters Obsidian cannot link are left out); an
    existing card is never overwritten. Only a near-certain duplicate stops it (the same
    email or phone, or the same name once case and accents are folded); similar names are
    listed as a note. Phone numbers are written quoted, normalised when the config's
    phone_region (or a leading +) says how to read them.

    \b
    Example:
      netnotes add "Grace Whitfield" --company "Whitfield Realty" --met-at "Ottawa Chamber of Commerce" --tier B
    """
    from netnotes.edit.capture import add_contact, card_fields, closest_people

    session = load(ctx)
    fields = card_fields(session, company=company, role=role, emails=email, phones=phone,
                         met=as_date(met) or as_today(today), met_at=met_at, introduced_by=introduced_by,
                         tier=tier, tags=tags, offers=offers, needs=needs)
    if tier and tier not in session.vault.config.tiers:
        raise click.BadParameter(f"`{tier}` is not a tier of the config ({', '.join(session.vault.config.tiers)})",
                                 param_hint="--tier")
    result = add_contact(session, name, fields, force, dry_run)
    show_written([result], dry_run, fmt, quiet, values={"name": name, "fields": _json_values(fields)})
    close = [] if quiet else closest_people(session, name)  # --quiet: nothing on success
    if close:
        say("note: similar names on other cards: " + ", ".join(f"{n.name} ({n.rel})" for n in close))
    from netnotes.edit.events import unknown_place

    unknown = unknown_place(session, met_at, "--met-at")
    if unknown:
        say(unknown)
    if then_edit and not dry_run:
        from netnotes.edit.editor import edit_card

        edit_card(result.path, session.vault.config, ask, open_editor=open_editor, show=say)


NEXT_HELP = 'The next follow-up (next_followup): any DATE, e.g. 2w, "in 2 weeks", "next friday".'
DATE_HELP = "The day it happened (default: --today; any DATE, e.g. yesterday)."


@cli.command("log")
@click.argument("name", shell_complete=complete_contact)
@click.argument("entry", type=CARD_TEXT)
@day_option("--date", "day", help=DATE_HELP)
@day_option("--next", "next_day", help=NEXT_HELP, prefer="future")
@dry_run_option
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def log_cmd(ctx: click.Context, name: str, entry: str, day, next_day, dry_run: bool, fmt: str, quiet: bool,
            today) -> None:
    """Add an entry to a contact's ## Log (the section is created when missing).

    ENTRY follows the log grammar: `kind[ details]: text` (docs/card-format.md). The entry
    goes where the card's own order puts it: newest first, or oldest first. With --next, the
    card's next_followup is set in the same write.

    \b
    Example:
      netnotes log "Alain Gervais" "call: asked how I can help" --date 2026-11-20 --next "in 3 weeks"
    """
    from netnotes.edit.capture import add_log

    session = load(ctx)
    when = as_date(day) or as_today(today)
    result = add_log(session, name, entry, when, dry_run, next_day)
    _show_touch(session, name, result, when, entry, next_day, dry_run, fmt, quiet)


def _show_touch(session, name: str, result, day, entry: str, next_day, dry_run: bool, fmt: str,
                quiet: bool) -> None:
    """``Ann Lee: logged 2026-11-20 call: ... (People/Ann Lee.md)``: the entry and its date."""
    who = _name(session, name)
    then = f"; next follow-up {next_day.isoformat()}" if next_day else ""
    show_written([result], dry_run, fmt, quiet,
                 says=lambda r: f"{who}: logged {day.isoformat()} {entry}{then} ({r.shown})" if r.changed else None,
                 values={"name": who, "date": day.isoformat(), "entry": entry,
                         "next_followup": next_day.isoformat() if next_day else None})


def _done_kinds() -> tuple[str, ...]:
    """What ``done --kind`` takes: the edit layer's list (its one home), read when needed."""
    from netnotes.edit.capture import DONE_KINDS

    return DONE_KINDS


def _outcomes() -> tuple[str, ...]:
    """What ``intro --outcome`` takes: the log grammar's outcomes."""
    from netnotes.notes.log import OUTCOMES

    return OUTCOMES


def _json_values(fields: dict) -> dict:
    """A new card's properties as JSON values (dates as ISO text), the unset ones left out."""
    import datetime as dt

    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items() if v not in (None, (), [])}


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@click.option("--note", type=CARD_TEXT, default="", help='What happened (default: "followed up").')
@click.option("--kind", default="note", show_default=True, type=LazyChoice(_done_kinds),
              help="The kind of touch, as the log grammar names it.")
@day_option("--next", "next_day", help=NEXT_HELP, prefer="future")
@day_option("--date", "day", help=DATE_HELP)
@dry_run_option
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def done(ctx: click.Context, name: str, note: str, kind: str, next_day, day, dry_run: bool, fmt: str,
         quiet: bool, today) -> None:
    """Record a follow-up done: a log entry, and the next follow-up, in one write of the card.

    Without --next, a next_followup on the card that this touch satisfies (dated on or
    before it) is removed; the tier's cadence then runs from this touch.

    \b
    Examples:
      netnotes done "Kevin O'Brien" --kind call --note "talked about the audit" --next "in 2 weeks"
      netnotes done "Kevin O'Brien"
    """
    from netnotes.edit.capture import record_done

    session = load(ctx)
    now = as_today(today)
    when = as_date(day) or now
    result = record_done(session, name, when, now, note, kind, next_day, dry_run)
    entry = f"{kind}: {' '.join(note.split()) or 'followed up'}"
    _show_touch(session, name, result, when, entry, next_day, dry_run, fmt, quiet)


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@day_argument("when", required=False)
@click.option("--clear", is_flag=True, help="Remove next_followup from the card.")
@dry_run_option
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def followup(ctx: click.Context, name: str, when, clear: bool, dry_run: bool, fmt: str, quiet: bool,
             today) -> None:
    """Set when to follow up with a contact (next_followup on the card).

    WHEN is a date (2026-12-01), a duration from today (2w, 10d, 3m) or words: "in 2
    weeks", "next friday", "tomorrow". It prints the day it set.

    \b
    Examples:
      netnotes followup "Alain Gervais" "in 2 weeks"
      netnotes followup "Alain Gervais" 2w
      netnotes followup "Alain Gervais" --clear
    """
    from netnotes.edit.capture import set_followup

    session = load(ctx)
    result = set_followup(session, name, when.isoformat() if when else None, as_today(today), clear, dry_run)
    who = _name(session, name)
    set_to = None if clear else when.isoformat()

    def says(r) -> str:
        if r.changed:
            return f"{who}: next follow-up {set_to or 'cleared'} ({r.shown})"
        return f"{who}: {f'next follow-up {set_to}' if set_to else 'no next follow-up'}, unchanged ({r.shown})"

    show_written([result], dry_run, fmt, quiet, values={"name": who, "next_followup": set_to}, says=says)


@cli.command()
@click.argument("a", shell_complete=complete_contact)
@click.argument("b", shell_complete=complete_contact)
@click.option("--note", type=CARD_TEXT, default="",
              help="What the introduction was about (with --outcome: what came of it).")
@day_option("--date", "day", help="The day of the introduction, or of the outcome (default: --today; any DATE).")
@click.option("--outcome", type=LazyChoice(_outcomes),
              help="Record what came of an introduction made earlier, on both cards.")
@dry_run_option
@json_option
@quiet_option
@today_option
@vault_option
@click.pass_context
def intro(ctx: click.Context, a: str, b: str, note: str, day, outcome: str | None, dry_run: bool, fmt: str,
          quiet: bool, today) -> None:
    """Record that you introduced A and B: an `intro` entry on both cards.

    The introductions report stops suggesting the pair, and reciprocity counts it as help
    given to both. Later, --outcome records what came of it (`intro outcome` entries),
    shown by `netnotes introductions --made`.

    \b
    Examples:
      netnotes intro "Susan McAllister" "Emily Watson" --note "HR for her new hires"
      netnotes intro "Susan McAllister" "Emily Watson" --outcome met --note "coffee on Tuesday"
    """
    from netnotes.edit.capture import record_intro

    session = load(ctx)
    when = as_date(day) or as_today(today)
    if outcome:
        from netnotes.edit.outcomes import record_outcome

        show_written(record_outcome(session, a, b, outcome, when, note, dry_run), dry_run, fmt, quiet,
                     values={"a": a, "b": b, "date": when.isoformat(), "outcome": outcome, "note": note},
                     says=lambda r: logged(r, session.vault))
        return
    show_written(record_intro(session, a, b, when, note, dry_run), dry_run, fmt, quiet,
                 values={"a": a, "b": b, "date": when.isoformat(), "note": note},
                 says=lambda r: logged(r, session.vault))


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@dry_run_option
@json_option
@quiet_option
@vault_option
@click.pass_context
def edit(ctx: click.Context, name: str, dry_run: bool, fmt: str, quiet: bool) -> None:
    """Open a contact's card in $EDITOR, then check it.

    You edit a copy; when you save and quit, netnotes checks it and offers to reopen it if
    it no longer parses, so your text is never lost. The card is replaced only if nobody
    changed it meanwhile (otherwise your version is kept beside it).

    \b
    Example:
      EDITOR=nano netnotes edit "Alain Gervais"
    """
    from netnotes.edit.editor import edit_card
    from netnotes.reports.facts import find_note

    session = load(ctx)
    path = session.vault.root / find_note(session, name).rel
    result = edit_card(path, session.vault.config, ask, dry_run, open_editor=open_editor, show=say)
    if result is not None:
        show_written([result], dry_run, fmt, quiet)
