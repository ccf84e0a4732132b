"""netnotes.render.tables (issue 16): a table fits the width it is given, counts the columns a
terminal shows (wide characters take two), gives way on the least useful column first and on
the kept ones last, and never lets a card's control characters reach the terminal."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from wcwidth import width

from netnotes.render.tables import BOLD, GAP, HARD, RESET, column_widths, cut, render_table


def plain(table: str) -> list[str]:
    return table.replace(BOLD, "").replace(RESET, "").splitlines()


def starts(line: str, cells: list[str]) -> list[int]:
    """The screen column where each cell starts in ``line``."""
    out, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        out.append(width(line[:at]))
        at += len(cell)
    return out


def test_wide_characters_stay_aligned() -> None:
    rows = [["李娜", "Beijing Tea", "A"], ["Zoë Field", "Field & Co", "B"], ["🎉 Party Pat", "Fun", "C"]]
    lines = plain(render_table(["name", "company", "tier"], rows, width=80))
    columns = {tuple(starts(line, row)) for line, row in zip(lines[2:], rows)}
    assert len(columns) == 1, f"each column starts at one screen column: {lines}"
    assert starts(lines[0], ["name", "company", "tier"]) == list(columns.pop())


def test_the_flexible_column_gives_way_and_the_kept_one_last() -> None:
    rows = [["Natalie Simard", "Simard & Associates CPA", "bookkeeping, corporate tax", "trust"]]
    lines = plain(render_table(["name", "company", "offers", "stage"], rows, width=60, flexible=1, keep=(2, 0)))
    assert all(width(line) <= 60 for line in lines)
    assert "bookkeeping, corporate tax" in lines[2] and "Natalie Simard" in lines[2]
    assert "Simard & Associates CPA" not in lines[2] and "…" in lines[2]


def test_a_cut_wide_character_keeps_the_column_width() -> None:
    assert width(cut("李娜娜娜", 4)) <= 4 and cut("李娜娜娜", 4).endswith("…")
    assert cut("short", 10) == "short"


def test_control_characters_never_reach_the_terminal() -> None:
    table = render_table(["name"], [["Evil\x1b[2J\tName\nTwo"]], width=80)
    assert "\x1b[2J" not in table and "\t" not in table and len(plain(table)) == 3


def test_the_header_is_bold_for_the_cli_to_keep_or_strip() -> None:
    table = render_table(["name", "tier"], [["Ann", "A"]], width=80)
    assert table.startswith(BOLD) and table.splitlines()[0].endswith(RESET)


cells = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Mn")), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.text("abcdefgh", min_size=1, max_size=12), min_size=n, max_size=n),
    st.lists(st.lists(cells, min_size=n, max_size=n), max_size=6),
    st.integers(0, n - 1), st.lists(st.integers(0, n - 1), max_size=2), st.integers(20, 140))))
def test_every_line_fits_when_it_can(case) -> None:
    headers, rows, flexible, keep, room = case
    lines = plain(render_table(headers, rows, width=room, flexible=flexible, keep=keep))
    least = HARD * len(headers) + GAP * (len(headers) - 1)
    if room >= least:
        assert all(width(line) <= room for line in lines), lines
    rule = lines[1].split(" " * GAP)
    assert len(rule) == len(headers)


@given(st.lists(st.integers(1, 60), min_size=1, max_size=8), st.integers(10, 200))
def test_column_widths_never_grow_and_keep_what_fits(natural, room) -> None:
    cols = column_widths(natural, room, flexible=0, keep=(len(natural) - 1,))
    assert all(c <= n for c, n in zip(cols, natural))
    if sum(natural) + GAP * (len(natural) - 1) <= room:
        assert cols == natural
