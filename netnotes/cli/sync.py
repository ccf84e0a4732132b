"""Keeping the vault in step with other tools: ``sync vdir`` (a vCard folder vdirsyncer syncs)."""

from __future__ import annotations

from pathlib import Path

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import json_option, quiet_option, vault_option
from netnotes.cli.output import echo_json


@cli.group()
def sync() -> None:
    """Keep the vault in step with other tools: `sync vdir` for phones, through vdirsyncer and
    a CardDAV server (docs/sync.md).

    \b
    Example:
      netnotes sync vdir ~/.contacts/netnotes --apply
    """


@sync.command("vdir")
@click.argument("path", type=click.Path(file_okay=False))
@click.option("--include", "include", multiple=True, type=click.Choice(["tags", "note"]),
              help="Also sync this field: tags as CATEGORIES, the card's notes as NOTE (repeatable).")
@click.option("--resend", multiple=True, metavar="CARD",
              help="Send again a card whose .vcf was deleted on the phone (its path or name; repeatable).")
@click.option("--apply", "do_apply", is_flag=True, help="Write the changes (default: only show the plan).")
@json_option
@quiet_option
@vault_option
@click.pass_context
def sync_vdir(ctx: click.Context, path: str, include, resend, do_apply: bool, fmt: str, quiet: bool) -> None:
    """Keep a vdir (one .vcf per contact, as vdirsyncer and khard keep them) in step with the
    vault, both ways, field by field.

    Contact details (name, aliases, email, phone, company, role, website, linkedin, address,
    city, birthday) changed on the phone come back into the card's properties; changed in
    the vault, they go to the .vcf. A field changed on both sides since the last sync is
    reported, and neither side is overwritten. Everything else on a card (tier, stage, log,
    offers, needs, notes...) never leaves the vault, unless --include says so. Shows the plan
    by default; --apply writes it. Running it again changes nothing.

    \b
    Examples:
      netnotes sync vdir ~/.contacts/netnotes
      vdirsyncer sync && netnotes sync vdir ~/.contacts/netnotes --apply && vdirsyncer sync
    """
    from netnotes.exchange.vdir import plan_sync
    from netnotes.exchange.vdirwrite import apply_sync, plan_text

    session = load(ctx, with_body=True)
    plan = plan_sync(session, Path(path), tuple(include), tuple(resend))
    if do_apply:
        apply_sync(session, plan)
    if fmt == "json":
        echo_json({"applied": do_apply, "vdir": str(Path(path)), "fields": list(plan.fields),
                   "steps": [s.to_json() for s in plan.steps if s.action != "held"]})
    elif not quiet:
        click.echo(plan_text(plan, do_apply))
