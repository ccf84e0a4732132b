"""What the commands print, the progress bars they show, the one question they ask, and the
editor they open."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

import click


COLOR = "netnotes.color"  # ctx.meta: the global --color choice, "auto", "always" or "never"
PAGING = "netnotes.paging"  # ctx.meta: True once stdout goes to the pager
# The read commands whose output may run long: on a terminal they page, as `git log` does.
# The others write, ask, open an editor or run until stopped, and never page.
PAGED = frozenset({"list", "show", "who", "search", "followups", "introductions", "asks", "leads",
                   "pipeline", "reciprocity", "groups", "graph", "duplicates", "report", "config"})


def no_color_env() -> bool:
    """NO_COLOR set to anything but the empty string (no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))


def use_color(err: bool = False) -> bool:
    """Whether to style what goes to stdout (``err``: stderr). ``--color always`` or ``never``
    decides; else none when NO_COLOR is set; else only on a terminal (stdout paged counts as
    one, since the pager shows the colours)."""
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    choice = meta.get(COLOR, "auto")
    if choice != "auto":
        return choice == "always"
    if no_color_env():
        return False
    if not err and meta.get(PAGING):
        return True
    return (sys.stderr if err else sys.stdout).isatty()


def set_up_terminal(ctx: click.Context, color: str, pager: bool) -> None:
    """The global ``--color`` and ``--no-pager``: remembered for ``use_color``, given to click
    (``ctx.color``: every ``click.echo`` keeps or strips styling by it), and the pager started
    for the commands in ``PAGED`` when stdout is a terminal."""
    ctx.meta[COLOR] = color
    if pager and ctx.invoked_subcommand in PAGED:
        start_pager(ctx)
    if color == "auto" and not no_color_env() and not ctx.meta.get(PAGING):
        ctx.color = None  # click decides for each stream: styled on a terminal only
    else:
        ctx.color = use_color()


def pager_command() -> tuple[list[str] | str, bool] | None:
    """What pages, as git chooses it: ``$PAGER`` (run by the shell), else ``less -FRX`` (quit
    when it fits one screen, keep colours, leave the text on screen); none when ``$PAGER`` is
    empty or ``cat``, or there is no less."""
    import shutil

    pager = os.environ.get("PAGER")
    if pager is None:
        return (["less", "-FRX"], False) if shutil.which("less") else None
    if pager.strip() in ("", "cat"):
        return None
    return pager, True


def start_pager(ctx: click.Context) -> None:
    """Send this process's stdout to the pager when stdout is a terminal and so is stdin (someone
    is there to page: a pager nobody can answer would hang); the command's end waits for the
    pager to quit. Never when stdout is a pipe or a file."""
    import shutil
    import subprocess

    command = pager_command() if sys.stdout.isatty() and sys.stdin.isatty() else None
    if command is None:
        return
    # Once stdout is a pipe its width cannot be asked: read it now and pass it on as COLUMNS,
    # as git does (tables read COLUMNS first). A COLUMNS the user set is kept.
    os.environ.setdefault("COLUMNS", str(shutil.get_terminal_size((80, 24)).columns))
    sys.stdout.flush()
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # a $PAGER of less, or lv, behaves as under git
    env.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(command[0], shell=command[1], stdin=subprocess.PIPE, env=env)
    except OSError:
        return
    os.dup2(pager.stdin.fileno(), sys.stdout.fileno())
    pager.stdin.close()
    ctx.meta[PAGING] = True
    ctx.call_on_close(lambda: _close_pager(pager))


def _close_pager(pager) -> None:
    """Flush what is left, close the pipe (the pager sees the end), wait until the user quits.
    A pager quit early leaves the rest of the output unread, which is fine."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    while True:
        try:
            pager.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C in the pager is the pager's to handle
            continue


def echo_json(data: object) -> None:
    import json

    from netnotes.base.text import utf8_safe

    click.echo(utf8_safe(json.dumps(data, indent=2, ensure_ascii=False)))


def shown(path) -> str:
    """The path as the user can open it: relative to the current folder when inside it."""
    full = os.path.abspath(path)
    rel = os.path.relpath(full)
    return full if rel.startswith("..") else rel


def echo_written(written: bool, path, err: bool = False) -> None:
    click.echo(f"{'wrote' if written else 'unchanged'}: {shown(path)}", err=err)


def echo_messages(messages, color: bool | None = None) -> None:
    """Lines that each say whether they go to stderr (``netnotes.watch.messages.Message``)."""
    for m in messages:
        click.echo(m.text, err=m.to_stderr, color=color)


def show_edits(results, dry_run: bool) -> None:
    """Each card edit (``netnotes.edit.write.EditResult``): its diff, or what was done."""
    for r in results:
        if dry_run:
            click.echo(r.diff(), nl=False)
        else:
            click.echo(f"{'created' if r.created else 'updated'}: {r.shown}" if r.changed else f"unchanged: {r.shown}")


@contextmanager
def progress_bar(label: str, above: int = -1) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback that draws a bar on stderr when it is a terminal
    and there are more than ``above`` items. The bar is closed when the work succeeds."""
    bar: dict = {}

    def progress(done: int, total: int) -> None:
        if total <= above or not sys.stderr.isatty():
            return
        if "bar" not in bar:
            bar["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar["bar"].__enter__()
            bar["done"] = 0
        bar["bar"].update(done - bar["done"])
        bar["done"] = done

    yield progress
    if "bar" in bar:
        bar["bar"].__exit__(None, None, None)


def ask(question: str) -> bool:
    """Yes or no on a terminal (yes by default); no when nobody is there to answer."""
    return sys.stdin.isatty() and click.confirm(question, default=True)


def open_editor(path) -> None:
    click.edit(filename=str(path))


def say(text: str) -> None:
    """A remark on stderr, beside the output."""
    click.echo(text, err=True)


def until_interrupted() -> None:
    """Wait for Ctrl-C (the work goes on in other threads)."""
    import time

    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
