"""netnotes/render/graph_svg.py: the layered layout of the referral graph, and its SVG."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings, strategies as st

from netnotes.reports.graph import YOU, Edge, Graph
from netnotes.render.graph_svg import _crossings, _order, graph_svg, layout


def graph(edges: list[tuple[str, str, str]], labels: dict[str, str] | None = None) -> Graph:
    g = Graph()
    for a, b, kind in edges:
        for v in (a, b):
            g.nodes.setdefault(v, (labels or {}).get(v, v.removesuffix(".md")))
            g.kinds.setdefault(v, "you" if v == YOU else "contact")
        g.edges.append(Edge(a, b, kind, kind, 1.0))
    return g


def no_href(_: str) -> None:
    return None


def test_introducers_come_before_the_people_they_introduced():
    g = graph([("Ann.md", "Bo.md", "introduced"), ("Bo.md", "Cy.md", "introduced"), ("Cy.md", YOU, "referred")])
    lay = layout(g)
    xs = [lay.boxes[v].x for v in ("Ann.md", "Bo.md", "Cy.md", YOU)]
    assert xs == sorted(xs) and len(set(xs)) == 4


def test_a_cycle_is_drawn_and_every_edge_keeps_its_direction():
    g = graph([("Ann.md", YOU, "referred"), (YOU, "Ann.md", "referred"), ("Ann.md", "Bo.md", "introduced"),
               ("Bo.md", "Ann.md", "introduced")])
    lay = layout(g)
    assert sorted(i for i, _ in lay.routes) == [0, 1, 2, 3]
    for i, route in lay.routes:
        assert (route[0], route[-1]) == (g.edges[i].source, g.edges[i].target)


def test_a_long_edge_passes_a_waypoint_on_each_layer_between():
    g = graph([("A.md", "B.md", "introduced"), ("B.md", "C.md", "introduced"), ("A.md", "C.md", "met at")])
    lay = layout(g)
    route = dict(lay.routes)[2]
    assert len(route) == 3 and lay.boxes[route[1]].w == 0
    xs = [lay.boxes[v].x for v in route]
    assert xs == sorted(xs)


def test_ordering_removes_a_crossing():
    ranks = {0: ["a", "b"], 1: ["c", "d"]}
    chains = {("a", "d"): ("a", "d"), ("b", "c"): ("b", "c")}
    down = {"a": ["d"], "b": ["c"]}
    assert _crossings([ranks[0], ranks[1]], down) == 1
    assert _crossings(_order(ranks, chains), down) == 0


def test_same_graph_same_bytes_whatever_the_order_it_was_built_in():
    edges = [("Ann.md", "Bo.md", "introduced"), ("Bo.md", YOU, "referred"), ("Cy.md", "G.md", "met at"),
             ("Ann.md", "Cy.md", "introduced"), ("Dee.md", "Bo.md", "introduced")]
    first = graph(edges)
    shuffled = list(edges)
    random.Random(3).shuffle(shuffled)
    second = graph(shuffled)
    second.edges = list(first.edges)  # the report sorts its edges; the nodes come in any order
    assert graph_svg(first, no_href, "t") == graph_svg(second, no_href, "t")


def test_names_and_links_are_escaped():
    evil = '<img src=x onerror=alert(1)>"&'
    g = graph([("Evil.md", YOU, "referred")], labels={"Evil.md": evil, YOU: "<b>me</b>"})
    svg = str(graph_svg(g, lambda rel: 'obsidian://open?vault=v&file="x"', "<title>"))
    assert "<img" not in svg and "<b>" not in svg and "&lt;img src=x onerror=alert(1)&gt;&#34;&amp;" in svg
    assert 'href="obsidian://open?vault=v&amp;file=&#34;x&#34;"' in svg
    assert svg.count("<a ") == 1  # "you" has no card to open


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from(["referred", "introduced", "met at"])),
                min_size=1, max_size=25))
def test_any_graph_is_laid_out_inside_its_picture(pairs):
    g = graph([(f"P{a}.md" if a else YOU, f"P{b}.md", kind) for a, b, kind in pairs if a != b])
    if not g.edges:
        return
    lay = layout(g)
    assert len(lay.routes) == len(g.edges)
    for p in lay.boxes.values():
        assert 0 <= p.x and p.x + p.w <= lay.width and 0 <= p.y <= lay.height
    real = [p for p in lay.boxes.values() if p.w]
    spots = {(round(p.x), round(p.y)) for p in real}
    assert len(spots) == len(real), "two boxes on top of each other"
    svg = str(graph_svg(g, no_href, "t"))
    assert svg.count("<path class=\"tie") == len(g.edges)
    assert not re.search(r"nan|inf", svg)
