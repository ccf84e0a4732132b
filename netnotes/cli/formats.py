"""The one output convention of every command (docs/cli.md, "Output options"): text for
people, JSON for scripts, CSV for spreadsheets where the output is a table; what a write
command prints; and the notice that some cards could not be read."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterable

import click

from netnotes.cli.output import echo_json, say


def emit(fmt: str, data: Callable[[], Any], text: Callable[[], str], session=None,
         table: Callable[[Any], list[dict]] | None = None) -> None:
    """Print ``data()`` as JSON, or as CSV (``table`` picks the rows out of it), or ``text()``;
    then, on stderr, how many cards could not be parsed (when ``session`` is given)."""
    if fmt == "json":
        echo_json(data())
    elif fmt == "csv":
        value = data()
        click.echo(csv_text(table(value) if table else value), nl=False)
    else:
        click.echo(text())
    if session is not None:
        notice_unparsed(session)


def csv_text(rows: Iterable[dict]) -> str:
    """The JSON rows of a table as CSV: one column per key (a nested record's keys as
    ``a.name``), several values in one cell joined with ``; ``, each cell neutralised so that
    a spreadsheet never runs it (``exchange.exports.cell``). No rows: nothing at all."""
    from netnotes.base.text import utf8_safe
    from netnotes.exchange.exports import cell

    flat = [_flatten(r) for r in rows]
    if not flat:
        return ""  # no row, no columns to name
    columns: dict[str, None] = {}
    for r in flat:
        columns.update(dict.fromkeys(r))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(list(columns))
    for r in flat:
        w.writerow([cell(r.get(c, "")) for c in columns])
    return utf8_safe(out.getvalue())


def _flatten(row: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = _cell_text(value)
    return out


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) for v in value):
            return "; ".join(_cell_text(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def notice_unparsed(session) -> None:
    """``N of M cards could not be parsed; run netnotes validate`` on stderr, from the
    diagnostics the index stored (nothing is re-read)."""
    from netnotes.index.unparsed import unparsed

    if session.index is None:
        return
    count, total = unparsed(session.index.conn)
    if count:
        say(f"notice: {count} of {total} cards could not be parsed; run netnotes validate")


# ---- write commands ------------------------------------------------------------------------


def show_written(results, dry_run: bool, fmt: str = "text", quiet: bool = False,
                 says: Callable[[Any], str | None] | None = None, values: dict | None = None) -> None:
    """What a write command did, once per card (``edit.write.EditResult``): the diff with
    --dry-run; else ``says(result)`` (``Ann Lee: logged ...``; None: the plain line) or
    ``updated: PATH``; as JSON (``values``: what was set, beside each card's path and action);
    nothing with --quiet."""
    results = list(results)
    if fmt == "json":
        echo_json({**(values or {}), "dry_run": dry_run, "cards": [card_json(r, dry_run) for r in results]})
        return
    if dry_run:
        for r in results:
            click.echo(r.diff(), nl=False)
        return
    if quiet:
        return
    for r in results:
        click.echo((says(r) if says is not None else None) or f"{action(r, False)}: {r.shown}")


def card_json(r, dry_run: bool) -> dict:
    """One card a write command changed, for its JSON: path, action, and the diff under --dry-run."""
    return {"path": r.shown, "action": action(r, dry_run), **({"diff": r.diff()} if dry_run else {})}


def action(r, dry_run: bool) -> str:
    """``created``, ``updated`` or ``unchanged`` (``would be ...`` under --dry-run)."""
    if not r.changed:
        return "unchanged"
    done = "created" if r.created else "updated"
    return f"would be {done}" if dry_run else done


def logged(r, vault) -> str | None:
    """``Ann Lee: logged 2026-11-20 intro [[Bea Roy]]: HR (People/Ann Lee.md)``: the entries a
    write added to a card's log, as they are now written on it (None: it added none)."""
    from netnotes.edit.changes import written

    if not r.changed:
        return None
    w = written(r, vault)
    return f"{w.name}: logged {'; '.join(w.entries)} ({r.shown})" if w.entries else None


def met_at_event(r, vault) -> str | None:
    """``Ann Lee: new card, met 2026-12-03 at [[2026-12-03 Mixer]]; next follow-up 2026-12-05
    (People/Ann Lee.md)``: what ``event`` set on one person's card (only what it changed)."""
    from netnotes.edit.changes import written

    w = written(r, vault)
    met, where, follow = w.value("met"), w.value("met_at"), w.value("next_followup")
    parts = []
    if met or where:
        parts.append("met" + (f" {_day(met)}" if met else "") + (f" at {where}" if where else ""))
    if follow:
        parts.append(f"next follow-up {_day(follow)}")
    said = "; ".join(parts) or ("unchanged" if not r.changed else "updated")
    return f"{w.name}: {'new card, ' if r.created else ''}{said} ({r.shown})"


def _day(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
