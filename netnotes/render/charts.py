"""Charts for the HTML review, as inline SVG written here: bars, a funnel, columns, a dot strip.

No JavaScript and no library: each chart is a few rectangles whose sizes are percentages of
the page's width, so the same bytes fit a phone and a desktop, text stays at its own size
(never scaled down with the drawing), and the page stays one file that renders offline.
Everything from cards is escaped (``markupsafe.escape``). Charts are ``aria-hidden``: each
sits beside a table of the same numbers, which is what a screen reader reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its length, in the chart's unit, and its colour's class."""

    value: float
    css: str


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, its segments (drawn one after the other from the
    left, or all from the left when ``overlay``), and its value as text."""

    label: str
    segments: tuple[Segment, ...]
    shown: str
    overlay: bool = False
    second: Segment | None = None  # a thinner bar under the first (e.g. referrals)
    centred: bool = False  # a funnel's bar: centred in its track


def num(x: float) -> str:
    """A coordinate as the fewest digits that keep it exact to 0.01 (same input, same bytes)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def bars(rows: list[Bar], css: str = "") -> Markup:
    """A bar chart: one row per bar, its label above (phone) or beside (desktop) the bar."""
    top = max((_length(b) for b in rows), default=0) or 1
    out = [f'<div class="bars {escape(css)}" aria-hidden="true">']
    for b in rows:
        out.append('<div class="bar-row">'
                   f'<span class="bar-label">{escape(b.label)}</span>'
                   f'<span class="bar-track">{_bar_svg(b, top)}</span>'
                   f'<span class="bar-value">{escape(b.shown)}</span></div>')
    out.append("</div>")
    return Markup("".join(out))


def _length(b: Bar) -> float:
    main = max((s.value for s in b.segments), default=0) if b.overlay else sum(s.value for s in b.segments)
    return max(main, b.second.value if b.second else 0)


def _bar_svg(b: Bar, top: float) -> str:
    height = 22 if b.second else 14
    rects, x = [], 0.0
    total = _length(b)
    start = (100 - 100 * total / top) / 2 if b.centred else 0.0
    for s in b.segments:
        if s.value <= 0:
            continue
        w = 100 * s.value / top
        left = start if b.overlay else start + x
        rects.append(f'<rect class="{escape(s.css)}" x="{num(left)}%" y="0" width="{num(w)}%" height="14" rx="2"/>')
        x += w
    if b.second and b.second.value > 0:
        w = 100 * b.second.value / top
        rects.append(f'<rect class="{escape(b.second.css)}" x="0" y="16" width="{num(w)}%" height="6" rx="2"/>')
    return (f'<svg class="bar" width="100%" height="{height}" role="presentation" focusable="false">'
            f'<rect class="track" x="0" y="0" width="100%" height="14" rx="2"/>{"".join(rects)}</svg>')


@dataclass(frozen=True)
class Column:
    label: str  # under the column (shown for some columns only when there are many)
    value: int
    css: str = "c-accent"


def columns(cols: list[Column], every: int = 1, height: int = 120) -> Markup:
    """A column chart (touches per week): each column's value above it, every ``every``-th
    label under the axis."""
    top = max((c.value for c in cols), default=0) or 1
    n = max(len(cols), 1)
    slot = 100 / n
    parts = [f'<svg class="columns" width="100%" height="{height + 40}" aria-hidden="true" focusable="false">']
    base = height + 16
    for i, c in enumerate(cols):
        h = (height * c.value / top) if c.value else 0
        x = i * slot + slot * 0.15
        mid = i * slot + slot / 2
        if h:
            parts.append(f'<rect class="{escape(c.css)}" x="{num(x)}%" y="{num(base - h)}" '
                         f'width="{num(slot * 0.7)}%" height="{num(h)}" rx="2"/>')
        parts.append(f'<text class="value" x="{num(mid)}%" y="{num(base - h - 4)}" text-anchor="middle">{c.value}</text>')
        if (n - 1 - i) % every == 0:
            parts.append(f'<text class="axis" x="{num(mid)}%" y="{base + 16}" text-anchor="middle">{escape(c.label)}</text>')
    parts.append(f'<line class="axis-line" x1="0" x2="100%" y1="{base}" y2="{base}"/></svg>')
    return Markup("".join(parts))


@dataclass(frozen=True)
class Dot:
    value: float  # position on the axis (days late)
    title: str  # shown on hover
    css: str = "c-accent"


def dot_strip(rows: list[tuple[str, list[Dot]]], unit: str) -> Markup:
    """One line of dots per row (follow-ups by tier, placed by how late they are), and an
    axis of round numbers under them."""
    top = max((d.value for _, dots in rows for d in dots), default=0)
    ticks = nice_ticks(top)
    span = ticks[-1] or 1
    out = ['<div class="bars dots" aria-hidden="true">']
    for label, dots in rows:
        circles = "".join(
            f'<circle class="{escape(d.css)}" cx="{num(2 + 96 * d.value / span)}%" cy="10" r="6">'
            f'<title>{escape(d.title)}</title></circle>' for d in sorted(dots, key=lambda d: d.value))
        out.append(f'<div class="bar-row"><span class="bar-label">{escape(label)}</span><span class="bar-track">'
                   f'<svg class="strip" width="100%" height="20" focusable="false">'
                   f'<line class="axis-line" x1="0" x2="100%" y1="10" y2="10"/>{circles}</svg></span>'
                   f'<span class="bar-value">{len(dots)}</span></div>')
    marks = "".join(f'<text class="axis" x="{num(2 + 96 * t / span)}%" y="12" text-anchor="middle">{t}</text>'
                    for t in ticks)
    out.append(f'<div class="bar-row axis-row"><span class="bar-label"></span><span class="bar-track">'
               f'<svg class="strip" width="100%" height="28" focusable="false">{marks}'
               f'<text class="axis" x="50%" y="26" text-anchor="middle">{escape(unit)}</text></svg></span>'
               f'<span class="bar-value"></span></div></div>')
    return Markup("".join(out))


def nice_ticks(top: float, most: int = 5) -> list[int]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least ``top``."""
    if top <= 0:
        return [0, 1]
    raw = top / (most - 1)
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(int(step), 1)
    count = math.ceil(top / step)
    return [i * step for i in range(count + 1)]
