"""What the index stores of a card reads back as the card held it (netnotes.index.serialize):
property values keep dates apart from text that reads as one, and a card's own mappings that
look like ours stay mappings."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from conftest import parse
from netnotes.index.serialize import decode_value, dumps, encode_value, loads

SCALARS = (st.text() | st.integers(-10 ** 12, 10 ** 12) | st.floats(allow_nan=False) | st.booleans() | st.none()
           | st.dates() | st.datetimes())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text().filter(lambda k: not k.startswith("$")), inner, max_size=4),
                      max_leaves=12)


def _same(a, b) -> bool:
    """Equal, and of the same type all the way down (a date is not its text)."""
    if type(a) is not type(b):
        return isinstance(a, float) and isinstance(b, float) and math.isclose(a, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


@given(VALUES)
def test_every_property_value_reads_back_with_its_type(value):
    assert _same(decode_value(encode_value(value)), value)


def test_a_date_and_text_that_reads_as_one_stay_apart():
    note = parse('---\nmet: 2026-11-20\nnote: "2026-11-20"\nodd: {$d: not a date}\n---\nHi\n')
    props = loads(dumps(note)).props
    assert props["met"] == dt.date(2026, 11, 20)
    assert props["note"] == "2026-11-20"
    assert props["odd"] == {"$d": "not a date"}
    for key in ("met", "note", "odd"):
        assert _same(decode_value(encode_value(note.props[key])), note.props[key])
