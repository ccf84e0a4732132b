"""Properties of the review page merge (netnotes.render.review_page.merge): whatever lines a
user inserts anywhere into a rendered page survive a re-render in their order, and a re-run
is byte-identical; the line matcher under it is an exact longest common subsequence."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, copy_sample, run_ok
from netnotes.render.linediff import common_pairs
from netnotes.render.review_page import NOTES_HEADING, RECORD_KEY, merge

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.lru_cache(maxsize=None)
def rendered(day: str) -> str:
    """The sample vault's review as ``report --out -`` prints it on ``day`` (the template's own
    text, before any merge)."""
    vault = copy_sample(Path(tempfile.mkdtemp()) / "sv")
    return run_ok(["report", "--out", "-"], vault, today=day).stdout


# what a user could type on a line: anything but our own block ids, the notes heading and the
# record's key (those three are netnotes' markers)
user_line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40).filter(
    lambda s: " ^nn-" not in s and s.rstrip() != NOTES_HEADING and not s.startswith(RECORD_KEY))
insertions = st.lists(st.tuples(st.integers(min_value=0), user_line), max_size=12)


def insert(page: str, where: list[tuple[int, str]]) -> tuple[str, list[str]]:
    """The page with each line inserted before line ``n % (lines + 1)``; the lines in page order."""
    lines = page.split("\n")[:-1]  # the page ends with a newline
    marked = [(line, False) for line in lines]
    for n, text in where:
        marked.insert(n % (len(marked) + 1), (text, True))
    return "\n".join(line for line, _ in marked) + "\n", [line for line, mine in marked if mine]


def is_subsequence(needles: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(line == n for line in it) for n in needles)


@SETTINGS
@given(insertions)
def test_lines_inserted_anywhere_survive_and_a_rerun_is_byte_identical(where):
    r = rendered(TODAY.isoformat())
    page, mine = insert(merge(None, r), where)  # the page as written, then edited
    once = merge(page, r)
    assert once == page, "nothing new to render: the user's page is kept as it is"
    assert is_subsequence(mine, once.split("\n"))
    assert merge(once, r) == once


@SETTINGS
@given(insertions)
def test_lines_inserted_anywhere_survive_a_render_that_changed(where):
    before, after = rendered("2026-11-17"), rendered(TODAY.isoformat())
    generated = set(before.split("\n")) | set(after.split("\n"))
    where = [(n, text) for n, text in where if text.strip() and text not in generated]
    page, mine = insert(merge(None, before), where)
    once = merge(page, after)
    assert is_subsequence(mine, once.split("\n"))
    assert merge(once, after) == once
    # and nothing of the old render that the new one lacks is left behind
    stale = [line for line in before.split("\n") if line.strip() and line not in after.split("\n")
             and " ^nn-" not in line]
    assert not [line for line in stale if line in once.split("\n")]


def lcs_length(a: list[int], b: list[int]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=25), st.lists(st.integers(0, 4), max_size=25))
def test_common_pairs_is_a_longest_common_subsequence(a, b):
    pairs = common_pairs(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert len(pairs) == lcs_length(a, b)
