"""Touches from a calendar (`netnotes import ics`): a real calendar file with a recurring
meeting (an excluded and a moved occurrence), a cancelled event, a declined attendee, an
all-day event and attendees matched by email or by name; the plan, --apply, a second run that
adds nothing, and a later run that ticks a planned meeting once its day has passed."""

from __future__ import annotations

from conftest import ROOT, copy_sample, run_cli, run_json, run_ok, tree_hashes

ICS = ROOT / "tests" / "fixtures" / "calendar" / "work.ics"
ALAIN = "People/Alain Gervais.md"


def _log(vault, rel: str) -> list[str]:
    text = (vault / rel).read_text(encoding="utf-8")
    return [line for line in text.split("## Log\n", 1)[1].splitlines() if "[ics::" in line]


def test_the_plan_writes_nothing_and_names_every_entry(tmp_path):
    vault = copy_sample(tmp_path / "v")
    before = tree_hashes(vault)
    plan = run_json(["import", "ics", str(ICS), "--json"], vault, today="2026-11-20")
    assert tree_hashes(vault) == before
    got = sorted((e["name"], e["date"], e["action"]) for e in plan["entries"])
    assert got == [("Alain Gervais", "2026-09-15", "add"),  # 2026-10-20 is excluded (EXDATE)
                   ("Alain Gervais", "2026-11-18", "add"),  # the 17th's meeting, moved to the 18th
                   ("Alain Gervais", "2026-12-15", "plan"), ("Alain Gervais", "2027-01-19", "plan"),
                   ("Alain Gervais", "2027-02-16", "plan"),
                   ("Farah Haddad", "2026-11-09", "add"),  # the all-day trade show; not the cancelled lunch
                   ("Marie Tremblay", "2026-11-12", "add"),  # matched by name: another email
                   ("Raj Malhotra", "2026-11-12", "add")]  # Sam Lee declined
    assert {u["attendee"] for u in plan["unmatched"]} == {"Dana Owner", "Someone Unknown"}
    text = run_ok(["import", "ics", str(ICS)], vault, today="2026-11-20").output
    assert "run again with --apply to write 8 entries on 4 cards" in text


def test_apply_then_again_adds_nothing_and_a_past_planned_meeting_is_ticked(tmp_path):
    vault = copy_sample(tmp_path / "v")
    run_ok(["import", "ics", str(ICS), "--apply"], vault, today="2026-11-20")
    assert _log(vault, ALAIN)[:2] == ["- [ ] 2027-02-16 meeting: Monthly coffee with Alain [ics:: 4b25edb88c]",
                                      "- [ ] 2027-01-19 meeting: Monthly coffee with Alain [ics:: 4b25edb88c]"]
    assert "- 2026-11-18 meeting: Monthly coffee with Alain (moved to lunch) [ics:: 4b25edb88c]" in _log(vault, ALAIN)
    assert "- 2026-11-09 meeting: Trade show with Farah [ics:: c39a72eeb3]" in _log(vault, "People/Farah Haddad.md")
    after = tree_hashes(vault)
    again = run_ok(["import", "ics", str(ICS), "--apply"], vault, today="2026-11-20").output
    assert "nothing to write" in again and tree_hashes(vault) == after
    later = run_ok(["import", "ics", str(ICS), "--apply"], vault, today="2026-12-20").output
    assert "wrote 1 entry on 1 card" in later
    assert "- [x] 2026-12-15 meeting: Monthly coffee with Alain [ics:: 4b25edb88c]" in _log(vault, ALAIN)
    assert len(_log(vault, ALAIN)) == 5  # ticked, not written twice
    shown = run_json(["show", "Alain Gervais", "--json"], vault, today="2026-11-20")
    assert shown["last_touch"] == "2026-11-18"
    assert run_cli(["validate"], vault).exit_code == 0


def test_the_import_is_one_undoable_change(tmp_path):
    vault = copy_sample(tmp_path / "v")
    before = tree_hashes(vault)
    run_ok(["import", "ics", str(ICS), "--apply"], vault, today="2026-11-20")
    run_ok(["undo"], vault)
    assert tree_hashes(vault) == before


def test_a_broken_calendar_is_an_error_naming_it(tmp_path):
    vault = copy_sample(tmp_path / "v")
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nthis is not\nEND:VEVENT\n", encoding="utf-8")
    before = tree_hashes(vault)
    result = run_cli(["import", "ics", str(bad), "--apply"], vault, today="2026-11-20")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "bad.ics" in result.output and "not a calendar" in result.output
    assert tree_hashes(vault) == before


HOSTILE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:every-second\r
DTSTART:20261110T090000Z\r
RRULE:FREQ=SECONDLY\r
SUMMARY:Lunch [ics:: 0000000000] \x1b]0;pwned\x07 [[Sam Lee]]\r
ATTENDEE;CN=Alain Gervais:mailto:alain@gervaisconsulting.example\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_rule_without_an_end_is_one_entry_a_day_and_a_title_brings_nothing_in(tmp_path):
    vault = copy_sample(tmp_path / "v")
    ics = tmp_path / "hostile.ics"
    ics.write_bytes(HOSTILE.encode("utf-8"))
    args = ["import", "ics", str(ics), "--since", "2026-11-15", "--until", "2026-11-20", "--apply"]
    out = run_ok(args, vault, today="2026-11-20").output
    assert "wrote 6 entries on 1 card" in out and "\x1b" not in out  # 15th to 20th, one a day
    lines = _log(vault, ALAIN)
    # no control character, no link, no inline field of the title's own: only netnotes' key
    assert lines[0] == "- 2026-11-20 meeting: Lunch ]0;pwned [ [Sam Lee] ] [ics:: 5de249223f]"
    assert len(lines) == 6
    again = run_ok(args, vault, today="2026-11-20").output
    assert "nothing to write" in again  # idempotent, whatever the title says


def test_a_calendar_that_is_not_one_is_refused_with_a_hint(tmp_path):
    vault = copy_sample(tmp_path / "v")
    for name, data in (("binary.ics", b"\x00\x01\x02" * 100), ("nostart.ics",
                       b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")):
        path = tmp_path / name
        path.write_bytes(data)
        result = run_cli(["import", "ics", str(path)], vault, today="2026-11-20")
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert name in result.output and "hint:" in result.output


def test_attendees_written_the_ways_calendars_write_them(tmp_path):
    vault = copy_sample(tmp_path / "v")
    ics = tmp_path / "odd.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:odd-1\r\nDTSTART;VALUE=DATE:20261112\r\n"
                   "SUMMARY:Board\r\nATTENDEE:mailto:<claire@duboisroofing.example>\r\n"
                   "ATTENDEE:mailto:chris@tanakalogistics.example?subject=hi\r\n"
                   "ATTENDEE;CN=\"Gervais, Alain\":mailto:someone@else.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                   encoding="utf-8")
    plan = run_json(["import", "ics", str(ics), "--json"], vault, today="2026-11-20")
    assert sorted(e["name"] for e in plan["entries"]) == ["Alain Gervais", "Chris Tanaka", "Claire Dubois"]
    assert plan["unmatched"] == []


def _one(tmp_path, name: str, day: str) -> str:
    path = tmp_path / name
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\nDTSTART;VALUE=DATE:{day}\r\n"
                    "SUMMARY:Lunch\r\nATTENDEE:mailto:alain@gervaisconsulting.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                    encoding="utf-8")
    return str(path)


def test_a_moved_meeting_moves_on_the_card(tmp_path):
    vault = copy_sample(tmp_path / "v")
    run_ok(["import", "ics", _one(tmp_path, "a.ics", "20261215"), "--apply"], vault, today="2026-11-30")
    moved = _one(tmp_path, "b.ics", "20261216")
    plan = run_ok(["import", "ics", moved], vault, today="2026-11-30").output
    assert "- [ ] 2026-12-15 meeting: Lunch [ics:: f129f66c6b] (no longer in the calendar that day)" in plan
    assert "1 entry (and remove 1) on 1 card" in plan
    run_ok(["import", "ics", moved, "--apply"], vault, today="2026-11-30")
    assert [line for line in _log(vault, ALAIN) if "Lunch" in line] == [
        "- [ ] 2026-12-16 meeting: Lunch [ics:: f129f66c6b]"]


def test_hourly_rules_keep_their_days(tmp_path):
    vault = copy_sample(tmp_path / "v")
    ics = tmp_path / "h.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                   "BEGIN:VEVENT\r\nUID:e48\r\nDTSTART:20261101T090000Z\r\nRRULE:FREQ=HOURLY;INTERVAL=48;COUNT=3\r\n"
                   "SUMMARY:every 48 hours\r\nATTENDEE:mailto:alain@gervaisconsulting.example\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:mon\r\nDTSTART:20261102T100000Z\r\n"
                   "RRULE:FREQ=HOURLY;BYHOUR=10;BYDAY=MO;UNTIL=20261116T235959Z\r\n"
                   "SUMMARY:mondays\r\nATTENDEE:mailto:alain@gervaisconsulting.example\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n", encoding="utf-8")
    plan = run_json(["import", "ics", str(ics), "--since", "2026-10-30", "--until", "2026-11-30", "--json"], vault,
                    today="2026-11-30")
    assert sorted(e["date"] for e in plan["entries"]) == ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-05",
                                                          "2026-11-09", "2026-11-16"]
