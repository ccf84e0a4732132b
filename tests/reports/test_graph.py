"""The referral graph (netnotes.reports.graph): who introduced whom, who referred business to
whom, who met whom where; as JSON, and as DOT and Mermaid that their own tools accept."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, card, run_ok, write_vault

MERMAID = sorted((ROOT / "build" / "vendor").glob("mermaid-*.min.js"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


GRAPH_VAULT = {
    "Me.md": "---\ntype: me\nname: Dana \"the books\" Okafor\n---\n",
    "Groups/BNI.md": "---\ntype: group\n---\n",
    "People/Alain Gervais.md": card(met_at="[[BNI]]") + "## Log\n- 2026-08-20 intro [[Sam Lee]]: web\n"
                                                       "- 2026-09-01 referral received: sent me [[Priya]]\n",
    "People/Sam Lee.md": card(met_at="[[BNI]]") + "## Log\n- 2026-08-20 intro [[Alain Gervais]]: web\n",
    "People/Priya.md": card(introduced_by="[[Alain Gervais]]") + "## Log\n- 2026-09-02 referral given to [[Sam Lee]]\n",
    "People/<b>Odd</b> | name #1.md": card(introduced_by="[[Priya]]"),
}


def test_graph_edges_and_json(tmp_path: Path) -> None:
    root = write_vault(tmp_path, GRAPH_VAULT)
    data = json.loads(run_ok(["graph", "--format", "json", "--today", "2026-11-20"], root).output)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(labels[e["source"]], labels[e["target"]], e["label"]) for e in data["edges"]}
    assert ("Alain Gervais", "Sam Lee", "you introduced") in edges
    assert ("Alain Gervais", 'Dana "the books" Okafor', "referred Priya") in edges
    assert ("Alain Gervais", "Priya", "introduced") in edges
    assert ('Dana "the books" Okafor', "Priya", "referred Sam Lee") in edges
    assert ("Sam Lee", "BNI", "met at") in edges
    # an introduction recorded on both cards is one edge
    assert sum(1 for e in edges if e[2] == "you introduced") == 1


def test_graph_neighbourhood_and_cut(tmp_path: Path) -> None:
    root = write_vault(tmp_path, GRAPH_VAULT)
    near = json.loads(run_ok(["graph", "Sam Lee", "--depth", "1", "--format", "json"], root).output)
    assert {n["label"] for n in near["nodes"]} == {"Sam Lee", "Alain Gervais", "BNI"}
    cut = json.loads(run_ok(["graph", "--format", "json", "--max-edges", "2"], root).output)
    assert len(cut["edges"]) == 2 and cut["cut"] > 0
    assert all(e["kind"] == "referred" for e in cut["edges"]), "the strongest edges are kept"
    assert "weaker edges left out" in run_ok(["graph", "--max-edges", "2"], root).output


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz is not installed: apt-get install graphviz (CI installs it)")
def test_dot_output_is_accepted_by_graphviz(tmp_path: Path) -> None:
    root = write_vault(tmp_path, GRAPH_VAULT)
    for args in ([], ["Alain Gervais", "--depth", "1"]):
        text = run_ok(["graph", "--format", "dot", *args], root).output
        out = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "<svg" in out.stdout


def _mermaid_parse(sources: list[str]) -> list[str]:
    """Parse each source with the pinned Mermaid in headless Chromium: "ok" or the error."""
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="{MERMAID[-1].as_uri()}"></script></head><body><div id="out">pending</div><script>
mermaid.initialize({{startOnLoad: false}});
Promise.all({json.dumps(sources)}.map(s => mermaid.parse(s).then(() => "ok")
  .catch(e => "error: " + String(e.message || e).split("\\n")[0])))
  .then(r => {{ document.getElementById("out").textContent = JSON.stringify(r); }});
</script></body></html>"""
    with tempfile.TemporaryDirectory() as d:
        html = Path(d) / "parse.html"
        html.write_text(page, encoding="utf-8")
        out = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={d}/profile", "--allow-file-access-from-files", "--virtual-time-budget=15000",
             "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120)
    marker = '<div id="out">'
    assert marker in out.stdout, out.stderr[-2000:]
    from html import unescape

    return json.loads(unescape(out.stdout.split(marker, 1)[1].split("</div>", 1)[0]))


@pytest.mark.skipif(not MERMAID or not CHROMIUM,
                    reason="needs Debian's chromium and the pinned Mermaid: apt-get install chromium; make vendor")
def test_mermaid_output_parses(tmp_path: Path) -> None:
    root = write_vault(tmp_path, GRAPH_VAULT)
    sources = [run_ok(["graph"], root).output, run_ok(["graph", "Priya", "--depth", "1"], root).output,
               run_ok(["graph", "--max-edges", "2"], root).output]
    review = run_ok(["report", "--today", "2026-11-20", "--out", "-"], root).output
    if "```mermaid" in review:
        sources.append(review.split("```mermaid\n", 1)[1].split("```", 1)[0])
    sample = run_ok(["graph", "--today", "2026-11-20"], SAMPLE).output
    sources.append(sample)
    results = _mermaid_parse(sources + ["graph LR\n  a[\"x\" --> ]]"])
    assert results[:-1] == ["ok"] * len(sources)
    assert results[-1].startswith("error"), "the check does catch a broken graph"
