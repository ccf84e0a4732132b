"""What ``netnotes watch`` says after each re-read: the problems that appeared or cleared,
the errors, and one status line."""

from __future__ import annotations

from typing import NamedTuple

from netnotes.base.diagnostics import format_text
from netnotes.edit.write import shown_path
from netnotes.watch.watcher import Cycle, Watcher


class Message(NamedTuple):
    text: str
    to_stderr: bool = False


def cycle_messages(cycle: Cycle, watcher: Watcher, color: bool = False) -> list[Message]:
    """In order: each problem that appeared (as ``netnotes validate`` prints it), each one
    cleared, each error, then what was written and how many problems and notes there are now."""
    problems, notes = len(watcher.diags), watcher.note_count
    out = [Message(format_text(d, color)) for d in cycle.appeared]
    out += [Message(f"cleared: {d.path}:{d.line}:{d.col} [{d.code}]") for d in cycle.cleared]
    out += [Message(f"error: {e}", to_stderr=True) for e in cycle.errors]
    out += [Message(f"warning: {w}", to_stderr=True) for w in cycle.warnings]
    out += [Message(f"recorded: {line}") for line in cycle.recorded]
    written = ", ".join(shown_path(p) for p in cycle.written) or "reports unchanged"
    out.append(Message(f"[{cycle.when:%H:%M:%S}] {cycle.summary}; {written}; "
                       f"{problems} problem{'s' * (problems != 1)}; watching {notes} notes"))
    return out
