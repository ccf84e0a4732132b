"""Options several commands share, declared once, and what their values become."""

from __future__ import annotations

import datetime as dt
import re

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class

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


# ---- shell completion ----------------------------------------------------------------------
# Click completes; these say what. Every completer reads the index as it is (never syncs it,
# never prints: a traceback would land in the user's prompt) and matches the typed prefix
# folded (`hel` completes Hélène Côté), by whole name or by any word of it (`lee`: Sam Lee).


def _matching(values: list[str], incomplete: str) -> list[CompletionItem]:
    from netnotes.notes.typed_names import fold

    typed = fold(incomplete)
    out = []
    for v in sorted(set(values), key=lambda v: (fold(v), v)):
        key = fold(v)
        if key.startswith(typed) or any(w.startswith(typed) for w in key.split()) or v.startswith(incomplete):
            out.append(CompletionItem(v))
    return out


def _from_index(ctx: click.Context, read) -> list[str]:
    try:
        from netnotes.index.cache import open_index

        with open_index(open_vault(ctx)) as index:
            return read(index)
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_contact(ctx: click.Context, _param, incomplete: str) -> list[CompletionItem]:
    """Contact names and aliases."""
    return _matching(_from_index(ctx, lambda index: index.note_names("contact")), incomplete)


def complete_group(ctx: click.Context, _param, incomplete: str) -> list[CompletionItem]:
    """Group and event names (``--group``, ``--met-at``)."""
    return _matching(_from_index(ctx, lambda i: i.note_names("group") + i.note_names("event")), incomplete)


def complete_tag(ctx: click.Context, _param, incomplete: str) -> list[CompletionItem]:
    """The tags on contacts."""
    import json

    def tags(index) -> list[str]:
        rows = index.conn.execute("SELECT tags FROM notes WHERE kind='contact'")
        return [t for (value,) in rows for t in json.loads(value) if isinstance(t, str)]

    return _matching(_from_index(ctx, tags), incomplete)


def complete_tier(ctx: click.Context, _param, incomplete: str) -> list[CompletionItem]:
    """The config's tiers."""
    try:
        tiers = list(open_vault(ctx).config.tiers)
    except Exception:  # as above: a broken config completes nothing
        tiers = []
    return _matching(tiers, incomplete)


def shell_quoted(value: str) -> str:
    """``value`` as one bash word: each character the shell would read specially escaped
    with a backslash, as bash's own file-name completion writes it (``Kevin\\ O\\'Brien``)."""
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", value)


class BashQuotedComplete(BashComplete):
    """Click's bash completion, with each value escaped: Click's script puts the values in
    ``COMPREPLY`` as they are, so `Sam Lee` would be typed as two words. Its ``read`` (no
    ``-r``) takes one level of backslashes, hence two. zsh (``compadd``) and fish quote what
    they insert themselves."""

    def format_completion(self, item: CompletionItem) -> str:
        if item.type == "plain":
            return f"{item.type},{shell_quoted(item.value).replace(chr(92), chr(92) * 2)}"
        return super().format_completion(item)


add_completion_class(BashQuotedComplete, "bash")  # Click's registry of shells, by name
