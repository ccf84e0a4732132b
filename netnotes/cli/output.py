"""What the commands print, the progress bars they show, the one question they ask, and the
editor they open."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

import click


def use_color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


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
