"""The weekly loop closes (issue 15): an explicit follow-up is satisfied by a touch on or after
it, a planned touch is shown and moves the follow-up, `done` and `log --next` record a
touch and the next follow-up in one write, and `intro` is never written twice."""

from __future__ import annotations

from pathlib import Path

from conftest import by_name, one_line_error, run_cli, run_json, run_ok, temps, tree_hashes

KEVIN = "People/Kevin O'Brien.md"
KEVIN_CARD = ("---\ntier: B\n---\nCafé owner.\n\n## Log\n"
              "- 2026-10-24 coffee at his café: walked through his books.\n")
CONFIG = "[tiers]\nA = \"3w\"\nB = \"60d\"\n"


def kevin_vault(make_vault, card: str = KEVIN_CARD) -> Path:
    return make_vault({KEVIN: card, "People/Ann Lee.md": "---\ntier: A\n---\n## Log\n- 2026-11-12 call\n"},
                      config=CONFIG)


def followup_rows(vault: Path, today: str = "2026-11-20", within: str = "7d") -> dict[str, dict]:
    return by_name(run_json(["followups", "--json", "--within", within], vault, today=today)["followups"])


# ---- 1. an explicit follow-up is satisfied by a touch on or after it -----------------------
def test_the_issue_scenario_every_view_agrees_kevin_is_not_late(make_vault):
    vault = kevin_vault(make_vault)
    run_ok(["followup", "Kevin O'Brien", "2026-11-10"], vault, today="2026-11-01")
    run_ok(["log", "Kevin O'Brien", "call: followed up", "--date", "2026-11-15"], vault, today="2026-11-15")
    assert "Kevin O'Brien" not in followup_rows(vault)  # due 2027-01-14: 60 days after the call
    assert followup_rows(vault, within="60d")["Kevin O'Brien"]["due"] == "2027-01-14"
    assert run_json(["list", "--overdue", "--json"], vault, today="2026-11-20") == []
    shown = run_json(["show", "Kevin O'Brien", "--json"], vault, today="2026-11-20")
    assert (shown["next_followup"], shown["next_followup_source"], shown["overdue_days"]) == \
        ("2027-01-14", "cadence", 0)
    run_ok(["report", "--today", "2026-11-20"], vault)
    page = next((vault / "Reviews").glob("*.md")).read_text()
    assert "Kevin" not in page.split("## Introductions")[0]
    ics = run_ok(["export", "ics", "--within", "90d"], vault, today="2026-11-20").stdout
    assert "DTSTART;VALUE=DATE:20270114" in ics and "late" not in ics


def test_an_explicit_follow_up_after_the_last_touch_still_applies(make_vault):
    vault = kevin_vault(make_vault)
    run_ok(["followup", "Kevin O'Brien", "2026-11-18"], vault, today="2026-11-01")
    row = followup_rows(vault)["Kevin O'Brien"]
    assert (row["due"], row["due_source"], row["overdue_days"]) == ("2026-11-18", "next_followup", 2)


def test_a_dated_note_after_the_explicit_date_satisfies_it_too(make_vault):
    vault = kevin_vault(make_vault, KEVIN_CARD.replace("tier: B\n", "tier: B\nnext_followup: 2026-11-10\n"))
    (vault / "Daily").mkdir()
    (vault / "Daily/2026-11-12.md").write_text("Coffee with [[Kevin O'Brien]].\n")
    shown = run_json(["show", "Kevin O'Brien", "--json"], vault, today="2026-11-20")
    assert (shown["next_followup"], shown["last_touch_source"]) == ("2027-01-11", "daily note")


# ---- 4. a planned touch is not a touch; it moves the follow-up -------------------------------
def test_a_planned_call_does_not_reset_the_clock_but_moves_the_follow_up_to_its_day(make_vault):
    vault = kevin_vault(make_vault)
    ann = vault / "People/Ann Lee.md"
    ann.write_text("---\ntier: A\n---\n## Log\n- [ ] 2026-11-25 call: planned\n- 2026-10-01 call\n")
    row = followup_rows(vault)["Ann Lee"]
    assert (row["due"], row["due_source"], row["overdue_days"], row["last_touch"]) == \
        ("2026-11-25", "planned", 0, "2026-10-01")
    assert row["planned"] == {"date": "2026-11-25", "kind": "call", "text": "planned",
                              "path": "People/Ann Lee.md", "line": 5}
    assert row["reason"] == "call planned for 2026-11-25 (due 2026-10-22)"
    assert "Ann Lee" not in followup_rows(vault, within="0d")
    assert run_json(["list", "--overdue", "--json"], vault, today="2026-11-20") == []
    out = run_ok(["followups", "--within", "7d"], vault, today="2026-11-20").output
    assert "call planned for 2026-11-25" in out
    # the plan's day passes without a tick: late from the cadence's date again
    late = followup_rows(vault, today="2026-11-26")["Ann Lee"]
    assert (late["due"], late["due_source"], late["overdue_days"], late["planned"]) == \
        ("2026-10-22", "cadence", 35, None)


def test_a_plan_before_the_due_date_is_mentioned_without_moving_it(make_vault):
    vault = kevin_vault(make_vault)
    (vault / "People/Ann Lee.md").write_text("---\ntier: A\n---\n## Log\n- [ ] 2026-11-22 coffee\n- 2026-11-05 call\n")
    row = followup_rows(vault)["Ann Lee"]
    assert (row["due"], row["due_source"]) == ("2026-11-26", "cadence")
    assert row["reason"] == "every 21 days since 2026-11-05; coffee planned for 2026-11-22"


# ---- done --------------------------------------------------------------------------------
def test_done_logs_the_touch_and_removes_the_satisfied_follow_up_in_one_write(make_vault):
    vault = kevin_vault(make_vault, KEVIN_CARD.replace("tier: B\n", "tier: B\nnext_followup: 2026-11-10\n"))
    before = tree_hashes(vault)
    dry = run_ok(["done", "Kevin O'Brien", "--kind", "call", "--note", "went over the proposal", "--dry-run"],
                 vault, today="2026-11-20").output
    assert "-next_followup: 2026-11-10\n" in dry and "+- 2026-11-20 call: went over the proposal\n" in dry
    assert tree_hashes(vault) == before
    out = run_ok(["done", "Kevin O'Brien", "--kind", "call", "--note", "went over the proposal"],
                 vault, today="2026-11-20").output
    assert out.startswith("Kevin O'Brien: logged 2026-11-20 call: went over the proposal (")
    assert out.endswith("Kevin O'Brien.md)\n")
    assert (vault / KEVIN).read_text() == (
        "---\ntier: B\n---\nCafé owner.\n\n## Log\n- 2026-11-20 call: went over the proposal\n"
        "- 2026-10-24 coffee at his café: walked through his books.\n")
    assert temps(vault) == []
    shown = run_json(["show", "Kevin O'Brien", "--json"], vault, today="2026-11-20")
    assert (shown["last_touch"], shown["next_followup"]) == ("2026-11-20", "2027-01-19")


def test_done_with_next_sets_the_follow_up_and_keeps_a_later_one_without(make_vault):
    vault = kevin_vault(make_vault, KEVIN_CARD.replace("tier: B\n", "tier: B\nnext_followup: 2026-12-15\n"))
    run_ok(["done", "Kevin O'Brien"], vault, today="2026-11-20")
    text = (vault / KEVIN).read_text()
    assert "next_followup: 2026-12-15\n" in text and "- 2026-11-20 note: followed up\n" in text
    run_ok(["done", "Kevin O'Brien", "--kind", "email", "--next", "in 2 weeks", "--date", "2026-11-21"],
           vault, today="2026-11-22")
    text = (vault / KEVIN).read_text()
    assert "next_followup: 2026-12-06\n" in text and "- 2026-11-21 email: followed up\n" in text
    row = followup_rows(vault, today="2026-12-07")["Kevin O'Brien"]
    assert (row["due"], row["due_source"], row["overdue_days"]) == ("2026-12-06", "next_followup", 1)


def test_done_refuses_what_it_cannot_record_and_writes_nothing(make_vault):
    vault = kevin_vault(make_vault)
    before = tree_hashes(vault)
    for args in (["--date", "2026-11-25"], ["--next", "2026-11-19"], ["--next", "someday soonish"]):
        result = run_cli(["done", "Kevin O'Brien", *args], vault, today="2026-11-20", expect_error=True)
        assert result.exit_code == 2, result.output
        one_line_error(result.stderr)
    result = run_cli(["done", "Kevin O'Brien", "--kind", "sale"], vault, today="2026-11-20", expect_error=True)
    assert result.exit_code == 2 and "--kind" in result.output
    result = run_cli(["done", "Kevin OBrian"], vault, today="2026-11-20", expect_error=True)
    assert result.exit_code == 3
    assert tree_hashes(vault) == before


def test_log_next_sets_the_follow_up_in_the_same_write(make_vault):
    vault = kevin_vault(make_vault)
    before = tree_hashes(vault)
    dry = run_ok(["log", "Kevin O'Brien", "14:00 call: asked about the audit", "--next", "2026-12-01",
                  "--dry-run"], vault, today="2026-11-20").output
    assert "+next_followup: 2026-12-01\n" in dry and "+- 2026-11-20 14:00 call: asked about the audit\n" in dry
    assert tree_hashes(vault) == before
    run_ok(["log", "Kevin O'Brien", "14:00 call: asked about the audit", "--next", "2026-12-01"],
           vault, today="2026-11-20")
    assert (vault / KEVIN).read_text().startswith("---\ntier: B\nnext_followup: 2026-12-01\n---\n")
    shown = run_json(["show", "Kevin O'Brien", "--json"], vault, today="2026-11-20")
    assert (shown["next_followup"], shown["log"][0]["time"]) == ("2026-12-01", "14:00")


# ---- 5a. intro is written once ---------------------------------------------------------------
def test_intro_twice_on_the_same_day_in_either_order_is_refused(make_vault):
    vault = kevin_vault(make_vault)
    run_ok(["intro", "Kevin O'Brien", "Ann Lee", "--note", "books"], vault, today="2026-11-20")
    after_first = tree_hashes(vault)
    for a, b in (("Kevin O'Brien", "Ann Lee"), ("Ann Lee", "Kevin O'Brien")):
        result = run_cli(["intro", a, b], vault, today="2026-11-20", expect_error=True)
        assert result.exit_code == 2
        assert "on both cards already; nothing was written" in one_line_error(result.stderr)
    assert tree_hashes(vault) == after_first
    assert (vault / KEVIN).read_text().count("intro [[Ann Lee]]") == 1
    assert (vault / "People/Ann Lee.md").read_text().count("intro [[Kevin O'Brien]]") == 1
    run_ok(["intro", "Ann Lee", "Kevin O'Brien"], vault, today="2026-11-21")  # another day: another intro
    assert (vault / KEVIN).read_text().count("intro [[Ann Lee]]") == 2


def test_intro_written_by_hand_on_one_card_completes_the_other_only(make_vault):
    vault = kevin_vault(make_vault, KEVIN_CARD + "- 2026-11-20 intro [[ann lee]]: by hand\n")
    dry = run_ok(["intro", "Ann Lee", "Kevin O'Brien", "--dry-run"], vault, today="2026-11-20").output
    assert "Kevin" not in dry.split("\n")[0] and "+- 2026-11-20 intro [[Kevin O'Brien]]\n" in dry
    out = run_ok(["intro", "Ann Lee", "Kevin O'Brien"], vault, today="2026-11-20").output
    assert out == f"Ann Lee: logged 2026-11-20 intro [[Kevin O'Brien]] ({vault / 'People/Ann Lee.md'})\n"
    assert (vault / KEVIN).read_text().count("intro [[") == 1


def test_done_kind_takes_exactly_the_kinds_done_logs_from_their_one_home(make_vault):
    """`--kind` offers, accepts and refuses by ``edit.capture.DONE_KINDS`` itself, which the
    CLI reads only when a command runs (``netnotes --help`` stays instant)."""
    import subprocess
    import sys

    from netnotes.edit.capture import DONE_KINDS

    vault = kevin_vault(make_vault)
    before = tree_hashes(vault)
    help_text = run_ok(["done", "--help"], vault).output
    assert f"--kind [{'|'.join(DONE_KINDS)}]" in help_text
    for kind in DONE_KINDS:
        dry = run_ok(["done", "Kevin O'Brien", "--kind", kind, "--dry-run"], vault, today="2026-11-20").output
        assert f"+- 2026-11-20 {kind}: followed up\n" in dry
    refused = run_cli(["done", "Kevin O'Brien", "--kind", "referral"], vault, today="2026-11-20", expect_error=True)
    assert refused.exit_code == 2
    assert "'referral' is not one of " + ", ".join(f"'{k}'" for k in DONE_KINDS) in refused.output
    assert tree_hashes(vault) == before
    code = "import sys, netnotes.cli; print('netnotes.edit.capture' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
