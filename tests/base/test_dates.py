"""Dates (netnotes.base.dates): the phrases netnotes documents mean the same day whichever
dateparser is installed."""

from __future__ import annotations

import datetime as dt

import pytest

from netnotes.base.dates import add_months, parse_relative_date

FRIDAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize("text, day", [
    ("today", "2026-11-20"), ("tomorrow", "2026-11-21"), ("yesterday", "2026-11-19"),
    ("friday", "2026-11-27"), ("next friday", "2026-11-27"), ("this friday", "2026-11-20"),
    ("last friday", "2026-11-13"), ("Next  Tuesday", "2026-11-24"), ("mon", "2026-11-23"),
    ("last monday", "2026-11-16"), ("in 2 weeks", "2026-12-04"), ("2w", "2026-12-04"),
    ("3 days ago", "2026-11-17"), ("in 1 month", "2026-12-20"), ("1y", "2027-11-20"),
])
def test_documented_phrases(text, day):
    assert parse_relative_date(text, FRIDAY) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("text", ["blah", "in 2 fortnights", "fr", "next", ""])
def test_anything_else_is_left_to_the_fallback(text):
    assert parse_relative_date(text, FRIDAY) is None


def test_a_month_later_is_clamped_to_the_month_end():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
