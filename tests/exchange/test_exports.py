"""`netnotes export` (netnotes.exchange.exports): vCard, CSV and JSON with filters, to stdout or a
file; follow-ups as an iCalendar file of all-day events with alarms and UIDs that do not change
from run to run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import icalendar
import pytest
import vobject

from conftest import copy_sample, run_cli

TODAY = "2026-11-20"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("export") / "sample")


def out(vault: Path, *args: str) -> str:
    result = run_cli([*args, "--today", TODAY], vault)
    assert result.exit_code == 0, result.output
    return result.stdout


def listed(vault: Path, *filters: str) -> list[str]:
    return [row["name"] for row in json.loads(out(vault, "list", *filters, "--json"))]


@pytest.mark.parametrize("filters", [("--tier", "A"), ("--tag", "referral-partner"), ("--group", "BNI Capital Referrals"),
                                     ("--tier", "B", "--tag", "resource/insurance")])
def test_every_format_exports_the_contacts_the_filters_list(sample, filters):
    names = listed(sample, *filters)
    assert names

    rows = list(csv.DictReader(io.StringIO(out(sample, "export", "csv", *filters))))
    assert [r["name"] for r in rows] == names
    assert [r["name"] for r in json.loads(out(sample, "export", "json", *filters))] == names
    cards = list(vobject.readComponents(out(sample, "export", "vcard", *filters)))
    assert [c.fn.value for c in cards] == names


def test_csv_columns_and_multi_values(sample):
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out(sample, "export", "csv")))}
    natalie = rows["Natalie Simard"]
    assert natalie["email"] == "natalie@simardcpa.example ::: nat.simard@example.net"
    assert natalie["phone"] == "+1 613 555 0151 ::: +1 613 555 0152"
    assert natalie["path"] == "People/Natalie Simard.md"
    assert rows["Raj Malhotra"]["role"] == "Broker, owner" and rows["Raj Malhotra"]["birthday"] == "--11-26"
    assert rows["Li Wei"]["path"] == "People/李伟.md"


def test_json_carries_the_card_and_its_properties(sample):
    alain = next(r for r in json.loads(out(sample, "export", "json")) if r["name"] == "Alain Gervais")
    assert {k: alain[k] for k in ("company", "email", "phone", "birthday", "met", "tier", "stage")} == {
        "company": "Gervais Consulting", "email": ["alain@gervaisconsulting.example"], "phone": ["+1 613 555 0101"],
        "birthday": "--04-12", "met": "2025-09-17", "tier": "A", "stage": "trust"}
    assert alain["properties"]["aliases"] == ["Al"]
    assert alain["notes"].startswith("Strategy consultant for owner-run firms.")


def test_vcard_fields(sample):
    cards = {c.fn.value: c for c in vobject.readComponents(out(sample, "export", "vcard", "--tag", "referral-partner"))}
    natalie = cards["Natalie Simard"]
    assert natalie.version.value == "3.0"
    assert [e.value for e in natalie.email_list] == ["natalie@simardcpa.example", "nat.simard@example.net"]
    assert natalie.org.value == ["Simard & Associates CPA"]
    assert cards["Alain Gervais"].bday.value == "--04-12"
    assert cards["Alain Gervais"].n.value.family == "Gervais"


def test_out_writes_the_same_bytes_and_leaves_an_unchanged_file_alone(sample, tmp_path):
    printed = run_cli(["export", "vcard", "--tier", "A", "--today", TODAY], sample).stdout_bytes
    assert b"\r\nEND:VCARD\r\n" in printed  # vCard lines end in CRLF, on stdout too
    target = tmp_path / "a-list.vcf"
    result = run_cli(["export", "vcard", "--tier", "A", "--out", str(target), "--today", TODAY], sample)
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == f"wrote: {target}\n"
    assert target.read_bytes() == printed
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))

    result = run_cli(["export", "vcard", "--tier", "A", "--out", str(target), "--today", TODAY], sample)
    assert result.stderr == f"unchanged: {target}\n"
    assert target.stat().st_mtime_ns == 1_000_000_000


# ---- iCalendar ----------------------------------------------------------------------------------
CONFIG = """[tiers]
A = "3w"
B = "2m"
"""
FOLLOWUPS = {
    "People/Ann Lee.md": "---\ntier: A\nnext_followup: 2026-11-25\n---\n\n## Log\n- 2026-11-10 call: quote sent.\n",
    "People/Bo Chen.md": "---\ntier: A\n---\n\n## Log\n- 2026-10-01 coffee: new bakery.\n",
    "People/Cy Diaz.md": "---\ntier: B\nnext_followup: 2027-03-01\n---\n",
    "People/Dee Eng.md": "---\ntier: B\n---\n\n## Log\n- 2026-10-12 meeting: met at the mixer.\n",
}


def by_name(ics: str) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    return {str(ev["summary"]).removeprefix("Follow up with "): ev for ev in cal.walk("VEVENT")}


def events(vault: Path, *extra: str, today: str = TODAY) -> dict[str, icalendar.Event]:
    result = run_cli(["export", "ics", "--within", "30d", "--today", today, *extra], vault)
    assert result.exit_code == 0, result.output
    found = by_name(result.stdout)
    assert len({str(ev["uid"]) for ev in found.values()}) == len(found)  # one UID each
    return found


def test_ics_all_day_events_with_alarms_one_per_followup(make_vault):
    vault = make_vault(FOLLOWUPS, config=CONFIG)
    due = {f["name"]: dt.date.fromisoformat(f["due"])
           for f in json.loads(out(vault, "followups", "--within", "30d", "--json"))["followups"]}
    assert due == {"Ann Lee": dt.date(2026, 11, 25), "Bo Chen": dt.date(2026, 10, 22),
                   "Dee Eng": dt.date(2026, 12, 11)}
    found = events(vault)
    assert sorted(found) == sorted(due)
    today = dt.date.fromisoformat(TODAY)
    for name, ev in found.items():
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        assert type(start) is dt.date and type(end) is dt.date  # all-day: dates, not datetimes
        assert start == max(due[name], today)  # an overdue follow-up is on today
        assert end == start + dt.timedelta(days=1)
        alarm, = ev.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger") == dt.timedelta(hours=9)
        assert str(ev["uid"]).endswith("@netnotes")
    assert "(29 days late)" in str(found["Bo Chen"]["description"])


def test_ics_uids_stay_the_same_across_runs_and_edits(make_vault):
    vault = make_vault(FOLLOWUPS, config=CONFIG)
    first = run_cli(["export", "ics", "--within", "30d", "--today", TODAY], vault).stdout
    again = run_cli(["export", "ics", "--within", "30d", "--today", TODAY], vault).stdout
    assert again == first  # same input, same bytes
    uids = {name: str(ev["uid"]) for name, ev in events(vault).items()}

    # Another card changes, one is added: the other events keep their UIDs (and their text).
    (vault / "People/Cy Diaz.md").write_text("---\ntier: B\nnext_followup: 2026-11-30\n---\n", encoding="utf-8")
    (vault / "People/Eve Fox.md").write_text("---\ntier: A\nnext_followup: 2026-11-21\n---\n", encoding="utf-8")
    changed = events(vault)
    assert {n: str(changed[n]["uid"]) for n in uids} == uids
    assert changed["Ann Lee"].to_ical() == by_name(first)["Ann Lee"].to_ical()
    assert len({str(e["uid"]) for e in changed.values()}) == 5

    # The card itself changes (a touch moves its follow-up): same UID, new date, so a calendar
    # that re-imports the file moves the event instead of adding a second one.
    with (vault / "People/Bo Chen.md").open("a", encoding="utf-8") as f:
        f.write("- 2026-11-19 call: ordered the cake.\n")
    moved = events(vault)
    assert str(moved["Bo Chen"]["uid"]) == uids["Bo Chen"]
    assert moved["Bo Chen"].decoded("dtstart") == dt.date(2026, 12, 10)

    # Another day: the same UIDs.
    later = events(vault, today="2026-11-27")
    assert {n: str(later[n]["uid"]) for n in later if n in uids} == {n: uids[n] for n in later if n in uids}
