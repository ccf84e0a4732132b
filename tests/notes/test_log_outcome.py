"""The outcome of an introduction in the Log grammar (netnotes.notes.log): `intro outcome [[B]]:
met`, an entry of its own kind that nothing counting introductions counts."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_json
from netnotes.notes.log import OUTCOMES, outcome_of, parse_log


def test_an_outcome_line_is_an_outcome_entry_with_its_word():
    section = parse_log(["## Log",
                         "- 2026-11-28 intro outcome [[Emily Watson]]: met, coffee on Tuesday",
                         "- 2026-11-29 Introduction Outcome [[Emily Watson]]: No reply",
                         "- 2026-11-21 intro [[Emily Watson]]: HR for her new hires"], 1, path="People/S.md")
    assert section.problems == ()
    assert [(e.kind, e.direction, e.links, outcome_of(e.text)) for e in section.entries] == [
        ("outcome", "", ("Emily Watson",), "met"), ("outcome", "", ("Emily Watson",), "no-reply"),
        ("intro", "given", ("Emily Watson",), None)]


def test_an_outcome_without_its_word_is_reported_at_its_line_and_kept():
    section = parse_log(["## Log", "- 2026-11-28 intro outcome [[Emily Watson]]: they talked"], 10, path="P.md")
    (problem,) = section.problems
    assert (problem.path, problem.line, problem.code) == ("P.md", 11, "log-syntax")
    assert "met, business, declined, no-reply" in problem.message
    assert [e.kind for e in section.entries] == ["outcome"]


words = st.sampled_from(["met", "Met", "business", "declined", "no-reply", "no reply", "noreply"])
more = st.sampled_from(["", ", a sale", ". Coffee", " - later", ", [[Bob]] too"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), words, more)
def test_generated_outcomes_parse_to_their_parts(day, word, tail):
    line = f"- {day.isoformat()} intro outcome [[Ann Lee]]: {word}{tail}"
    section = parse_log(["## Log", line], 1)
    assert section.problems == ()
    (e,) = section.entries
    assert (e.date, e.kind, outcome_of(e.text)) == (day, "outcome", "no-reply" if "no" in word else word.lower())
    assert outcome_of(e.text) in OUTCOMES


def test_an_outcome_is_no_second_introduction_in_reciprocity(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\n---\n## Log\n- 2026-11-28 intro outcome [[Bob]]: met\n"
                             "- 2026-11-01 intro [[Bob]]\n",
        "People/Bob.md": "---\n---\n",
    })
    rows = {r["name"]: r for r in run_json(["reciprocity", "--json"], vault, today="2026-11-30")}
    assert (rows["Ann Lee"]["given"], rows["Ann Lee"]["received"]) == (1, 0)
