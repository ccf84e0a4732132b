"""netnotes/render/review_html.py: the headline numbers and chart data of the HTML review agree
with the review itself (its JSON), and the touches per week with the cards' own logs."""

from __future__ import annotations

import datetime as dt
import json
import re

from conftest import TODAY, copy_sample, run_cli
from netnotes.base.isoweek import Week
from netnotes.index.session import load_session, load_session_uncached
from netnotes.reports.weekly import touches_by_week
from netnotes.vault.handle import open_vault


def test_headline_numbers_are_the_reviews(tmp_path):
    vault = copy_sample(tmp_path / "sample-vault")
    review = json.loads(run_cli(["report", "--format", "json", "--out", "-"], vault, today=TODAY).stdout)
    html = run_cli(["report", "--format", "html", "--out", "-"], vault, today=TODAY).stdout
    tiles = dict((label, int(n)) for n, label in
                 re.findall(r'<span class="n">(\d+)</span><span class="l">([^<]+)</span>', html))
    assert tiles["due this week"] == len(review["followups"]) + len(review["going_cold"])
    assert tiles["going cold"] == len(review["going_cold"])
    assert tiles["touches this week"] == len(review["interactions"])
    assert tiles["introductions to make"] == review["introductions_total"]
    assert tiles["owe help back"] == len(review["owed"])
    assert tiles["new people"] == len(review["new_people"])
    stages = dict(re.findall(r"<tr><td>(lead|prospect|customer|partner)</td><td class=\"num\">(\d+)</td>", html))
    for stage, count in stages.items():
        assert int(count) == sum(1 for p in review["pipeline"] if p["pipeline"] == stage)


def test_touches_per_week_count_every_log_entry_of_a_contact(tmp_path):
    vault = open_vault(str(copy_sample(tmp_path / "sample-vault")))
    week = Week.of(TODAY)
    from_index = touches_by_week(load_session(vault, with_body=False), week, TODAY)
    whole = load_session_uncached(vault)
    assert from_index == touches_by_week(whole, week, TODAY)
    assert [w for w, _ in from_index][-1] == week and len(from_index) == 12
    first = from_index[0][0].start
    expected = sum(1 for n in whole.contacts for e in n.log if first <= e.date <= TODAY)
    assert sum(c for _, c in from_index) == expected > 0
    later = touches_by_week(whole, week, TODAY - dt.timedelta(days=3))
    assert later[-1][1] < from_index[-1][1]  # entries after "today" do not count
