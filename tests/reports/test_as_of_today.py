"""Every report counts what has happened by --today, and nothing after it: one rule, one home
(``reports.facts.history``), so asks and the graph cannot disagree about a post-dated entry."""

from __future__ import annotations

import json

from conftest import run_cli

FILES = {
    "Me.md": "---\ntype: me\nname: Dana\nneeds: [realtor]\n---\n",
    "People/Grace.md": "---\noffers: [realtor]\n---\n",
    "People/Sam.md": "---\nstage: like\n---\n## Log\n- 2026-12-10 intro [[Grace]]: planned for next month\n",
}


def _asks(vault, today: str) -> dict[str, str]:
    result = run_cli(["asks", "--json", "--today", today], vault)
    assert result.exit_code == 0, result.output
    return {a["ask"]: a["how"] for a in json.loads(result.stdout)}


def _graph_edges(vault, today: str) -> set[tuple[str, str]]:
    result = run_cli(["graph", "--format", "json", "--today", today], vault)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    names = {n["id"]: n["label"] for n in data["nodes"]}
    return {(names[e["source"]], names[e["target"]]) for e in data["edges"]}


def test_an_introduction_dated_after_today_counts_nowhere(make_vault):
    vault = make_vault(FILES)
    assert "Sam" not in _asks(vault, "2026-11-20")
    assert ("Sam", "Grace") not in _graph_edges(vault, "2026-11-20")


def test_once_its_day_has_come_it_counts_everywhere(make_vault):
    vault = make_vault(FILES)
    assert "you introduced them to Grace" in _asks(vault, "2026-12-11")["Sam"]
    edges = _graph_edges(vault, "2026-12-11")
    assert ("Sam", "Grace") in edges or ("Grace", "Sam") in edges
