"""The log grammar's planned touches (`- [ ] DATE ...`), times of day and separators
(netnotes.notes.log), and how planned entries travel: the note, the index, last touches."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import parse, run_json, run_ok
from netnotes.notes.log import KIND_SYNONYMS, KINDS, parse_log


def card_with_log(*lines: str) -> str:
    # front matter is lines 1-3, the heading line 4: entries from line 5
    return "---\nname: Ann Lee\n---\n## Log\n" + "".join(f"{x}\n" for x in lines)


def test_an_unticked_task_is_planned_not_an_entry():
    n = parse(card_with_log("- [ ] 2026-11-18 call: planned", "- [x] 2026-11-17 email: sent",
                            "- 2026-11-10 coffee"))
    assert [(e.date.day, e.kind) for e in n.log] == [(17, "email"), (10, "coffee")]
    assert [(e.line, e.date, e.kind, e.text) for e in n.planned] == [(5, dt.date(2026, 11, 18), "call", "planned")]
    assert n.diagnostics == ()


def test_a_planned_entry_keeps_its_continuation_lines_and_links():
    n = parse(card_with_log("- [ ] 2026-11-25 coffee: bring", "  the checklist for [[Sam Lee]]",
                            "- 2026-11-10 call: asked"))
    (p,) = n.planned
    assert p.text == "bring the checklist for [[Sam Lee]]" and p.links == ("Sam Lee",)
    assert [e.text for e in n.log] == ["asked"]


@pytest.mark.parametrize("line, kind, time", [
    ("- 2026-11-10 14:00 call: asked", "call", "14:00"),
    ("- 2026-11-10 9:05 coffee", "coffee", "09:05"),
    ("- 2026-11-10 14:00:30 call", "call", "14:00"),
    ("- 2026-11-10 2:30pm call", "call", "14:30"),
    ("- 2026-11-10 12:15 a.m. call", "call", "00:15"),
    ("- 2026-11-05, coffee", "coffee", None),
    ("- 2026-11-05; lunch: soup", "lunch", None),
    ("- 2026-11-05 - coffee", "coffee", None),
    ("- 2026-11-05 \u2014 meeting", "meeting", None),
    ("- 2026-11-05, 16:00, coffee", "coffee", "16:00"),
])
def test_times_and_separators_before_the_kind(line, kind, time):
    n = parse(card_with_log(line))
    (e,) = n.log
    assert (e.kind, e.time) == (kind, time)
    assert n.diagnostics == ()


def test_an_impossible_time_is_reported_and_the_entry_kept():
    n = parse(card_with_log("- 2026-11-10 25:00 call: late"))
    (e,) = n.log
    assert (e.kind, e.time, e.text) == ("call", None, "late")
    (d,) = n.diagnostics
    assert (d.line, d.col, d.code) == (5, 14, "log-syntax") and "25:00" in d.message


def test_a_colon_after_the_time_still_needs_a_kind():
    n = parse(card_with_log("- 2026-11-10 14:00: called"))
    assert n.log == () and [d.code for d in n.diagnostics] == ["log-syntax"]


def test_show_lists_planned_entries_apart_and_times(make_vault):
    vault = make_vault({"People/Ann Lee.md": card_with_log(
        "- [ ] 2026-11-25 call: ask about the move", "- [ ] 2026-11-01 email: never sent",
        "- 2026-11-10 14:00 call: asked")})
    out = run_ok(["show", "Ann Lee"], vault, today="2026-11-20").output
    planned, log = out.split("  planned\n")[1].split("  log\n")
    assert planned == "    2026-11-01  email: never sent  (not done)\n    2026-11-25  call: ask about the move\n"
    assert log.strip() == "2026-11-10  14:00  call: asked"
    data = run_json(["show", "Ann Lee", "--json"], vault, today="2026-11-20")
    assert [e["date"] for e in data["planned"]] == ["2026-11-01", "2026-11-25"]
    assert [(e["kind"], e["time"]) for e in data["log"]] == [("call", "14:00")]
    assert data["last_touch"] == "2026-11-10"


def test_a_planned_entry_is_never_the_last_touch_through_the_index(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\ntier: A\n---\n## Log\n- [ ] 2026-11-18 call: planned\n"
                                             "- 2026-10-01 call\n"})
    rows = run_json(["list", "--json"], vault, today="2026-11-20")
    assert [(r["last_touch"], r["next_followup"]) for r in rows] == [("2026-10-01", "2026-10-22")]
    ticked = vault / "People/Ann Lee.md"
    ticked.write_text(ticked.read_text().replace("- [ ]", "- [x]"))
    rows = run_json(["list", "--json"], vault, today="2026-11-20")
    assert [(r["last_touch"], r["next_followup"]) for r in rows] == [("2026-11-18", "2026-12-09")]


# ---- the grammar, generated ----------------------------------------------------------------
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
words = st.sampled_from(sorted(set(KINDS) - {"referral", "sale"} | set(KIND_SYNONYMS) - {"referred", "sold",
                                                                                          "invoice"}))
texts = st.text(st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters=".,!?'"),
                max_size=30).map(lambda t: " ".join(t.split()))


@st.composite
def lines(draw):
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)))
    box = draw(st.sampled_from(["", "[ ] ", "[x] ", "[X] "]))
    bullet = draw(st.sampled_from("-*+"))
    time = draw(st.none() | st.tuples(st.integers(0, 23), st.integers(0, 59)))
    sep = draw(st.sampled_from(["", ",", ";", " -", " \u2013"]))
    word = draw(words)
    text = draw(texts)
    written_time = f" {time[0]}:{time[1]:02d}" if time else ""
    line = f"{bullet} {box}{day.isoformat()}{written_time}{sep} {word}" + (f": {text}" if text else "")
    return line, day, box == "[ ] ", time, KIND_SYNONYMS.get(word.lower(), word.lower()), text


@FAST
@given(st.lists(lines(), min_size=1, max_size=6))
def test_generated_lines_parse_to_their_parts(items):
    section = parse_log(["## Log", *[item[0] for item in items]], 1)
    assert section.problems == ()
    got = sorted(section.entries + section.planned, key=lambda e: e.line)
    assert len(got) == len(items)
    planned_lines = {e.line for e in section.planned}
    for e, (line, day, planned, time, kind, text) in zip(got, items):
        assert (e.date, e.kind, e.text) == (day, kind, text), line
        assert e.time == (f"{time[0]:02d}:{time[1]:02d}" if time else None), line
        assert (e.line in planned_lines) == planned, line


@FAST
@given(st.lists(lines(), min_size=1, max_size=6))
def test_ticking_every_task_moves_every_planned_entry_into_the_log(items):
    body = ["## Log", *[item[0] for item in items]]
    before = parse_log(body, 1)
    after = parse_log([line.replace("[ ]", "[x]", 1) for line in body], 1)
    assert after.planned == ()
    assert sorted(after.entries) == sorted(before.entries + before.planned)


def test_the_index_answers_plans_and_touches_as_the_rules_do(make_vault):
    """SQL over the index's rows (netnotes.index.contacts) equals the rules applied to the
    parsed notes (netnotes.notes.touches), with planned entries about."""
    from netnotes.index.cache import open_synced
    from netnotes.index.contacts import last_touches as touches_from_rows
    from netnotes.index.contacts import next_plans as plans_from_rows
    from netnotes.index.session import load_session_uncached
    from netnotes.notes.resolve import Resolver
    from netnotes.notes.touches import last_touches, next_plans
    from netnotes.vault.handle import open_vault

    vault_dir = make_vault({
        "People/Ann Lee.md": card_with_log("- [ ] 2026-11-25 call", "- [ ] 2026-11-19 email: stale",
                                           "- [ ] 2026-11-25 coffee", "- 2026-11-10 14:00 call"),
        "People/Sam Lee.md": card_with_log("- [ ] 2026-11-01 call: only a plan"),
        "People/Bo.md": card_with_log("- [x] 2026-11-21 call", "- 2026-10-01 coffee"),
        "Groups/Club.md": "---\ntype: group\n---\n## Log\n- [ ] 2026-11-30 meeting\n",
    })
    vault = open_vault(str(vault_dir))
    notes = load_session_uncached(vault).notes
    index, _ = open_synced(vault)
    try:
        for today in (dt.date(2026, 11, 1), dt.date(2026, 11, 20), dt.date(2026, 11, 26)):
            assert plans_from_rows(index.conn, today) == next_plans(notes, today), today
            assert touches_from_rows(index.conn, vault.config, today) == last_touches(
                notes, Resolver(notes), vault.config, today), today
        plans = next_plans(notes, dt.date(2026, 11, 20))
        assert {rel: (p.date.isoformat(), p.kind, p.line) for rel, p in plans.items()} == {
            "People/Ann Lee.md": ("2026-11-25", "call", 5)}
        touches = last_touches(notes, Resolver(notes), vault.config, dt.date(2026, 11, 30))
        assert {rel: t.date.isoformat() for rel, t in touches.items()} == {
            "People/Ann Lee.md": "2026-11-10", "People/Bo.md": "2026-11-21"}
    finally:
        index.close()
