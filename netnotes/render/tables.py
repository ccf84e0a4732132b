"""Plain-text tables that fit the terminal: as wide as ``COLUMNS`` says, else the terminal, else
80 columns (a pipe or a file). Widths are what a terminal shows (wcwidth): 李娜 and most emoji
take two columns each, a combining accent none.

When a table is too wide, the least useful column gives way first (``flexible``, which the
caller names), then the other columns, widest first, and the columns the user asked about
(``keep``: the offers of ``who TERM``) only when nothing else is left to shrink. A cut cell ends
with "…". The header line is bold; the CLI strips the styling when colour is off (NO_COLOR,
``--color never``, or not a terminal).
"""

from __future__ import annotations

import functools
import shutil
from typing import Sequence

from netnotes.base.text import printable

GAP = 2  # spaces between two columns
SOFT = (8, 12)  # first pass: the flexible column keeps 8 columns, the others 12
HARD = 3  # second pass, only on narrow terminals: room for two characters and "…"
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def terminal_width() -> int:
    """``COLUMNS`` when set (as ``ls`` and git read it), else the terminal's width, else 80."""
    return max(shutil.get_terminal_size((80, 24)).columns, 1)


def clean(text: str) -> str:
    """A cell as one line of printable text (``base.text.printable``): an escape sequence in a
    card could restyle the terminal."""
    return printable(text)


def columns(text: str) -> int:
    """The columns ``text`` (a cleaned cell) takes on screen."""
    return len(text) if text.isascii() else max(_wcwidth().width(text), 0)


def cut(text: str, room: int) -> str:
    """``text`` in at most ``room`` columns, ending with "…" when it was longer."""
    if columns(text) <= room:
        return text
    if room <= 1:
        return "…"[:room]
    if text.isascii():
        return text[:room - 1] + "…"
    return _wcwidth().clip(text, 0, room - 1) + "…"  # a wide character split at the edge leaves a space


@functools.cache
def _wcwidth():
    """Imported for the first cell that is not ASCII: a table of plain names never needs it."""
    import wcwidth

    return wcwidth


def pad(text: str, room: int) -> str:
    return text + " " * max(room - columns(text), 0)


def column_widths(natural: Sequence[int], width: int, flexible: int = 0, keep: Sequence[int] = ()) -> list[int]:
    """Each column's width so that the table fits ``width`` where it can: ``flexible`` first,
    then the others widest first, each down to a soft floor, then down to ``HARD``; the kept
    columns only after that, in the same two steps."""
    cols = list(natural)
    n = len(cols)
    kept = [i for i in keep if 0 <= i < n]
    others = sorted((i for i in range(n) if i != flexible and i not in kept), key=lambda i: -cols[i])
    first = ([flexible] if 0 <= flexible < n and flexible not in kept else []) + others
    soft = {i: SOFT[0] if i == flexible else SOFT[1] for i in range(n)}
    for order, floor in ((first, soft), (first, None), (kept, soft), (kept, None)):
        for i in order:
            excess = sum(cols) + GAP * (n - 1) - width
            if excess <= 0:
                return cols
            cols[i] -= max(min(cols[i] - (floor[i] if floor else HARD), excess), 0)
    return cols


def render_table(headers: list[str], rows: list[list[str]], width: int | None = None,
                 flexible: int = 0, keep: Sequence[int] = ()) -> str:
    """Columns sized to their content and cut to fit ``width`` (default: ``terminal_width()``).

    ``flexible`` is the column that gives way first; ``keep`` the columns that give way last."""
    width = width or terminal_width()
    body = [[clean(str(v)) for v in r] for r in rows]
    natural = [max([columns(h)] + [columns(r[i]) for r in body]) for i, h in enumerate(headers)]
    cols = column_widths(natural, width, flexible, keep)

    def line(cells: Sequence[str]) -> str:
        return (" " * GAP).join(pad(cut(v, cols[i]), cols[i]) for i, v in enumerate(cells)).rstrip()

    lines = [BOLD + line(headers) + RESET, (" " * GAP).join("-" * c for c in cols)]
    lines.extend(line(r) for r in body)
    return "\n".join(lines)
