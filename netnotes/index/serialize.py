"""Notes to JSON and back, for the index. JSON, not pickle: a cache file must never run code."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from netnotes.notes.note import Link, Note
from netnotes.base.diagnostics import Diagnostic, Severity
from netnotes.notes.log import LogEntry


def _default(o: Any) -> Any:
    if isinstance(o, dt.datetime):
        return {"$dt": o.isoformat()}
    if isinstance(o, dt.date):
        return {"$d": o.isoformat()}
    return str(o)


def _hook(d: dict) -> Any:
    if len(d) == 1:  # a card's own {$d: ...} mapping is not one of ours unless it reads as a date
        try:
            if "$d" in d:
                return dt.date.fromisoformat(d["$d"])
            if "$dt" in d:
                return dt.datetime.fromisoformat(d["$dt"])
        except (TypeError, ValueError):
            pass
    return d


# json.loads(..., object_hook=_hook), built once (json.loads builds a decoder per call when
# given a hook: a third of the time of reading a short value)
_decode = json.JSONDecoder(object_hook=_hook).decode

# json.dumps(..., default=_default, separators=(",", ":")), built once; a note's values are a
# tree (nothing to check for cycles), and tuples are written as the lists they stand for
_encode = json.JSONEncoder(default=_default, separators=(",", ":"), check_circular=False).encode


def encode_value(value: Any) -> str:
    """One property's value as the ``props`` table stores it (``decode_value`` reads it)."""
    return _encode(value)


def decode_value(text: str) -> Any:
    """A stored property value; a plain string without escapes is read directly."""
    if len(text) > 1 and text[0] == '"' and text[-1] == '"' and "\\" not in text:
        return text[1:-1]
    if len(text) == 19 and text.startswith('{"$d":"') and text[17:] == '"}':  # a date, the other common case
        try:
            return dt.date.fromisoformat(text[7:17])
        except ValueError:
            pass
    try:
        return _decode(text)
    except ValueError:
        return text


def dumps(note: Note) -> str:
    """Everything of the note but its body (stored beside it for full-text search)."""
    return _encode([
        note.rel, note.title, note.kind, note.props, note.body_line, note.tags,
        note.links,  # (target, source, line, col, heading)
        [(e.line, e.date.isoformat()) + e[2:] for e in note.log],  # the date as text, then the rest
        _diagnostic_rows(note.diagnostics),
        note.prop_pos,
        [(e.line, e.date.isoformat()) + e[2:] for e in note.planned],
    ])


def _diagnostic_rows(diags) -> list:
    return [[d.path, d.line, d.col, d.code, d.message, d.severity.value, d.excerpt, d.span] for d in diags]


def dump_diagnostics(diags) -> str:
    """Diagnostics alone (the index keeps the vault-wide ones in ``derived``)."""
    return _encode(_diagnostic_rows(diags))


def load_diagnostics(text: str) -> tuple[Diagnostic, ...]:
    return _diagnostics(json.loads(text))


def loads(text: str, body: str = "") -> Note:
    (rel, title, kind, props, body_line, tags, links, log, diags, pos, planned) = _decode(text)
    return Note(
        rel, title, kind, props, body, body_line, tuple(tags),
        tuple(Link(t, s, line, col, h) for t, s, line, col, h in links),
        _entries(log),
        _diagnostics(diags),
        {k: tuple(v) for k, v in pos.items()},
        _entries(planned),
    )


def _entries(rows: list) -> tuple[LogEntry, ...]:
    return tuple(LogEntry(line, dt.date.fromisoformat(d), k, dr, h, tx, tuple(ls), a, c, t)
                 for line, d, k, dr, h, tx, ls, a, c, t in rows)


def _diagnostics(rows: list) -> tuple[Diagnostic, ...]:
    return tuple(Diagnostic(p, line, col, code, msg, Severity(sev), ex, sp)
                 for p, line, col, code, msg, sev, ex, sp in rows)


def diagnostics(text: str) -> tuple[Diagnostic, ...]:
    """Only the diagnostics of a stored note (``validate`` needs nothing else of it)."""
    return _diagnostics(json.loads(text)[8])
