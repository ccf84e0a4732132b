"""The referral graph: who introduced whom, who referred business to whom, who met whom where.

Edges come from the cards: ``introduced_by`` (the introducer to the person), ``intro`` log
entries (you introduced two people; ``intro received``: the person introduced you to someone),
``referral`` entries (business sent to you, or by you, naming the client when linked), and
``met_at`` a group or event. Each edge has a weight (a referral counts most, a shared place
least); a graph with more edges than a reader can follow is cut to the strongest ones, and
says so.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from netnotes.notes.note import Note
from netnotes.reports.owner import owner
from netnotes.reports.facts import Facts, history
from netnotes.index.session import Session

WEIGHTS = {"referred": 3.0, "introduced": 2.0, "met at": 1.0}
YOU = "you"


@dataclass(frozen=True)
class Edge:
    source: str  # node id (a note's path, or "you")
    target: str
    kind: str  # referred | introduced | met at
    label: str
    weight: float
    date: dt.date | None = None


@dataclass
class Graph:
    nodes: dict[str, str] = field(default_factory=dict)  # id -> label
    kinds: dict[str, str] = field(default_factory=dict)  # id -> contact | group | event | you
    edges: list[Edge] = field(default_factory=list)
    cut: int = 0  # edges left out

    def to_json(self) -> dict:
        return {"nodes": [{"id": k, "label": v, "kind": self.kinds.get(k, "contact")} for k, v in self.nodes.items()],
                "edges": [{"source": e.source, "target": e.target, "kind": e.kind, "label": e.label,
                           "weight": e.weight, "date": e.date.isoformat() if e.date else None} for e in self.edges],
                "cut": self.cut}


# what the graph reads of a card, when the index answers (``index.ledger``)
KEYS = ("met",)


def build(session: Session, today: dt.date, facts: Facts | None = None) -> Graph:
    """Every edge the cards record (entries dated after ``today`` left out). Read from the
    index's rows (links, log entries) when the notes are not loaded."""
    if session._in_index():

        book = session.ledger()
        contacts = book.notes(("contact",), KEYS, links=("introduced_by", "met_at"), log=("intro", "referral"),
                              today=today, entry_links=True)
        resolve = book.resolve
    else:
        facts = facts or Facts(session, today)
        contacts, resolve = session.contacts, facts.resolve_name
    me = owner(session)
    g = Graph()
    g.nodes[YOU] = me.name if me else "You"
    g.kinds[YOU] = "you"
    seen: dict[tuple[str, str, str], Edge] = {}
    made: set[tuple[str, str, dt.date]] = set()  # introductions you made: (rel, rel, day)

    def node(n: Note) -> str:
        g.nodes.setdefault(n.rel, n.name)
        g.kinds.setdefault(n.rel, n.kind)
        return n.rel

    def edge(a: str, b: str, kind: str, label: str, day: dt.date | None) -> None:
        if a == b:
            return
        key = (a, b, kind) if kind != "introduced" or a != YOU else (min(a, b), max(a, b), kind)
        old = seen.get(key)
        weight = WEIGHTS[kind]
        if old is not None:  # repeated: stronger, newest date kept
            weight = old.weight + WEIGHTS[kind] / 2
            day = max(filter(None, (old.date, day)), key=_when, default=None)
        seen[key] = Edge(a, b, kind, label, weight, day)

    for n in contacts:
        me_id = node(n)
        for link in n.prop_links("introduced_by"):
            other = resolve(link.target)
            if other is not None and other.kind == "contact":
                met = n.props.get("met")
                edge(node(other), me_id, "introduced", "introduced", met if isinstance(met, dt.date) else None)
        for link in n.prop_links("met_at"):
            place = resolve(link.target)
            if place is not None and place.kind in ("group", "event"):
                edge(me_id, node(place), "met at", "met at", None)
        for e in history(n, today):
            others = [o for o in (resolve(t) for t in e.links) if o is not None and o.kind == "contact"]
            if e.kind == "intro":
                for o in others:
                    if e.direction == "received":
                        edge(me_id, node(o), "introduced", "introduced you to", e.date)
                    else:  # often recorded on both cards: one introduction per pair and day
                        made.add((min(n.rel, o.rel), max(n.rel, o.rel), e.date))
                        node(o)
            elif e.kind == "referral":
                if e.direction == "received":
                    edge(me_id, YOU, "referred", "referred " + (others[0].name if others else "business"), e.date)
                else:
                    edge(YOU, me_id, "referred", "referred " + (others[0].name if others else "business"), e.date)
    for a, b, day in sorted(made):
        edge(a, b, "introduced", "you introduced", day)
    g.edges = sorted(seen.values(), key=lambda e: (-e.weight, e.source, e.target, e.kind))
    return g


def _when(day: dt.date) -> tuple[dt.date, dt.time]:
    """Sort key of an edge's date: a ``met`` written with a time is a datetime, and a datetime
    does not compare with a date."""
    return (day.date(), day.time()) if isinstance(day, dt.datetime) else (day, dt.time.min)


def neighbourhood(g: Graph, center: str, depth: int) -> Graph:
    """The part of the graph within ``depth`` edges of ``center``."""
    adj: dict[str, set[str]] = {}
    for e in g.edges:
        adj.setdefault(e.source, set()).add(e.target)
        adj.setdefault(e.target, set()).add(e.source)
    keep = {center}
    frontier = {center}
    for _ in range(depth):
        frontier = {m for n in frontier for m in adj.get(n, ())} - keep
        keep |= frontier
    out = Graph({k: v for k, v in g.nodes.items() if k in keep}, {k: v for k, v in g.kinds.items() if k in keep})
    out.edges = [e for e in g.edges if e.source in keep and e.target in keep]
    return out


def strongest(g: Graph, max_edges: int) -> Graph:
    """At most ``max_edges`` edges, the heaviest (newest first among equals); nodes left
    without an edge are dropped, except "you"."""
    if len(g.edges) <= max_edges:
        return g
    ranked = sorted(g.edges, key=lambda e: (-e.weight, -(e.date.toordinal() if e.date else 0), e.source, e.target))
    kept = sorted(ranked[:max_edges], key=lambda e: (-e.weight, e.source, e.target, e.kind))
    used = {YOU} | {e.source for e in kept} | {e.target for e in kept}
    out = Graph({k: v for k, v in g.nodes.items() if k in used}, {k: v for k, v in g.kinds.items() if k in used})
    out.edges = kept
    out.cut = len(g.edges) - max_edges + g.cut
    return out


def _ids(g: Graph) -> dict[str, str]:
    return {k: f"n{i}" for i, k in enumerate(sorted(g.nodes, key=lambda k: (k != YOU, k)))}


def _mermaid_text(s: str) -> str:
    """Text inside a quoted Mermaid label: quotes and markup as HTML entities."""
    return (s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
             .replace("#", "&num;").replace("|", "&vert;").replace("\n", " "))


def to_mermaid(g: Graph) -> str:
    ids = _ids(g)
    lines = ["graph LR"]
    shapes = {"you": ('(("', '"))'), "group": ('[["', '"]]'), "event": ('[/"', '"/]')}
    for k in sorted(g.nodes, key=lambda k: int(ids[k][1:])):
        open_, close = shapes.get(g.kinds.get(k, "contact"), ('["', '"]'))
        lines.append(f"  {ids[k]}{open_}{_mermaid_text(g.nodes[k])}{close}")
    for e in g.edges:
        arrow = "---" if e.kind == "met at" else "-->"
        lines.append(f'  {ids[e.source]} {arrow}|"{_mermaid_text(e.label)}"| {ids[e.target]}')
    if g.cut:
        lines.append(f"  %% {g.cut} weaker edges left out; see `netnotes graph --max-edges`")
    return "\n".join(lines) + "\n"


def _dot_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(g: Graph) -> str:
    ids = _ids(g)
    lines = ["digraph netnotes {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="Helvetica"];']
    shapes = {"you": "doublecircle", "group": "folder", "event": "note"}
    for k in sorted(g.nodes, key=lambda k: int(ids[k][1:])):
        shape = shapes.get(g.kinds.get(k, "contact"))
        extra = f", shape={shape}" if shape else ""
        lines.append(f'  {ids[k]} [label="{_dot_text(g.nodes[k])}"{extra}];')
    for e in g.edges:
        style = ", style=dashed, arrowhead=none" if e.kind == "met at" else ""
        lines.append(f'  {ids[e.source]} -> {ids[e.target]} [label="{_dot_text(e.label)}", '
                     f'weight={e.weight:g}{style}];')
    if g.cut:
        lines.append(f'  // {g.cut} weaker edges left out')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_json_text(g: Graph) -> str:
    return json.dumps(g.to_json(), indent=2, ensure_ascii=False) + "\n"


def referral_graph(session: Session, today: dt.date, center: str | None = None, depth: int = 2,
                   max_edges: int = 60, facts: Facts | None = None) -> Graph:
    """The graph, or the part of it within ``depth`` steps of the note ``center`` (a rel),
    cut to its ``max_edges`` strongest edges."""
    g = build(session, today, facts)
    if center is not None:
        g = neighbourhood(g, center, depth)
    return strongest(g, max_edges)


def graph_text(g: Graph, fmt: str) -> str:
    """``mermaid`` (renders in Obsidian), ``dot`` (Graphviz) or ``json``."""
    return {"mermaid": to_mermaid, "dot": to_dot, "json": to_json_text}[fmt](g)
