"""Options several commands share, declared once, and what their values become."""

from __future__ import annotations

import datetime as dt

import click

DAY = click.DateTime(["%Y-%m-%d"])
_VAULT = "netnotes.vault"


def vault_option(f):
    """``--vault`` on every command too, so it may come before or after the command name."""

    def store(ctx: click.Context, _param, value):
        if value is not None:
            set_vault(ctx, value)
        return value

    return click.option("--vault", metavar="PATH", expose_value=False, callback=store, is_eager=True,
                        help="The vault folder (default: $NETNOTES_VAULT, else the nearest folder up "
                             "holding .netnotes/ or .obsidian/).")(f)


def set_vault(ctx: click.Context, path: str) -> None:
    ctx.find_root().meta[_VAULT] = path


def vault_path(ctx: click.Context) -> str | None:
    """The vault the user named, if any (else it is looked for)."""
    return ctx.find_root().meta.get(_VAULT)


def open_vault(ctx: click.Context):
    from netnotes.vault.handle import open_vault as _open

    return _open(vault_path(ctx))


def today_option(f):
    return click.option("--today", type=DAY, metavar="YYYY-MM-DD",
                        help="Compute as of this day instead of the clock's (for reproducible output).")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON for scripts (stable keys, see docs/cli.md).")(f)


def dry_run_option(f):
    return click.option("--dry-run", is_flag=True, help="Print the change as a unified diff and write nothing.")(f)


def as_date(value: dt.datetime | None) -> dt.date | None:
    """A date option's value as a date (None when not given)."""
    return value.date() if value else None


def as_today(value: dt.datetime | None) -> dt.date:
    """``--today``'s value, else the clock's day."""
    return value.date() if value else dt.date.today()


def duration(text: str, examples: str, option: str = "--within") -> int:
    """A duration option (``7d``, ``2w``) in days; a usage error naming ``examples`` if malformed."""
    from netnotes.base.dates import parse_duration

    days = parse_duration(text)
    if days is None:
        raise click.BadParameter(f"write a duration such as {examples}", param_hint=option)
    return days


def complete_contact(ctx: click.Context, _param, incomplete: str):
    """Shell completion of contact names, read from the index without syncing it."""
    from click.shell_completion import CompletionItem

    try:
        from netnotes.index.cache import open_index

        vault = open_vault(ctx)
        with open_index(vault) as index:
            names = index.note_names("contact")
    except Exception:  # completion must never print a traceback into the shell
        return []
    low = incomplete.casefold()
    return [CompletionItem(n) for n in names if n.casefold().startswith(low)]
