"""Your own asks, dates to remember and the referral graph (issue: asks, dates, graph)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from netnotes.cli import cli
from netnotes.vault.handle import open_vault
from netnotes.base.isoweek import Week
from netnotes.index.session import load_session

REPO = Path(__file__).resolve().parent.parent
MERMAID = sorted((REPO / "build" / "vendor").glob("mermaid-*.min.js"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TODAY = dt.date(2026, 11, 20)

CONFIG = """
[synonyms]
"real estate" = ["commercial real estate", "realtor"]
"""


def vault(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".netnotes").mkdir()
    (tmp_path / ".netnotes" / "config.toml").write_text(CONFIG, encoding="utf-8")
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


ME = "---\ntype: me\nname: Dana\nneeds: [realtor]\n---\n"


def card(**props: object) -> str:
    lines = ["---"]
    for k, v in props.items():
        lines.append(f"{k}: {json.dumps(v) if not isinstance(v, str) else json.dumps(v)}")
    return "\n".join(lines) + "\n---\n"


# ---- asks -----------------------------------------------------------------------------------

def test_direct_ask_matches_through_synonyms(tmp_path: Path) -> None:
    root = vault(tmp_path, {"Me.md": ME, "People/Grace.md": card(offers=["commercial real estate"], stage="know")})
    data = json.loads(run(root, "asks", "--json", "--today", "2026-11-20"))
    assert [(a["ask"], a["offers"], a["direct"]) for a in data] == [("Grace", "Grace", True)]
    assert "Grace offers commercial real estate" in data[0]["how"]


def test_one_hop_through_an_introducer(tmp_path: Path) -> None:
    root = vault(tmp_path, {
        "Me.md": ME,
        "People/Grace.md": card(offers=["realtor"], introduced_by="[[Alain]]"),
        "People/Alain.md": card(stage="trust", tier="A"),
    })
    data = json.loads(run(root, "asks", "--json", "--today", "2026-11-20"))
    by_person = {a["ask"]: a for a in data}
    assert by_person["Grace"]["direct"] is True
    assert by_person["Alain"]["direct"] is False
    assert by_person["Alain"]["offers"] == "Grace"
    assert "introduced you to Grace" in by_person["Alain"]["how"]
    # those who offer it come first, then the people who know them
    assert [a["ask"] for a in data] == ["Grace", "Alain"]


def test_one_hop_through_a_recorded_intro_and_a_group(tmp_path: Path) -> None:
    root = vault(tmp_path, {
        "Me.md": ME,
        "Groups/Rotary.md": "---\ntype: group\n---\n",
        "People/Grace.md": card(offers=["realtor"], groups=["[[Rotary]]"]),
        "People/Sam.md": card(stage="like") + "## Log\n- 2026-10-01 intro [[Grace]]: coffee together\n",
        "People/Paul.md": card(groups=["[[Rotary]]"]),
    })
    data = json.loads(run(root, "asks", "--json", "--today", "2026-11-20"))
    how = {a["ask"]: a["how"] for a in data}
    assert "you introduced them to Grace" in how["Sam"]
    assert "knows Grace from Rotary" in how["Paul"]
    # an introduction is a surer acquaintance than a shared group
    assert [a["ask"] for a in data] == ["Grace", "Sam", "Paul"]


def test_opted_out_people_are_never_asked(tmp_path: Path) -> None:
    root = vault(tmp_path, {
        "Me.md": ME,
        "People/Grace.md": card(offers=["realtor"], opt_out=True),
    })
    assert json.loads(run(root, "asks", "--json", "--today", "2026-11-20")) == []


def test_asks_without_a_me_note_says_how_to_add_one(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/Grace.md": card(offers=["realtor"])})
    result = CliRunner().invoke(cli, ["--vault", str(root), "asks"])
    assert result.exit_code == 2
    assert "type: me" in result.output


def test_config_me_table_works_without_a_note(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/Grace.md": card(offers=["realtor"])})
    (root / ".netnotes" / "config.toml").write_text(CONFIG + '\n[me]\nname = "Dana"\nneeds = ["realtor"]\n')
    data = json.loads(run(root, "asks", "--json"))
    assert [a["ask"] for a in data] == ["Grace"]


def test_ask_this_week_rotates_across_three_weeks(tmp_path: Path) -> None:
    people = {f"People/P{i}.md": card(offers=["realtor"], stage="know") for i in range(5)}
    root = vault(tmp_path, {"Me.md": ME, **people})
    (root / ".netnotes" / "config.toml").write_text(CONFIG + "\n[asks]\nmax = 2\nrest_weeks = 1\n")
    asked = []
    for day in ("2026-11-06", "2026-11-13", "2026-11-20"):
        run(root, "report", "--today", day)
        week = Week.of(dt.date.fromisoformat(day))
        page = (root / "Reviews" / f"{week.label}.md").read_text(encoding="utf-8")
        names = json.loads(run(root, "report", "--today", day, "--format", "json", "--out", "-"))["asks"]
        asked.append([a["ask"] for a in names])
        for a in names:
            assert f"[[{a['ask']}]]" in page.split("---")[1], "the page records whom it asked"
    assert asked[0] == ["P0", "P1"]
    assert asked[1] == ["P2", "P3"], "people asked last week rest this week"
    assert asked[2][0] == "P4" and asked[2][1] in ("P0", "P1"), "then the least recently asked come back"
    # re-running a week does not rotate it: the page of the week itself is not history
    again = json.loads(run(root, "report", "--today", "2026-11-20", "--format", "json", "--out", "-"))["asks"]
    assert [a["ask"] for a in again] == asked[2]


# ---- dates to remember ----------------------------------------------------------------------

def _dates(root: Path, today: str) -> list[tuple[str, str, str]]:
    data = json.loads(run(root, "followups", "--json", "--today", today))
    return [(d["name"], d["date"], d["label"]) for d in data["dates"]]


def test_birthdays_across_the_year_boundary(tmp_path: Path) -> None:
    root = vault(tmp_path, {
        "People/Ann.md": card(birthday="--01-02"),
        "People/Bob.md": card(birthday="1980-12-30"),
        "People/Cy.md": card(birthday="01-10"),
    })
    assert _dates(root, "2026-12-28") == [("Bob", "2026-12-30", "birthday (46)"),
                                          ("Ann", "2027-01-02", "birthday")]


def test_february_29(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/Linda.md": card(birthday="1956-02-29")})
    assert _dates(root, "2027-02-25") == [("Linda", "2027-02-28", "birthday (71)")]
    assert _dates(root, "2028-02-25") == [("Linda", "2028-02-29", "birthday (72)")]
    assert validate_ok(root)


def validate_ok(root: Path) -> bool:
    result = CliRunner().invoke(cli, ["--vault", str(root), "validate"])
    return result.exit_code == 0


def test_yearless_birthdays_are_valid_and_bad_ones_are_not(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/A.md": card(birthday="--02-29"), "People/B.md": card(birthday="04-12")})
    assert validate_ok(root)
    (root / "People" / "C.md").write_text(card(birthday="--02-30"))
    result = CliRunner().invoke(cli, ["--vault", str(root), "validate"])
    assert result.exit_code == 1 and "invalid-date" in result.output


def test_configured_date_properties_and_anniversaries(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/Al.md": card(work_anniversary="2019-11-22", founded="2001-11-21")})
    (root / ".netnotes" / "config.toml").write_text(
        CONFIG + '\n[vault]\nextra_fields = ["founded"]\n[reminders]\nproperties = ["work_anniversary", "founded"]\n')
    assert _dates(root, "2026-11-20") == [("Al", "2026-11-21", "founded (25 years)"),
                                          ("Al", "2026-11-22", "work anniversary (7 years)")]


# ---- the referral graph ---------------------------------------------------------------------

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
    root = vault(tmp_path, GRAPH_VAULT)
    data = json.loads(run(root, "graph", "--format", "json", "--today", "2026-11-20"))
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
    root = vault(tmp_path, GRAPH_VAULT)
    near = json.loads(run(root, "graph", "Sam Lee", "--depth", "1", "--format", "json"))
    assert {n["label"] for n in near["nodes"]} == {"Sam Lee", "Alain Gervais", "BNI"}
    cut = json.loads(run(root, "graph", "--format", "json", "--max-edges", "2"))
    assert len(cut["edges"]) == 2 and cut["cut"] > 0
    assert all(e["kind"] == "referred" for e in cut["edges"]), "the strongest edges are kept"
    assert "weaker edges left out" in run(root, "graph", "--max-edges", "2")


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz is not installed: apt-get install graphviz (CI installs it)")
def test_dot_output_is_accepted_by_graphviz(tmp_path: Path) -> None:
    root = vault(tmp_path, GRAPH_VAULT)
    for args in ([], ["Alain Gervais", "--depth", "1"]):
        text = run(root, "graph", "--format", "dot", *args)
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
    root = vault(tmp_path, GRAPH_VAULT)
    sources = [run(root, "graph"), run(root, "graph", "Priya", "--depth", "1"),
               run(root, "graph", "--max-edges", "2")]
    review = run(root, "report", "--today", "2026-11-20", "--out", "-")
    if "```mermaid" in review:
        sources.append(review.split("```mermaid\n", 1)[1].split("```", 1)[0])
    sample = run(REPO / "sample-vault", "graph", "--today", "2026-11-20")
    sources.append(sample)
    results = _mermaid_parse(sources + ["graph LR\n  a[\"x\" --> ]]"])
    assert results[:-1] == ["ok"] * len(sources)
    assert results[-1].startswith("error"), "the check does catch a broken graph"


# ---- the sample vault's weekly review shows all three -----------------------------------------

def test_sample_vault_review_has_asks_dates_and_graph(tmp_path: Path) -> None:
    copy = tmp_path / "v"
    shutil.copytree(REPO / "sample-vault", copy, ignore=shutil.ignore_patterns("cache"))
    text = run(copy, "report", "--today", "2026-11-20", "--out", "-")
    asks = text.split("## Ask this week\n", 1)[1].split("\n## ", 1)[0]
    assert asks.count("- [ ] Ask [[") >= 2
    dates = text.split("## Dates to remember\n", 1)[1].split("\n## ", 1)[0]
    assert "[[Raj Malhotra]]: birthday" in dates
    graph = text.split("## Referral graph\n", 1)[1].split("\n## ", 1)[0]
    assert "```mermaid\ngraph LR" in graph
    front = text.split("---\n", 2)[1]
    assert "asked:" in front
    session = load_session(open_vault(str(copy)))
    assert any(n.kind == "me" for n in session.notes)
