"""Your own asks (netnotes.reports.asks, netnotes.reports.owner): for each person you want to
meet, whom to ask, and who is asked this week."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import card, run_cli, run_ok, write_vault
from netnotes.base.isoweek import Week

CONFIG = """
[synonyms]
"real estate" = ["commercial real estate", "realtor"]
"""


ME = "---\ntype: me\nname: Dana\nneeds: [realtor]\n---\n"


def test_direct_ask_matches_through_synonyms(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"Me.md": ME,
                                  "People/Grace.md": card(offers=["commercial real estate"], stage="know")}, CONFIG)
    data = json.loads(run_ok(["asks", "--json", "--today", "2026-11-20"], root).output)
    assert [(a["ask"], a["offers"], a["direct"]) for a in data] == [("Grace", "Grace", True)]
    assert "Grace offers commercial real estate" in data[0]["how"]


def test_one_hop_through_an_introducer(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {
        "Me.md": ME,
        "People/Grace.md": card(offers=["realtor"], introduced_by="[[Alain]]"),
        "People/Alain.md": card(stage="trust", tier="A"),
    }, CONFIG)
    data = json.loads(run_ok(["asks", "--json", "--today", "2026-11-20"], root).output)
    by_person = {a["ask"]: a for a in data}
    assert by_person["Grace"]["direct"] is True
    assert by_person["Alain"]["direct"] is False
    assert by_person["Alain"]["offers"] == "Grace"
    assert "introduced you to Grace" in by_person["Alain"]["how"]
    # those who offer it come first, then the people who know them
    assert [a["ask"] for a in data] == ["Grace", "Alain"]


def test_one_hop_through_a_recorded_intro_and_a_group(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {
        "Me.md": ME,
        "Groups/Rotary.md": "---\ntype: group\n---\n",
        "People/Grace.md": card(offers=["realtor"], groups=["[[Rotary]]"]),
        "People/Sam.md": card(stage="like") + "## Log\n- 2026-10-01 intro [[Grace]]: coffee together\n",
        "People/Paul.md": card(groups=["[[Rotary]]"]),
    }, CONFIG)
    data = json.loads(run_ok(["asks", "--json", "--today", "2026-11-20"], root).output)
    how = {a["ask"]: a["how"] for a in data}
    assert "you introduced them to Grace" in how["Sam"]
    assert "knows Grace from Rotary" in how["Paul"]
    # an introduction is a surer acquaintance than a shared group
    assert [a["ask"] for a in data] == ["Grace", "Sam", "Paul"]


def test_opted_out_people_are_never_asked(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {
        "Me.md": ME,
        "People/Grace.md": card(offers=["realtor"], opt_out=True),
    }, CONFIG)
    assert json.loads(run_ok(["asks", "--json", "--today", "2026-11-20"], root).output) == []


def test_asks_without_a_me_note_says_how_to_add_one(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"People/Grace.md": card(offers=["realtor"])}, CONFIG)
    result = run_cli(["asks"], root)
    assert result.exit_code == 2
    assert "type: me" in result.output


def test_config_me_table_works_without_a_note(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"People/Grace.md": card(offers=["realtor"])}, CONFIG)
    (root / ".netnotes" / "config.toml").write_text(CONFIG + '\n[me]\nname = "Dana"\nneeds = ["realtor"]\n')
    data = json.loads(run_ok(["asks", "--json"], root).output)
    assert [a["ask"] for a in data] == ["Grace"]


def test_ask_this_week_rotates_across_three_weeks(tmp_path: Path) -> None:
    people = {f"People/P{i}.md": card(offers=["realtor"], stage="know") for i in range(5)}
    root = write_vault(tmp_path, {"Me.md": ME, **people}, CONFIG)
    (root / ".netnotes" / "config.toml").write_text(CONFIG + "\n[asks]\nmax = 2\nrest_weeks = 1\n")
    asked = []
    for day in ("2026-11-06", "2026-11-13", "2026-11-20"):
        run_ok(["report", "--today", day], root).output
        week = Week.of(dt.date.fromisoformat(day))
        page = (root / "Reviews" / f"{week.label}.md").read_text(encoding="utf-8")
        names = json.loads(run_ok(["report", "--today", day, "--format", "json", "--out", "-"], root).output)["asks"]
        asked.append([a["ask"] for a in names])
        for a in names:
            assert f"[[{a['ask']}]]" in page.split("---")[1], "the page records whom it asked"
    assert asked[0] == ["P0", "P1"]
    assert asked[1] == ["P2", "P3"], "people asked last week rest this week"
    assert asked[2][0] == "P4" and asked[2][1] in ("P0", "P1"), "then the least recently asked come back"
    # re-running a week does not rotate it: the page of the week itself is not history
    again = json.loads(run_ok(["report", "--today", "2026-11-20", "--format", "json", "--out", "-"],
                              root).output)["asks"]
    assert [a["ask"] for a in again] == asked[2]
