"""``parse_day`` (netnotes.base.dates), the one reader of typed dates: ISO round trips,
durations count from today, numeric dates only in a stated order or when unambiguous."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from netnotes.base.dates import DateTextError, add_months, parse_day

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
TODAY = dt.date(2026, 11, 20)


@given(DAYS, DAYS)
def test_iso_round_trips(day, today):
    assert parse_day(day.isoformat(), today) == day
    assert parse_day(f"  {day.isoformat()} ", today, "mdy") == day


@given(DAYS, st.integers(0, 500))
def test_durations_count_from_today(today, n):
    assert parse_day(f"{n}d", today) == today + dt.timedelta(days=n)
    assert parse_day(f"{n}w", today) == today + dt.timedelta(weeks=n)
    assert parse_day(f"in {n} days", today) == today + dt.timedelta(days=n)
    assert parse_day(f"{n % 120}m", today) == add_months(today, n % 120)


@given(DAYS)
def test_numeric_dates_round_trip_in_the_configured_order(day):
    assert parse_day(day.strftime("%d.%m.%Y"), TODAY, "dmy") == day
    assert parse_day(day.strftime("%m/%d/%Y"), TODAY, "mdy") == day
    assert parse_day(day.strftime("%Y.%m.%d"), TODAY) == day  # a year first reads one way only


@given(DAYS)
def test_without_an_order_a_numeric_date_is_read_only_when_unambiguous(day):
    text = day.strftime("%d.%m.%Y")
    if day.day <= 12 and day.day != day.month:
        with pytest.raises(DateTextError, match="date_order"):
            parse_day(text, TODAY)
    else:
        assert parse_day(text, TODAY) == day


@pytest.mark.parametrize("text", ["", "  ", "someday maybe", "2026-13-01", "2026-02-30", "31.02.2026"])
def test_what_is_not_a_day_is_refused_with_a_hint(text):
    with pytest.raises(DateTextError) as e:
        parse_day(text, TODAY)
    assert e.value.hint and e.value.hint.startswith("write ")


def test_words_dateparser_reads_in_the_preferred_direction():
    assert parse_day("15 December", TODAY) == dt.date(2026, 12, 15)
    assert parse_day("15 October", TODAY, prefer="past") == dt.date(2026, 10, 15)
