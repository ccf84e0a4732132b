"""The ICS feed (issue 21): birthdays (and the other [reminders] properties) as yearly
all-day events with stable UIDs, and the follow-ups as tasks (VTODO) with --todo."""

from __future__ import annotations

import datetime as dt

import icalendar

from conftest import card, run_ok, write_vault

TODAY = "2026-11-20"


def _vault(tmp_path):
    return write_vault(tmp_path / "v", {
        "People/Ann Lee.md": card(tier="A", birthday="1980-02-29", next_followup="2026-11-25"),
        "People/Bo Chen.md": card(tier="B", birthday="--04-12", uid="bo-chen-1"),
        "People/Cy Diaz.md": card(tier="C"),
    })


def _calendar(vault, *extra) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(run_ok(["export", "ics", *extra], vault, today=TODAY).stdout)


def test_birthdays_are_yearly_events(tmp_path):
    vault = _vault(tmp_path)
    events = {str(e["summary"]): e for e in _calendar(vault).walk("VEVENT")}
    ann, bo = events["Birthday: Ann Lee"], events["Birthday: Bo Chen"]
    assert ann.decoded("dtstart") == dt.date(1980, 2, 29) and bo.decoded("dtstart") == dt.date(2000, 4, 12)
    for ev in (ann, bo):
        assert ev["rrule"]["FREQ"] == ["YEARLY"]
        assert ev.decoded("dtend") - ev.decoded("dtstart") == dt.timedelta(days=1)  # all day
    assert str(bo["uid"]) == "birthday-bo-chen-1"  # the card's uid: a rename keeps it
    assert "Follow up with Ann Lee" in events  # the follow-ups are still there
    assert not any(k.startswith("Birthday: Cy") for k in events)
    assert "Birthday" not in run_ok(["export", "ics", "--no-dates"], vault, today=TODAY).stdout


def test_todo_writes_the_follow_ups_as_tasks(tmp_path):
    vault = _vault(tmp_path)
    cal = _calendar(vault, "--todo", "--no-dates")
    todos = {str(t["summary"]): t for t in cal.walk("VTODO")}
    assert set(todos) == {"Follow up with Ann Lee", "Follow up with Bo Chen", "Follow up with Cy Diaz"}
    assert not cal.walk("VEVENT")
    ann = todos["Follow up with Ann Lee"]
    assert ann.decoded("due") == dt.date(2026, 11, 25) and str(ann["status"]) == "NEEDS-ACTION"
    assert todos["Follow up with Bo Chen"].decoded("due") == dt.date(2026, 11, 20)  # never contacted: today
    first, again = (run_ok(["export", "ics", "--todo", "--no-dates"], vault, today=TODAY).stdout for _ in range(2))
    assert again == first  # same input, same bytes


def test_a_february_29_birthday_is_there_every_year(tmp_path):
    import recurring_ical_events

    cal = _calendar(_vault(tmp_path))
    days = [e.decoded("dtstart") for e in recurring_ical_events.of(cal).between(dt.date(2026, 1, 1), dt.date(2031, 1, 1))
            if str(e["summary"]) == "Birthday: Ann Lee"]
    assert days == [dt.date(2026, 2, 28), dt.date(2027, 2, 28), dt.date(2028, 2, 29), dt.date(2029, 2, 28),
                    dt.date(2030, 2, 28)]
