"""Plain-text tables that fit the terminal (80 columns unless it is wider)."""

from __future__ import annotations

import shutil


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_table(headers: list[str], rows: list[list[str]], width: int | None = None,
                 flexible: int = 0) -> str:
    """Columns sized to content; column ``flexible`` shrinks first when the table is too wide."""
    width = width or max(80, min(shutil.get_terminal_size((80, 24)).columns, 160))
    cols = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    total = sum(cols) + 2 * (len(cols) - 1)
    if total > width:
        cols[flexible] = max(8, cols[flexible] - (total - width))
        total = sum(cols) + 2 * (len(cols) - 1)
        for i in range(len(cols)):
            if total <= width:
                break
            if i != flexible and cols[i] > 12:
                cut = min(cols[i] - 12, total - width)
                cols[i] -= cut
                total -= cut
    lines = ["  ".join(_cut(h, cols[i]).ljust(cols[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * c for c in cols))
    for r in rows:
        lines.append("  ".join(_cut(v, cols[i]).ljust(cols[i]) for i, v in enumerate(r)).rstrip())
    return "\n".join(lines)
