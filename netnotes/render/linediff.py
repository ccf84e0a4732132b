"""A longest common subsequence of two lists of lines, for merging a page with its new render.

``difflib.SequenceMatcher`` is not used: it matches the longest *contiguous* blocks first, so
even when one list is the other with lines inserted it may leave lines of the shorter one
unmatched. The merge of the review page needs the exact property: every line of the new
render is matched when the old page is that render plus the user's lines. Hunt and
Szymanski's algorithm gives an exact LCS in about (n + r) log n steps for r matching pairs,
after the common head and tail (most of a page, usually) are matched directly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence


def common_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` with ``a[i] == b[j]``, increasing in both, as many as possible."""
    n, m = len(a), len(b)
    lo = 0
    while lo < n and lo < m and a[lo] == b[lo]:
        lo += 1
    end_a, end_b = n, m
    while end_a > lo and end_b > lo and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    middle = _hunt_szymanski(a[lo:end_a], b[lo:end_b])
    return ([(k, k) for k in range(lo)] + [(i + lo, j + lo) for i, j in middle]
            + [(end_a + k, end_b + k) for k in range(n - end_a)])


def _hunt_szymanski(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    where: dict[Hashable, list[int]] = {}
    for j, item in enumerate(b):
        where.setdefault(item, []).append(j)
    ends: list[int] = []  # ends[k]: the smallest b index ending a common subsequence of length k + 1
    tails: list[tuple] = []  # the chain (i, j, previous) of that subsequence
    for i, item in enumerate(a):
        for j in reversed(where.get(item, ())):
            k = bisect_left(ends, j)
            link = (i, j, tails[k - 1] if k else None)
            if k == len(ends):
                ends.append(j)
                tails.append(link)
            elif j < ends[k]:
                ends[k] = j
                tails[k] = link
    out: list[tuple[int, int]] = []
    node = tails[-1] if tails else None
    while node is not None:
        out.append((node[0], node[1]))
        node = node[2]
    return out[::-1]
