"""The weekly review (netnotes.reports.weekly): every report for one ISO week as one value; its
week and day, new people and interactions up to today, validation problems, and the sample
vault's review with asks, dates and the graph."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import TODAY, card, copy_sample, run_cli, run_ok, write_vault
from netnotes.vault.handle import open_vault
from netnotes.index.session import load_session


def test_week_and_as_of_day():
    from netnotes.base.errors import NetnotesError
    from netnotes.reports.weekly import Week, as_of

    clock = dt.date(2026, 11, 20)
    assert as_of(None, None, clock) == (Week(2026, 47), clock)
    assert as_of(None, dt.date(2026, 11, 10), clock) == (Week(2026, 46), dt.date(2026, 11, 10))
    assert as_of(Week.parse("2026-W46"), None, clock) == (Week(2026, 46), dt.date(2026, 11, 15))
    assert as_of(Week.parse("2026W47"), None, clock) == (Week(2026, 47), clock)
    assert as_of(Week.parse("2026-W49"), None, clock) == (Week(2026, 49), dt.date(2026, 12, 6))
    assert Week.parse("2026-W47").start == dt.date(2026, 11, 16)
    with pytest.raises(NetnotesError, match="not an ISO week"):
        Week.parse("2026-W54")


def test_new_people_and_interactions_of_the_week_up_to_today(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/New.md": card("2026-11-18 coffee: first meeting", "2026-11-21 call: tomorrow",
                              "2026-11-09 call: the week before", met="2026-11-18", company="Acme"),
        "People/Tomorrow.md": card(met="2026-11-21"),
    })
    review = json.loads(run_cli(["report", "--format", "json", "--out", "-"], vault, today=TODAY).stdout)
    assert [p["name"] for p in review["new_people"]] == ["New"]
    assert [(i["name"], i["date"]) for i in review["interactions"]] == [("New", "2026-11-18")]
    assert (review["week"], review["start"], review["end"]) == ("2026-W47", "2026-11-16", "2026-11-22")


def test_the_review_lists_validation_problems(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Bad.md": card(tier="Z")})
    review = json.loads(run_cli(["report", "--format", "json", "--out", "-"], vault, today=TODAY).stdout)
    assert [p["code"] for p in review["problems"]] == ["unknown-tier"]
    assert "unknown-tier" in run_cli(["report", "--out", "-"], vault, today=TODAY).stdout


def test_sample_vault_review_has_asks_dates_and_graph(tmp_path: Path) -> None:
    copy = tmp_path / "v"
    copy_sample(copy)
    text = run_ok(["report", "--today", "2026-11-20", "--out", "-"], copy).output
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
