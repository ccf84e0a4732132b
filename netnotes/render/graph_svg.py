"""The referral graph drawn as a picture: a layered (Sugiyama-style) layout, as inline SVG.

Layered because the ties have a direction (who introduced whom, who sent business to whom):
arrows run left to right, introducers before the people they introduced, you and the places
people were met at the right. The steps are the classic ones, small enough to write here
rather than ship a JavaScript library (docs/review.md says why): break cycles by reversing
the edges a depth-first search finds going back, give each node the longest path to it as
its layer, put a waypoint on every layer a long edge crosses, order each layer by the mean
position of its neighbours (sweeping both ways, keeping the order with fewest crossings),
then place the layers as columns. Everything is sorted before it is used: same graph, same
bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

from netnotes.reports.graph import YOU, Graph
from netnotes.render.charts import num

CHAR_W = 7.0  # px per character at the graph's 12px font: boxes fit their names
BOX_H = 26
ROW_GAP = 14
COL_GAP = 64
PAD = 8
SWEEPS = 8


@dataclass(frozen=True)
class Placed:
    """A node's box: its id, its left and top edge, and its width."""

    id: str
    x: float
    y: float
    w: float


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Placed]  # real nodes and waypoints (waypoints have w == 0)
    routes: tuple[tuple[int, tuple[str, ...]], ...]  # edge index -> the node ids it passes, source first
    width: float
    height: float


def layout(g: Graph) -> Layout:
    """Where each node goes, and which waypoints each edge passes."""
    ids = sorted(g.nodes, key=lambda k: (k == YOU, k))
    pairs = sorted({(e.source, e.target) for e in g.edges if e.source != e.target
                    and e.source in g.nodes and e.target in g.nodes})
    forward = _acyclic(ids, pairs)
    layer = _layers(ids, forward)
    chains: dict[tuple[str, str], tuple[str, ...]] = {}
    ranks: dict[int, list[str]] = {}
    for v in ids:
        ranks.setdefault(layer[v], []).append(v)
    for a, b in sorted(forward):
        chain = [a]
        for k in range(layer[a] + 1, layer[b]):
            way = f"\x00{a}\x00{b}\x00{k}"
            ranks.setdefault(k, []).append(way)
            layer[way] = k
            chain.append(way)
        chain.append(b)
        chains[(a, b)] = tuple(chain)
    order = _order(ranks, chains)
    boxes = _place(g, order)
    routes = []
    for i, e in enumerate(g.edges):
        if (e.source, e.target) in chains:
            routes.append((i, chains[(e.source, e.target)]))
        elif (e.target, e.source) in chains:  # drawn against the layout's direction
            routes.append((i, tuple(reversed(chains[(e.target, e.source)]))))
    width = max((p.x + p.w for p in boxes.values()), default=0) + PAD
    height = max((p.y + BOX_H for p in boxes.values()), default=0) + PAD
    return Layout(boxes, tuple(routes), width, height)


def _acyclic(ids: list[str], pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges with the ones that close a cycle reversed (found by a depth-first search in
    sorted order), and a pair drawn both ways kept once."""
    out: dict[str, list[str]] = {p: [] for p in ids}
    for a, b in pairs:
        out[a].append(b)
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    back: set[tuple[str, str]] = set()
    for root in ids:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            v, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[v] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((v, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(out[nxt])))
    result = set()
    for a, b in pairs:
        edge = (b, a) if (a, b) in back else (a, b)
        if (edge[1], edge[0]) not in result:
            result.add(edge)
    return result


def _layers(ids: list[str], edges: set[tuple[str, str]]) -> dict[str, int]:
    """Each node's layer: the longest path to it (sources in layer 0)."""
    preds: dict[str, list[str]] = {v: [] for v in ids}
    for a, b in edges:
        preds[b].append(a)
    layer: dict[str, int] = {}

    def depth(v: str) -> int:
        stack = [v]
        while stack:
            top = stack[-1]
            todo = [p for p in preds[top] if p not in layer]
            if todo:
                stack.extend(sorted(todo))
                continue
            stack.pop()
            layer[top] = max((layer[p] + 1 for p in preds[top]), default=0)
        return layer[v]

    for v in ids:
        if v not in layer:
            depth(v)
    return layer


def _order(ranks: dict[int, list[str]], chains: dict[tuple[str, str], tuple[str, ...]]) -> list[list[str]]:
    """Each layer's nodes top to bottom: barycentre sweeps, the order with fewest crossings."""
    layers = [list(ranks.get(k, [])) for k in range(max(ranks, default=-1) + 1)]
    down: dict[str, list[str]] = {}
    up: dict[str, list[str]] = {}
    for chain in chains.values():
        for a, b in zip(chain, chain[1:]):
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
    best, best_cross = [list(x) for x in layers], _crossings(layers, down)
    for sweep in range(SWEEPS):
        rng = range(1, len(layers)) if sweep % 2 == 0 else range(len(layers) - 2, -1, -1)
        for k in rng:
            ref = layers[k - 1] if sweep % 2 == 0 else layers[k + 1]
            near = up if sweep % 2 == 0 else down
            at = {v: i for i, v in enumerate(ref)}
            current = {v: i for i, v in enumerate(layers[k])}

            def key(v: str) -> tuple[float, int]:
                seen = [at[u] for u in near.get(v, []) if u in at]
                return (sum(seen) / len(seen) if seen else current[v], current[v])

            layers[k] = sorted(layers[k], key=key)
        cross = _crossings(layers, down)
        if cross < best_cross:
            best, best_cross = [list(x) for x in layers], cross
    return best


def _crossings(layers: list[list[str]], down: dict[str, list[str]]) -> int:
    total = 0
    for k in range(len(layers) - 1):
        below = {v: i for i, v in enumerate(layers[k + 1])}
        ends = [(i, below[w]) for i, v in enumerate(layers[k]) for w in down.get(v, []) if w in below]
        total += sum(1 for x in range(len(ends)) for y in range(x + 1, len(ends))
                     if (ends[x][0] - ends[y][0]) * (ends[x][1] - ends[y][1]) < 0)
    return total


def _place(g: Graph, order: list[list[str]]) -> dict[str, Placed]:
    """Layers as columns, each centred on the tallest; a column as wide as its widest name."""
    tallest = max((len(col) for col in order), default=0)
    boxes, x = {}, float(PAD)
    for col in order:
        widest = max((_box_w(g.nodes[v]) for v in col if v in g.nodes), default=0.0)
        top = PAD + (tallest - len(col)) * (BOX_H + ROW_GAP) / 2
        for i, v in enumerate(col):
            w = _box_w(g.nodes[v]) if v in g.nodes else 0.0
            boxes[v] = Placed(v, x + (widest - w) / 2, top + i * (BOX_H + ROW_GAP), w)
        x += widest + COL_GAP
    return boxes


def _box_w(label: str) -> float:
    return round(len(" ".join(label.split())) * CHAR_W + 16, 2)


TIE_CSS = {"referred": "tie-referred", "introduced": "tie-introduced", "met at": "tie-met"}


def graph_svg(g: Graph, href: Callable[[str], str | None], title: str) -> Markup:
    """The picture: boxes (a link to each card), arrows coloured by the kind of tie, each
    with a tooltip that says it in words."""
    lay = layout(g)
    out = [f'<svg class="graph" viewBox="0 0 {num(lay.width)} {num(lay.height)}" width="{num(lay.width)}" '
           f'height="{num(lay.height)}" role="img" aria-labelledby="graph-title graph-desc">'
           f'<title id="graph-title">{escape(title)}</title>'
           f'<desc id="graph-desc">{len(g.nodes)} people and places, {len(g.edges)} ties; '
           'the table under the picture lists them.</desc>'
           '<defs><marker id="nn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" '
           'orient="auto-start-reverse"><path class="arrow-head" d="M0 0L10 5L0 10z"/></marker></defs>']
    for i, route in lay.routes:
        e = g.edges[i]
        words = f"{g.nodes[e.source]} {e.label} {g.nodes[e.target]}"
        out.append(f'<path class="tie {TIE_CSS.get(e.kind, "tie-met")}" d="{_curve(lay, route)}" '
                   f'marker-end="url(#nn-arrow)"><title>{escape(words)}</title></path>')
    for v in sorted(g.nodes, key=lambda k: (lay.boxes[k].x, lay.boxes[k].y)):
        p = lay.boxes[v]
        kind = g.kinds.get(v, "contact")
        label = " ".join(g.nodes[v].split())
        box = (f'<rect class="node node-{escape(kind)}" x="{num(p.x)}" y="{num(p.y)}" width="{num(p.w)}" '
               f'height="{BOX_H}" rx="{13 if kind in ("group", "event") else 4}"/>'
               f'<text class="node-label" x="{num(p.x + p.w / 2)}" y="{num(p.y + BOX_H / 2 + 4)}" '
               f'text-anchor="middle">{escape(label)}</text>')
        link = href(v) if v != YOU else None
        out.append(f'<a href="{escape(link)}">{box}</a>' if link else f"<g>{box}</g>")
    out.append("</svg>")
    return Markup("".join(out))


def _curve(lay: Layout, route: tuple[str, ...]) -> str:
    """A smooth path through the route's points: out of a box's right side, into the next
    box's left side (the other way round for an edge drawn against the layout)."""
    boxes = lay.boxes
    pts = []
    ahead = boxes[route[-1]].x >= boxes[route[0]].x
    for k, v in enumerate(route):
        p = boxes[v]
        y = p.y + BOX_H / 2
        if p.w == 0:
            pts.append((p.x, y))
        elif k == 0:
            pts.append((p.x + p.w if ahead else p.x, y))
        else:
            pts.append((p.x if ahead else p.x + p.w, y))
    d = [f"M{num(pts[0][0])} {num(pts[0][1])}"]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        mid = (x1 - x0) / 2
        d.append(f"C{num(x0 + mid)} {num(y0)} {num(x1 - mid)} {num(y1)} {num(x1)} {num(y1)}")
    return "".join(d)
