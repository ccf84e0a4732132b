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
    """``--today``: read first (eager), so that every other date option counts from it."""
    return click.option("--today", metavar="DATE", is_eager=True, callback=_day_callback("--today", "past"),
                        help="Compute as of this day instead of the clock's (for reproducible output); "
                             "any DATE (docs/cli.md, Dates and durations).")(f)


def day_option(*decls: str, help: str, prefer: str = "past"):
    """A date option (``--date``, ``--met``, ``--next``...) read by ``base.dates.parse_day``,
    counted from ``--today``: its value is a ``datetime.date`` or None."""
    name = next(d for d in decls if d.startswith("--"))
    return click.option(*decls, metavar="DATE", callback=_day_callback(name, prefer), help=help)


def day_argument(name: str, prefer: str = "future", **kwargs):
    """A date argument (``followup NAME WHEN``), read as ``day_option`` reads options."""
    return click.argument(name, callback=_day_callback(None, prefer), **kwargs)


def _day_callback(option: str | None, prefer: str):
    def convert(ctx: click.Context, _param, value: str | None) -> dt.date | None:
        if value is None or ctx.resilient_parsing:  # completing a command line: never an error
            return None
        from netnotes.base.dates import DateTextError, is_numeric_date, parse_day

        clock = dt.date.today() if option == "--today" else ctx.params.get("today") or dt.date.today()
        try:
            return parse_day(value, clock, _date_order(ctx) if is_numeric_date(value) else "", prefer)
        except DateTextError as e:
            if option:
                e.message = f"{option}: {e.message}"
            raise
    return convert


def _date_order(ctx: click.Context) -> str:
    """The config's ``date_order`` (read only for a numeric date such as 01.02.2027)."""
    from netnotes.base.errors import NetnotesError

    try:
        return open_vault(ctx).config.date_order
    except NetnotesError:  # no vault or a broken config: the command says so itself
        return ""


# ---- text that goes onto a card -------------------------------------------------------------


class CardText(click.types.StringParamType):
    """A value written onto a card (``--note``, ``ENTRY``, ``--company``...): it must be text
    a UTF-8 file can hold. A byte that is not UTF-8 in an argument reaches Python as a lone
    surrogate; it is refused here, naming the option, before anything is read or written.
    Names that are looked up (``NAME``) are not checked: a card's file name need not be UTF-8."""

    name = "text"

    def convert(self, value, param, ctx):
        value = super().convert(value, param, ctx)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            from netnotes.base.errors import NetnotesError
            from netnotes.edit.write import not_utf8

            where = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
            shown = value.encode("utf-8", "replace").decode("utf-8")
            raise NetnotesError(f"{where}: `{shown}` has {not_utf8(value[e.start])}; nothing was written",
                                "pass the text as UTF-8 (check the encoding of the terminal or the script, "
                                "e.g. LANG=C.UTF-8)") from None
        return value


CARD_TEXT = CardText()


class LazyChoice(click.Choice):
    """``click.Choice`` over a list that has its one home in a module the CLI imports only
    when a command runs (``load()`` returns it), so that ``netnotes --help`` stays instant."""

    def __init__(self, load, case_sensitive: bool = True) -> None:
        self._load = load
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._load())


# ---- output --------------------------------------------------------------------------------
# One convention on every command (docs/cli.md, "Output options"): ``--format`` with ``--json``
# as its shorthand; the command receives ``fmt``. Write commands also take ``--quiet``.


def format_option(*formats: str, default: str | None = None, help: str | None = None):
    """``--format`` among ``formats`` (default: the first) and ``--json`` for ``--format json``."""
    formats = formats or ("text", "json")
    first = default or formats[0]

    def decorate(f):
        import functools

        @functools.wraps(f)
        def run(*args, fmt: str, as_json: bool, **kwargs):
            return f(*args, fmt="json" if as_json else fmt, **kwargs)

        run = click.option("--json", "as_json", is_flag=True,
                           help="Print JSON for scripts: the same as --format json.")(run)
        return click.option("--format", "fmt", type=click.Choice(formats), default=first, show_default=True,
                            help=help or f"Output: {', '.join(formats)} (docs/cli.md, Output options).")(run)

    return decorate


TABLE_FORMATS = ("text", "json", "csv")


def table_format_option(f):
    """``--format text|json|csv`` and ``--json``: a command whose output is a table."""
    return format_option(*TABLE_FORMATS)(f)


def json_option(f):
    """``--format text|json`` and ``--json``: a command whose output is not a table."""
    return format_option("text", "json")(f)


def quiet_option(f):
    return click.option("--quiet", "-q", is_flag=True,
                        help="Print nothing on success (errors still go to stderr; the exit status says).")(f)


def dry_run_option(f):
    return click.option("--dry-run", is_flag=True, help="Print the change as a unified diff and write nothing.")(f)


def as_date(value: dt.date | None) -> dt.date | None:
    """A date option's value as a date (None when not given)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value or None


def as_today(value: dt.date | None) -> dt.date:
    """``--today``'s value, else the clock's day."""
    return as_date(value) or dt.date.today()


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
