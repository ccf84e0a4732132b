"""Git conflict markers left in a note: a merge that nobody finished.

A half-merged card still parses in places (the Log reads around the markers, and a marker
in the free notes is just text), so without this check `validate`, the pre-commit hook and
CI would accept it. Only a block that opens with ``<<<<<<<`` and closes with ``>>>>>>>``
counts (a lone ``=======`` is Markdown's underline of a heading), and not inside a fenced
code block, where it is shown, not left.
"""

from __future__ import annotations

OPEN, BASE, MIDDLE, CLOSE = "<<<<<<<", "|||||||", "=======", ">>>>>>>"


def _is(line: str, marker: str) -> bool:
    return line.startswith(marker) and (len(line) == len(marker) or line[len(marker)] in " \t\r")


def conflict_markers(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line, message) for each marker line of every conflict block in ``lines``."""
    out: list[tuple[int, str]] = []
    block: list[tuple[int, str]] = []
    fence = None
    for i, line in enumerate(lines, 1):
        stripped = line.lstrip()
        if not block and stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence is not None:
            continue  # markers shown in a code block are an example, not a merge left unfinished
        if _is(line, OPEN):
            block = [(i, OPEN)]
        elif block and (_is(line, BASE) or _is(line, MIDDLE)):
            block.append((i, line[:7]))
        elif block and _is(line, CLOSE):
            block.append((i, CLOSE))
            opened = block[0][0]
            for n, marker in block:
                out.append((n, f"git conflict marker `{marker}` (the conflict opened on line {opened}): the merge "
                               "is unfinished; keep the right lines, delete the marker lines, then commit"))
            block = []
    return out
