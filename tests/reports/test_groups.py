"""The rules behind groups and events (netnotes.reports.groups): who was met there, what they
produced, on small vaults built inline (docs/reports.md states them).

Every vault is read as of 2026-11-20 (a Friday in 2026-W47) unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt

from conftest import TODAY, card, names, note, run_cli, run_json, write_vault


def _groups_files():
    return {
        "Groups/Guild.md": note(type="group"),
        "Groups/Other.md": note(type="group"),
        "Events/2026-05-01 Guild fair.md": note(type="event", date="2026-05-01", group="[[Guild]]",
                                                people=["[[Dee]]", "[[Bob]]"]),
        "Events/2026-12-05 Guild gala.md": note(type="event", date="2026-12-05", group="[[Guild]]",
                                                people=["[[Fay]]"]),
        "People/Ann.md": card("2026-06-01 referral received: sent me a client",
                              "2026-07-01 referral given: sent her one",
                              met_at="[[Guild]]", stage="like"),
        "People/Bob.md": card("2026-06-01 sale $100.10: books", "2026-08-01 sale 200.20 CAD: more",
                              "2026-09-01 sale 50 EUR: in euros", "2026-12-01 sale $999: after today",
                              met_at="[[2026-05-01 Guild fair]]", stage="trust"),
        "People/Dee.md": card(pipeline="customer", stage="know"),
        "People/Eve.md": card("2026-03-01 sale $40: once", groups=["[[Guild]]"], met_at="[[Other]]"),
        "People/Fay.md": card(met="2026-12-05", met_at="[[Guild]]"),
    }


def _group(rows, name):
    return next(r for r in rows if r["name"] == name)


def test_people_met_at_a_group_its_events_and_event_lists(tmp_path):
    rows = run_json(["groups", "--json"], write_vault(tmp_path / "v", _groups_files()), today=TODAY)
    guild = _group(rows, "Guild")
    assert guild["people_met_names"] == ["Ann", "Bob", "Dee"]  # met_at, via its event, an event's list
    assert guild["members"] == 1  # Eve: a member, met elsewhere
    assert guild["deepened_names"] == ["Ann", "Bob"]
    assert guild["referrals"] == 1  # Ann's referral received; the one given does not count
    assert guild["customer_names"] == ["Bob", "Dee"]  # sales, or pipeline: customer
    assert guild["repeat_customer_names"] == ["Bob"]
    fair = _group(rows, "2026-05-01 Guild fair")
    assert (fair["kind"], fair["date"], fair["people_met_names"]) == ("event", "2026-05-01", ["Bob", "Dee"])
    assert _group(rows, "Other")["people_met_names"] == ["Eve"]
    assert names(rows)[:2] == ["Guild", "Other"]  # groups before events


def test_people_and_events_after_today_do_not_count(tmp_path):
    rows = run_json(["groups", "--json"], write_vault(tmp_path / "v", _groups_files()), today=TODAY)
    assert _group(rows, "2026-12-05 Guild gala")["people_met"] == 0
    assert "Fay" not in _group(rows, "Guild")["people_met_names"]
    later = run_json(["groups", "--json"], write_vault(tmp_path / "l", _groups_files()), today=dt.date(2026, 12, 31))
    assert _group(later, "Guild")["people_met_names"] == ["Ann", "Bob", "Dee", "Fay"]


def test_sales_are_summed_exactly_per_currency(tmp_path):
    rows = run_json(["groups", "--json"], write_vault(tmp_path / "v", _groups_files()), today=TODAY)
    assert _group(rows, "Guild")["sales"] == {"$": 100.10, "CAD": 200.20, "EUR": 50.0}
    text = run_cli(["groups"], write_vault(tmp_path / "t", _groups_files()), today=TODAY).output
    assert "$100.10, 200.20 CAD, 50 EUR" in text


def test_the_vault_currency_adds_dollars_and_its_code_together(tmp_path):
    vault = write_vault(tmp_path / "v", _groups_files(), '[vault]\ncurrency = "CAD"\n')
    guild = _group(run_json(["groups", "--json"], vault, today=TODAY), "Guild")
    assert guild["sales"] == {"CAD": 300.30, "EUR": 50.0}
    assert "300.30 CAD, 50 EUR" in run_cli(["groups"], vault, today=TODAY).output


def test_many_small_sales_add_up_to_the_cent(tmp_path):
    log = [f"2026-0{1 + i % 9}-1{i % 10} sale $0.10: small" for i in range(30)]
    vault = write_vault(tmp_path / "v", {
        "Groups/Guild.md": note(type="group"),
        "People/Bob.md": card(*log, "2026-10-01 sale $1,234.56: big", met_at="[[Guild]]"),
    })
    assert _group(run_json(["groups", "--json"], vault, today=TODAY), "Guild")["sales"] == {"$": 1237.56}
