"""netnotes/render/charts.py: bars, columns and dot strips as inline SVG."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from netnotes.render.charts import Bar, Column, Dot, Segment, bars, columns, dot_strip, nice_ticks, num


def widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect class="c-[a-z]+" x="[^"]*" y="[^"]*" width="([\d.]+)%"', svg)]


def test_bars_are_scaled_to_the_longest():
    svg = str(bars([Bar("a", (Segment(50, "c-accent"),), "50"), Bar("b", (Segment(200, "c-accent"),), "200"),
                    Bar("c", (Segment(0, "c-accent"),), "-")]))
    assert widths(svg) == [25.0, 100.0]
    assert svg.count('class="bar-row"') == 3 and 'aria-hidden="true"' in svg


def test_overlaid_and_stacked_segments():
    stacked = str(bars([Bar("x", (Segment(1, "c-warn"), Segment(3, "c-accent")), "4", centred=True)]))
    assert re.findall(r'class="c-(\w+)" x="([\d.]+)%"', stacked) == [("warn", "0"), ("accent", "25")]
    over = str(bars([Bar("y", (Segment(4, "c-soft"), Segment(1, "c-accent")), "4/1", overlay=True,
                         second=Segment(2, "c-warm"))]))
    assert widths(over) == [100.0, 25.0, 50.0]


def test_labels_and_values_are_escaped():
    svg = str(bars([Bar("<script>alert(1)</script>", (Segment(1, "c-accent"),), "<b>1</b>")]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;1&lt;/b&gt;" in svg
    strip = str(dot_strip([("<i>A</i>", [Dot(3, "<img src=x>: 3 days late")])], "days <late>"))
    assert "<img" not in strip and "<i>" not in strip and "days &lt;late&gt;" in strip


def test_columns_label_every_nth_week_counting_back_from_this_one():
    svg = str(columns([Column(f"w{i}", i) for i in range(12)], every=3))
    assert re.findall(r'class="axis"[^>]*>(w\d+)<', svg) == ["w2", "w5", "w8", "w11"]
    assert svg.count("<rect") == 11  # a week with nothing has no column, only its 0


def test_numbers_are_written_the_same_way_every_time():
    assert [num(x) for x in (0, 0.0001, 12.5, 100 / 3, -0.001)] == ["0", "0", "12.5", "33.33", "0"]


@given(st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_ticks_are_round_and_reach_the_top(top):
    ticks = nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and 2 <= len(ticks) <= 7
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    step = steps.pop()
    assert int(str(step).rstrip("0") or "0") in (1, 2, 5)
