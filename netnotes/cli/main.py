"""The ``netnotes`` command: a thin shell over the library.

Each command parses its options, calls one function and prints what it returns. Heavy
modules are imported inside the commands so that ``netnotes --help`` stays instant.
"""

from __future__ import annotations

import os
import sys

import click

from netnotes import __version__
from netnotes.base.errors import NetnotesError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def use_color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


class NetnotesGroup(click.Group):
    """Turns NetnotesError into a message and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NetnotesError as e:
            _report_error(e)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as e:  # a bug: one line for the user, the traceback in a file
            if os.environ.get("NETNOTES_DEBUG"):
                raise
            ctx.exit(_report_crash(e))


def _report_crash(e: Exception) -> int:
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="netnotes-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:
        f.write(f"netnotes {__version__}, python {sys.version}\n{' '.join(sys.argv)}\n\n")
        traceback.print_exception(e, file=f)
    click.echo(f"error: netnotes hit an internal error ({type(e).__name__}: {e}); nothing was half-written.\n"
               f"  details: {path} (please report it; NETNOTES_DEBUG=1 shows the traceback)", err=True)
    return 70


def _report_error(e: NetnotesError) -> None:
    from netnotes.base.errors import ConfigError

    color = "NO_COLOR" not in os.environ and sys.stderr.isatty()
    click.echo(click.style("error: ", fg="red", bold=True) + e.message if color else f"error: {e.message}",
               err=True, color=color)
    if isinstance(e, ConfigError) and e.diagnostics:
        from netnotes.base.diagnostics import format_text

        for d in e.diagnostics:
            click.echo(format_text(d, color), err=True, color=color)
    if e.hint:
        click.echo(f"  hint: {e.hint}", err=True)


def _vault_option(f):
    """``--vault`` on every command too, so it may come before or after the command name."""

    def store(ctx: click.Context, _param, value):
        if value is not None:
            ctx.find_root().meta["netnotes.vault"] = value
        return value

    return click.option("--vault", metavar="PATH", expose_value=False, callback=store, is_eager=True,
                        help="The vault folder (default: $NETNOTES_VAULT, else the nearest folder up "
                             "holding .netnotes/ or .obsidian/).")(f)


def open_vault(ctx: click.Context, path: str | None = None):
    from netnotes.vault.handle import open_vault as _open

    return _open(path or ctx.find_root().meta.get("netnotes.vault"))


@click.group(cls=NetnotesGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="netnotes")
@_vault_option
def cli() -> None:
    """A plain-text personal CRM: contacts are Markdown cards in your notes folder.

    \b
    Start with:
      netnotes init                 make this folder a vault
      netnotes validate             check every card, with file:line:col
      netnotes list                 everyone, with company, tier and last touch
    """
    # File names need not be UTF-8: print their bytes as they are, as `ls` does.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="surrogateescape")
            except (ValueError, OSError):
                pass


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
def init(path: str | None) -> None:
    """Make a folder (default: the current one) a netnotes vault.

    Writes .netnotes/config.toml (every option, commented) and .netnotes/.gitignore, and in an
    Obsidian vault adds netnotes' property types to .obsidian/types.json. Nothing else is
    touched; running it again changes nothing.

    \b
    Example:
      netnotes init ~/Notes
    """
    from pathlib import Path

    from netnotes.vault.init import init_vault

    root = Path(path or ".").resolve()
    for action in init_vault(root):
        click.echo(f"{action.what:8} {action.path}")
    click.echo(f"vault ready: {root}")


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Report unknown properties, and treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable lines, or a JSON list for scripts.")
@_vault_option
@click.pass_context
def validate(ctx: click.Context, path: str | None, strict: bool, fmt: str) -> None:
    """Check every note of the vault (default: the current one) and report each problem.

    Problems are printed as `path:line:col: severity[code] message` with the offending line.
    Exit status: 0 when there is no error (warnings allowed), 1 when there is one, 2 when
    the vault or its config cannot be read. See docs/validation.md for every rule.

    \b
    Example:
      netnotes validate ~/Notes --strict
    """
    from netnotes.base.diagnostics import Severity, applicable, format_json, format_text, summary
    from netnotes.index.session import with_excerpts

    if path:
        ctx.find_root().meta["netnotes.vault"] = path
    session = load(ctx)
    diags = with_excerpts(applicable(session.diagnostics, strict), session.vault.root)
    if fmt == "json":
        click.echo(format_json(diags))
    else:
        color = use_color()
        for d in diags:
            click.echo(format_text(d, color), color=color)
        click.echo(summary(diags, len(session.notes)), err=bool(diags))
    ctx.exit(1 if any(d.severity is Severity.ERROR for d in diags) else 0)


def _today_option(f):
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                        help="Compute as of this day instead of the clock's (for reproducible output).")(f)


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON for scripts (stable keys, see docs/cli.md).")(f)


def _today(value) -> "object":
    import datetime as dt

    return value.date() if value else dt.date.today()


def _echo_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def load(ctx: click.Context, with_body: bool = False, rebuild: bool = False):
    """Open the vault and sync its index (a progress bar on a terminal when it takes a while)."""
    from netnotes.index.session import load_session

    vault = open_vault(ctx)
    bar = {}

    def progress(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if "bar" not in bar:
            bar["bar"] = click.progressbar(length=total, label="indexing", file=sys.stderr)
            bar["bar"].__enter__()
            bar["done"] = 0
        bar["bar"].update(done - bar["done"])
        bar["done"] = done

    session = load_session(vault, with_body=with_body, rebuild=rebuild, progress=progress)
    if "bar" in bar:
        bar["bar"].__exit__(None, None, None)
    for notice in session.sync.notices if session.sync else []:
        click.echo(notice, err=True)
    if session.index is not None:
        ctx.call_on_close(session.index.close)
    return session


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


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Throw the cache away and index every note again.")
@_vault_option
@click.pass_context
def index_cmd(ctx: click.Context, rebuild: bool) -> None:
    """Bring the index (.netnotes/cache/index.sqlite) up to date with the notes.

    Only files whose size, times or inode changed are read, and only those whose content
    changed are parsed again. Every other command does this first, so you rarely need it.

    \b
    Example:
      netnotes index --rebuild
    """
    session = load(ctx, rebuild=rebuild)
    click.echo(session.sync.describe() + (" (rebuilt)" if session.sync.rebuilt or rebuild else ""))


@cli.command("list")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@click.option("--tier", "tiers", multiple=True, help="Only this tier (repeatable).")
@click.option("--group", "groups", multiple=True, help="Only members of this group or event's group.")
@click.option("--stage", "stages", multiple=True, type=click.Choice(["met", "know", "like", "trust"]),
              help="Only this relationship stage (repeatable).")
@click.option("--pipeline", "pipelines", multiple=True,
              type=click.Choice(["none", "lead", "prospect", "customer", "partner"]),
              help="Only this pipeline stage (repeatable; `none` includes cards without one).")
@click.option("--met-before", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only contacts whose `met` date is before this day.")
@click.option("--met-after", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only contacts whose `met` date is after this day.")
@click.option("--overdue", is_flag=True, help="Only contacts whose follow-up is past due.")
@_json_option
@_today_option
@_vault_option
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

    day = _today(today)
    filters = Filters(tuple(tags), tuple(tiers), tuple(groups), tuple(stages), tuple(pipelines),
                      met_before.date() if met_before else None, met_after.date() if met_after else None,
                      overdue)
    rows = list_contacts(load(ctx), filters, day)
    if as_json:
        _echo_json([r.to_json(day) for r in rows])
    else:
        click.echo(render_list(rows, day))


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@click.option("--graph", "with_graph", is_flag=True,
              help="Also print their neighbourhood in the referral graph, as a Mermaid block.")
@_json_option
@_today_option
@_vault_option
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

    day = _today(today)
    session = load(ctx)
    note = find_note(session, name)
    facts = Facts(session, day).of(note)
    if as_json:
        _echo_json(facts.to_json(day))
    else:
        click.echo(render_show(facts, day))
    if with_graph:
        from netnotes.reports.graph import build, neighbourhood, strongest, to_mermaid

        g = strongest(neighbourhood(build(session, day), note.rel, 1), 40)
        click.echo("\n```mermaid\n" + to_mermaid(g) + "```")


@cli.command()
@click.argument("term")
@_json_option
@_today_option
@_vault_option
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

    day = _today(today)
    rows = who_query(load(ctx), term, day)
    if as_json:
        _echo_json([r.to_json(day) for r in rows])
    else:
        click.echo(render_who(term, rows))


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="At most this many notes.")
@_json_option
@_vault_option
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
        _echo_json([h.to_json() for h in hits])
    else:
        click.echo(render_search(hits))


@cli.command()
@click.option("--within", default="7d", show_default=True, metavar="DURATION",
              help="Also list contacts due within this long from today (e.g. 7d, 2w, 0d).")
@_json_option
@_today_option
@_vault_option
@click.pass_context
def followups(ctx: click.Context, within: str, as_json: bool, today) -> None:
    """Whom to follow up with: overdue top tiers first, and who is going cold.

    Due date: the card's `next_followup`, else last touch plus the cadence of its tier (or
    its own `cadence`). Going cold: a top tier far past due (see docs/reports.md). Below the
    table: birthdays and other dates to remember in the coming days.

    \b
    Example:
      netnotes followups --within 2w --today 2026-11-20
    """
    from netnotes.base.dates import parse_duration
    from netnotes.reports.followups import followups as compute
    from netnotes.render.report_views import render_followups

    days = parse_duration(within)
    if days is None:
        raise click.BadParameter("write a duration such as 7d, 2w or 1m", param_hint="--within")
    from netnotes.reports.reminders import reminders
    from netnotes.render.report_views import render_reminders

    day = _today(today)
    session = load(ctx)
    rows = compute(session, day, days)
    dates = reminders(session, day)
    if as_json:
        _echo_json({"followups": [r.to_json() for r in rows], "dates": [d.to_json() for d in dates]})
    else:
        click.echo(render_followups(rows, day))
        if dates:
            click.echo("\n" + render_reminders(dates))


@cli.command()
@click.option("--for", "for_name", metavar="NAME", shell_complete=complete_contact,
              help="Only introductions that involve this person.")
@_json_option
@_today_option
@_vault_option
@click.pass_context
def introductions(ctx: click.Context, for_name: str | None, as_json: bool, today) -> None:
    """Whom to introduce to whom: one needs what the other offers.

    Never a person with themselves, a pair already introduced, or someone who opted out;
    best relationships first, each with the reason.

    \b
    Example:
      netnotes introductions --for "Alain Gervais"
    """
    from netnotes.reports.introductions import introductions as compute
    from netnotes.reports.facts import find_note
    from netnotes.render.report_views import render_introductions

    day = _today(today)
    session = load(ctx)
    person = find_note(session, for_name) if for_name else None
    rows = compute(session, day, person)
    if as_json:
        _echo_json([r.to_json() for r in rows])
    else:
        click.echo(render_introductions(rows))


@cli.command()
@_json_option
@_today_option
@_vault_option
@click.pass_context
def reciprocity(ctx: click.Context, as_json: bool, today) -> None:
    """Referrals and introductions given to and received from each person.

    Those who have helped you more than you have helped them come first.

    \b
    Example:
      netnotes reciprocity --json
    """
    from netnotes.reports.reciprocity import reciprocity as compute
    from netnotes.render.report_views import render_reciprocity

    rows = compute(load(ctx), _today(today))
    if as_json:
        _echo_json([r.to_json() for r in rows])
    else:
        click.echo(render_reciprocity(rows))


@cli.command()
@_json_option
@_today_option
@_vault_option
@click.pass_context
def groups(ctx: click.Context, as_json: bool, today) -> None:
    """What each group and event has produced: people met, relationships, referrals, sales.

    \b
    Example:
      netnotes groups
    """
    from netnotes.reports.groups import group_stats
    from netnotes.render.report_views import render_groups

    rows = group_stats(load(ctx), _today(today))
    if as_json:
        _echo_json([r.to_json() for r in rows])
    else:
        click.echo(render_groups(rows))


@cli.command()
@_json_option
@_today_option
@_vault_option
@click.pass_context
def pipeline(ctx: click.Context, as_json: bool, today) -> None:
    """Leads, prospects, customers and partners: where each came from, what is stalled.

    \b
    Example:
      netnotes pipeline --today 2026-11-20
    """
    from netnotes.reports.pipeline import pipeline as compute
    from netnotes.render.report_views import render_pipeline

    rows = compute(load(ctx), _today(today))
    if as_json:
        _echo_json([r.to_json() for r in rows])
    else:
        click.echo(render_pipeline(rows))


@cli.command()
@click.argument("kind", required=False, default="weekly", type=click.Choice(["weekly"]))
@click.option("--week", metavar="YYYY-Www", help="The ISO week to review (default: the week of --today).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="Markdown page for the vault, a standalone HTML page, or JSON.")
@click.option("--out", metavar="PATH|-",
              help="Where to write (default: the vault's review folder, e.g. Reviews/2026-W47.md); - prints it.")
@_today_option
@_vault_option
@click.pass_context
def report(ctx: click.Context, kind: str, week: str | None, fmt: str, out: str | None, today) -> None:
    """Write the weekly review: follow-ups, introductions, help back, groups, pipeline,
    new people, this week's interactions and validation problems.

    The Markdown page goes into the vault (Reviews/2026-W47.md). Running it again keeps
    the tasks you ticked, the tasks you added, and everything under "My notes"; when nothing
    changed the file is not touched. --format html writes a standalone page beside it.

    \b
    Examples:
      netnotes report --today 2026-11-20
      netnotes report --week 2026-W46 --format html
      netnotes report --out - | less
    """
    import datetime as dt
    from pathlib import Path

    from netnotes.render.publish import publish_weekly, weekly_text
    from netnotes.reports.weekly import Week, as_of

    session = load(ctx)
    wk, day = as_of(Week.parse(week) if week else None, today.date() if today else None, dt.date.today())
    text = weekly_text(session, wk, day, fmt)
    if out == "-":
        click.echo(text, nl=False)
        return
    done = publish_weekly(session, wk, day, fmt, Path(out) if out else None, text=text)
    click.echo(f"{'wrote' if done.written else 'unchanged'}: {_shown(done.path)}")


@cli.command()
@click.option("--report", "reports", multiple=True, type=click.Choice(["weekly"]), default=("weekly",),
              show_default=True, help="The report to keep fresh (repeatable).")
@click.option("--html", is_flag=True, help="Also keep the HTML page of the weekly review fresh.")
@click.option("--poll", is_flag=True, help="Poll for changes (network drives, containers) instead of "
                                           "the system's file events.")
@click.option("--debounce", default=0.25, show_default=True, metavar="SECONDS",
              help="Quiet time after the last change before re-reading the vault.")
@_today_option
@_vault_option
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
    import time

    from netnotes.base.diagnostics import format_text
    from netnotes.watch.watcher import WatchOptions, Watcher

    color = use_color()

    def emit(cycle) -> None:
        for d in cycle.appeared:
            click.echo(format_text(d, color), color=color)
        for d in cycle.cleared:
            click.echo(f"cleared: {d.path}:{d.line}:{d.col} [{d.code}]")
        for e in cycle.errors:
            click.echo(f"error: {e}", err=True)
        written = ", ".join(_shown(p) for p in cycle.written) or "reports unchanged"
        problems = len(watcher.diags)
        click.echo(f"[{cycle.when:%H:%M:%S}] {cycle.summary}; {written}; "
                   f"{problems} problem{'s' * (problems != 1)}; watching {len(watcher.notes)} notes")

    options = WatchOptions(formats=("md", "html") if html else ("md",), poll=poll, debounce=debounce,
                           today=today.date() if today else None)
    watcher = Watcher(ctx.find_root().meta.get("netnotes.vault"), options, emit)
    watcher.start()
    for notice in watcher.notices:
        click.echo(notice, err=True)
    click.echo(f"watching {watcher.root} (Ctrl-C to stop)", err=True)
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    click.echo("stopped", err=True)


@cli.command()
@_json_option
@_today_option
@_vault_option
@click.pass_context
def asks(ctx: click.Context, as_json: bool, today) -> None:
    """Whom to ask for the people you want to meet.

    For each of your needs (a note with `type: me`, or [me] in the config): the contacts who
    offer it, then those who know one of them through an introduction or a group.

    \b
    Example:
      netnotes asks --today 2026-11-20
    """
    from netnotes.reports.asks import asks as compute
    from netnotes.reports.owner import owner
    from netnotes.render.report_views import render_asks

    session = load(ctx)
    me = owner(session)
    if me is None:
        raise NetnotesError("netnotes does not know who you are yet",
                            "add a note with `type: me` and your offers and needs (docs/card-format.md)")
    rows = compute(session, _today(today), me=me)
    if as_json:
        _echo_json([r.to_json() for r in rows])
    else:
        click.echo(render_asks(me, rows))


@cli.command()
@click.argument("name", required=False, shell_complete=complete_contact)
@click.option("--depth", default=2, show_default=True, help="How many steps out from NAME.")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "json"]), default="mermaid",
              show_default=True, help="Mermaid (renders in Obsidian), DOT (Graphviz) or JSON.")
@click.option("--max-edges", default=60, show_default=True,
              help="Keep at most this many edges, the strongest; the output says how many were cut.")
@_today_option
@_vault_option
@click.pass_context
def graph(ctx: click.Context, name: str | None, depth: int, fmt: str, max_edges: int, today) -> None:
    """The referral graph: who introduced whom, who referred business, who met where.

    With NAME, the part of it within --depth steps of that person.

    \b
    Examples:
      netnotes graph "Alain Gervais" --depth 1
      netnotes graph --format dot | dot -Tsvg > network.svg
    """
    from netnotes.reports.graph import build, neighbourhood, strongest, to_dot, to_json_text, to_mermaid
    from netnotes.reports.facts import Facts, find_note

    day = _today(today)
    session = load(ctx)
    facts = Facts(session, day)
    g = build(session, day, facts)
    if name:
        g = neighbourhood(g, find_note(session, name).rel, depth)
    g = strongest(g, max_edges)
    click.echo({"mermaid": to_mermaid, "dot": to_dot, "json": to_json_text}[fmt](g), nl=False)


def _print_plan(steps, applied: bool) -> None:
    counts: dict[str, int] = {}
    for st in steps:
        counts[st.action] = counts.get(st.action, 0) + 1
        where = _shown(st.path) if st.path else ""
        if st.action == "create":
            click.echo(f"{'created' if applied else 'would create'}: {where}  ({st.person.where})")
        elif st.action == "merge":
            fields = ", ".join(sorted(st.changes) + (["notes"] if st.add_note else []))
            click.echo(f"{'merged' if applied else 'would merge'} into {where}: {fields}  "
                       f"({st.reason}; {st.person.where})")
        elif st.action == "skip":
            click.echo(f"skipped {st.person.where}: {st.reason}")
        for c in st.conflicts:
            ours, theirs = c.to_json()["ours"], c.to_json()["theirs"]  # dates as 2026-01-02, not repr
            click.echo(f"  conflict in {where}: {c.key} is {ours!r} on the card, {theirs!r} in the file "
                       "(kept the card's; edit it by hand to change it)")
        if st.person.skipped and st.action != "same":
            click.echo(f"  note: {', '.join(st.person.skipped)} left out ({st.person.where})")
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    click.echo(f"{len(steps)} people: {summary}" + ("" if applied or not (counts.get('create') or counts.get('merge'))
                                                   else "; nothing written (add --apply to write)"))


@cli.command("import")
@click.argument("kind", type=click.Choice(["vcard", "linkedin", "csv"]))
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="For `csv` files of other layouts: which column holds which field (repeatable).")
@click.option("--apply", "do_apply", is_flag=True, help="Write the cards (default: only show the plan).")
@_json_option
@_vault_option
@click.pass_context
def import_cmd(ctx: click.Context, kind: str, file: str, mapping, do_apply: bool, as_json: bool) -> None:
    """Import contacts from a vCard file, LinkedIn's Connections.csv or a CSV (Google's, or mapped).

    Shows the plan by default: the cards it would create, the cards it would merge into (and
    why: same email, phone, name...), and every conflict. --apply writes all of it, or
    nothing. Existing values are never overwritten; running it again changes nothing.

    \b
    Examples:
      netnotes import linkedin ~/Downloads/Connections.csv
      netnotes import vcard contacts.vcf --apply
      netnotes import csv people.csv --map "Full name=name" --map "Mail=email" --apply
    """
    from pathlib import Path

    from netnotes.exchange.readers import READERS, parse_mapping
    from netnotes.exchange.imports import apply, plan

    session = load(ctx)
    if kind == "csv":
        people = READERS["csv"](Path(file), parse_mapping(tuple(mapping)) or None)
    else:
        if mapping:
            raise click.BadParameter("only `csv` imports take --map", param_hint="--map")
        people = READERS[kind](Path(file))
    steps = plan(session, people)
    if do_apply:
        bar = {}

        def progress(done: int, total: int) -> None:
            if total > 200 and sys.stderr.isatty():
                if "bar" not in bar:
                    bar["bar"] = click.progressbar(length=total, label="importing", file=sys.stderr)
                    bar["bar"].__enter__()
                bar["bar"].update(1)

        apply(session, steps, progress)
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    if as_json:
        _echo_json({"applied": do_apply, "steps": [st.to_json() for st in steps]})
    else:
        _print_plan(steps, do_apply)


@cli.command()
@_json_option
@_vault_option
@click.pass_context
def duplicates(ctx: click.Context, as_json: bool) -> None:
    """Cards that are probably one person: same email, same phone, or close names at one company.

    \b
    Example:
      netnotes duplicates
    """
    from netnotes.notes.matching import Matcher

    pairs = Matcher(load(ctx).contacts).duplicates()
    if as_json:
        _echo_json([p.to_json() for p in pairs])
    elif not pairs:
        click.echo("no duplicates found")
    else:
        for p in pairs:
            click.echo(f"{p.a.rel}  =  {p.b.rel}\n    {p.reason}; merge with: netnotes merge \"{p.a.rel[:-3]}\" "
                       f"\"{p.b.rel[:-3]}\"")


@cli.command()
@click.argument("a", shell_complete=complete_contact)
@click.argument("b", shell_complete=complete_contact)
@click.option("--prefer", multiple=True, metavar="FIELD=A|B",
              help="For a field both cards set differently: whose value to keep (repeatable).")
@click.option("--apply", "do_apply", is_flag=True, help="Write the merge (default: show it as a diff).")
@_vault_option
@click.pass_context
def merge(ctx: click.Context, a: str, b: str, prefer, do_apply: bool) -> None:
    """Merge card B into card A; B goes to the vault's .trash/ and its name becomes an alias of A.

    Fields only one card has are kept, lists are united, logs are interleaved by date, notes
    are kept. A field both set differently must be settled with --prefer FIELD=A or
    FIELD=B; until then --apply refuses. Links to B keep resolving, through the alias.

    \b
    Examples:
      netnotes merge "Alain Gervais" "Al Gervais"
      netnotes merge "Alain Gervais" "Al Gervais" --prefer company=B --apply
    """
    from netnotes.edit.mergeplan import merge_plan, write_merge

    session = load(ctx)
    choices: dict[str, str] = {}
    for item in prefer:
        key, sep, side = item.partition("=")
        if not sep or side.strip().upper() not in ("A", "B"):
            raise click.BadParameter(f"{item!r}: write FIELD=A or FIELD=B", param_hint="--prefer")
        choices[key.strip()] = side.strip().upper()
    planned = merge_plan(session, a, b, choices)
    click.echo(planned.result.diff(), nl=False)
    if not do_apply:
        click.echo(f"{_shown(planned.b_path)} would move to {_shown(planned.trash_path)}")
    for c in planned.conflicts:
        ours, theirs = c.to_json()["ours"], c.to_json()["theirs"]
        click.echo(f"conflict: {c.key} is {ours!r} on A and {theirs!r} on B: add --prefer {c.key}=A or "
                   f"--prefer {c.key}=B", err=True)
    if not do_apply:
        click.echo("nothing written (add --apply to write)" + ("" if not planned.conflicts else
                                                               ", after settling the conflicts"))
        return
    if planned.conflicts:
        from netnotes.edit.spans import EditRefused

        raise EditRefused("the cards disagree on " + ", ".join(c.key for c in planned.conflicts) +
                          "; nothing was written", "choose with --prefer FIELD=A or FIELD=B")
    write_merge(planned)
    click.echo(f"merged into {_shown(planned.result.path)}; {_shown(planned.b_path)} moved to "
               f"{_shown(planned.trash_path)}")


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["vcard", "csv", "json", "ics"]))
@click.option("--out", metavar="PATH|-", default="-", show_default=True, help="Where to write; - prints.")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@click.option("--tier", "tiers", multiple=True, help="Only this tier (repeatable).")
@click.option("--group", "groups", multiple=True, help="Only members of this group (repeatable).")
@click.option("--within", default="30d", show_default=True, metavar="DURATION",
              help="For ics: follow-ups due within this long.")
@_today_option
@_vault_option
@click.pass_context
def export(ctx: click.Context, fmt: str, out: str, tags, tiers, groups, within: str, today) -> None:
    """Export contacts as vCard, CSV or JSON, or follow-ups as an iCalendar file.

    The iCalendar events are all-day with an alarm, and keep their UIDs from run to run, so a
    calendar that re-imports the file updates them instead of adding duplicates.

    \b
    Examples:
      netnotes export vcard --tier A --out a-list.vcf
      netnotes export ics --out followups.ics
    """
    from pathlib import Path

    from netnotes.exchange import exports as exporters
    from netnotes.reports.facts import Filters, list_contacts

    day = _today(today)
    session = load(ctx, with_body=True)
    if fmt == "ics":
        from netnotes.base.dates import parse_duration
        from netnotes.reports.followups import followups as compute

        days = parse_duration(within)
        if days is None:
            raise click.BadParameter("write a duration such as 30d or 6w", param_hint="--within")
        text = exporters.to_ics(compute(session, day, days), day)
    else:
        rows = list_contacts(session, Filters(tuple(tags), tuple(tiers), tuple(groups)), day)
        notes = [r.facts.note for r in rows]
        text = {"vcard": exporters.to_vcard, "csv": exporters.to_csv, "json": exporters.to_json}[fmt](notes)
    if out == "-":
        click.echo(text, nl=False)
        return
    from netnotes.vault.atomic import write_if_changed

    target = Path(out)
    written = write_if_changed(target, text.encode("utf-8"))
    click.echo(f"{'wrote' if written else 'unchanged'}: {_shown(target)}", err=True)


def _dry_run_option(f):
    return click.option("--dry-run", is_flag=True, help="Print the change as a unified diff and write nothing.")(f)


def _show_edits(results, dry_run: bool) -> None:
    for r in results:
        if dry_run:
            click.echo(r.diff(), nl=False)
        else:
            click.echo(f"{'updated' if r.before else 'created'}: {r.shown}" if r.changed else f"unchanged: {r.shown}")


def _day(value) -> "object":
    return value.date() if value else None


@cli.command()
@click.argument("name")
@click.option("--company", help="Company or organisation.")
@click.option("--role", help="Their role or title.")
@click.option("--email", multiple=True, help="Email address (repeatable).")
@click.option("--phone", multiple=True, help="Phone number (repeatable).")
@click.option("--met", "met", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="When you met (default: --today).")
@click.option("--met-at", help="Where you met: a group or event name (linked) or free text.")
@click.option("--introduced-by", help="Who introduced you (a contact's name; linked).")
@click.option("--tier", help="Priority tier from the config (e.g. A).")
@click.option("--tags", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--offers", multiple=True, help="Something they offer (repeatable).")
@click.option("--needs", multiple=True, help="Something they need (repeatable).")
@click.option("--force", is_flag=True, help="Add the card even if a similar person exists.")
@click.option("--edit", "then_edit", is_flag=True, help="Open the new card in $EDITOR.")
@_dry_run_option
@_today_option
@_vault_option
@click.pass_context
def add(ctx: click.Context, name: str, company, role, email, phone, met, met_at, introduced_by, tier, tags,
        offers, needs, force: bool, then_edit: bool, dry_run: bool, today) -> None:
    """Add a new contact card in the contacts folder (from templates/card.md.j2).

    The file is named after the person (characters Obsidian cannot link are left out); an
    existing card is never overwritten, and a similar name stops it ("did you mean").

    \b
    Example:
      netnotes add "Grace Whitfield" --company "Whitfield Realty" --met-at "Ottawa Chamber of Commerce" --tier B
    """
    from netnotes.edit.capture import add_contact

    session = load(ctx)
    day = _today(today)

    def linked(value):
        if not value:
            return None
        from netnotes.notes.links import parse_one

        if parse_one(value):
            return value
        target = session.resolver.resolve(value).note
        return f"[[{target.title}]]" if target else value

    fields = {"company": company, "role": role, "email": _one_or_list(email), "phone": _one_or_list(phone),
              "met": (met.date() if met else day), "met_at": linked(met_at),
              "introduced_by": linked(introduced_by), "tier": tier, "tags": list(tags),
              "offers": list(offers), "needs": list(needs)}
    if tier and tier not in session.vault.config.tiers:
        raise click.BadParameter(f"`{tier}` is not a tier of the config ({', '.join(session.vault.config.tiers)})",
                                 param_hint="--tier")
    result = add_contact(session, name, fields, force, dry_run)
    _show_edits([result], dry_run)
    if then_edit and not dry_run:
        from netnotes.edit.editor import edit_card

        edit_card(result.path, session.vault.config, _ask)


def _one_or_list(values: tuple[str, ...]):
    return None if not values else values[0] if len(values) == 1 else list(values)


def _ask(question: str) -> bool:
    return sys.stdin.isatty() and click.confirm(question, default=True)


@cli.command("log")
@click.argument("name", shell_complete=complete_contact)
@click.argument("entry")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The day it happened (default: --today).")
@_dry_run_option
@_today_option
@_vault_option
@click.pass_context
def log_cmd(ctx: click.Context, name: str, entry: str, day, dry_run: bool, today) -> None:
    """Add an entry to a contact's ## Log (the section is created when missing).

    ENTRY follows the log grammar: `kind[ details]: text` (docs/card-format.md). The entry
    goes where the card's own order puts it: newest first, or oldest first.

    \b
    Example:
      netnotes log "Alain Gervais" "call: asked how I can help" --date 2026-11-20
    """
    from netnotes.edit.capture import add_log

    session = load(ctx)
    _show_edits([add_log(session, name, entry, _day(day) or _today(today), dry_run)], dry_run)


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@click.argument("when", required=False)
@click.option("--clear", is_flag=True, help="Remove next_followup from the card.")
@_dry_run_option
@_today_option
@_vault_option
@click.pass_context
def followup(ctx: click.Context, name: str, when: str | None, clear: bool, dry_run: bool, today) -> None:
    """Set when to follow up with a contact (next_followup on the card).

    WHEN is a date (2026-12-01) or words: "in 2 weeks", "next friday", "tomorrow".

    \b
    Examples:
      netnotes followup "Alain Gervais" "in 2 weeks"
      netnotes followup "Alain Gervais" --clear
    """
    from netnotes.edit.capture import set_followup

    session = load(ctx)
    _show_edits([set_followup(session, name, when, _today(today), clear, dry_run)], dry_run)


@cli.command()
@click.argument("a", shell_complete=complete_contact)
@click.argument("b", shell_complete=complete_contact)
@click.option("--note", default="", help="What the introduction was about.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The day of the introduction (default: --today).")
@_dry_run_option
@_today_option
@_vault_option
@click.pass_context
def intro(ctx: click.Context, a: str, b: str, note: str, day, dry_run: bool, today) -> None:
    """Record that you introduced A and B: an `intro` entry on both cards.

    The introductions report stops suggesting the pair, and reciprocity counts it as help
    given to both.

    \b
    Example:
      netnotes intro "Susan McAllister" "Emily Watson" --note "HR for her new hires"
    """
    from netnotes.edit.capture import record_intro

    session = load(ctx)
    _show_edits(record_intro(session, a, b, _day(day) or _today(today), note, dry_run), dry_run)


@cli.command()
@click.argument("name", shell_complete=complete_contact)
@_dry_run_option
@_vault_option
@click.pass_context
def edit(ctx: click.Context, name: str, dry_run: bool) -> None:
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
    note = find_note(session, name)
    result = edit_card(session.vault.root / note.rel, session.vault.config, _ask, dry_run=dry_run)
    if result is not None:
        _show_edits([result], dry_run)


def _shown(path) -> str:
    """The path as the user can open it: relative to the current folder when inside it."""
    import os

    full = os.path.abspath(path)
    rel = os.path.relpath(full)
    return full if rel.startswith("..") else rel


def main() -> None:
    cli(prog_name="netnotes")
