"""The rules behind reciprocity (netnotes.reports.reciprocity): referrals and introductions given
and received, on small vaults built inline (docs/reports.md states them).

Every vault is read as of 2026-11-20 (a Friday in 2026-W47) unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt

from conftest import TODAY, by_name, card, names, run_cli, run_json, write_vault


def _reciprocity_vault(tmp_path):
    return write_vault(tmp_path / "v", {
        "People/Pat.md": card(
            "2026-01-10 referral received [[Rex]]: sent me Rex",
            "2026-03-01 referral given: sent Pat a client",
            "2026-04-01 intro [[Ivy]]: introduced Pat to Ivy",
            "2026-05-01 intro received [[Zed]]: Pat introduced me to Zed",
            "2026-12-01 referral received: after today, never counts"),
        "People/Rex.md": card(introduced_by="[[Pat]]", met="2026-01-10"),    # same act as the referral
        "People/Zed.md": card(introduced_by="[[Pat]]", met="2026-05-01"),    # same act as the intro
        "People/Quin.md": card(introduced_by="[[Pat]]", met="2026-06-15"),   # only here: an intro received
        "People/Late.md": card(introduced_by="[[Pat]]", met="2026-12-24"),   # met after today
        "People/Ivy.md": card("2026-04-01 intro [[Pat]]: introduced Ivy to Pat"),
        "People/Gus.md": card("2026-02-01 referral given: sent Gus work",
                              "2026-02-02 referral received: Gus sent me one back"),
        "People/Mo.md": card("2025-06-01 referral received: Mo sent me a client"),
    })


def test_given_and_received_per_person(tmp_path):
    rows = by_name(run_json(["reciprocity", "--json"], _reciprocity_vault(tmp_path), today=TODAY))
    pat = rows["Pat"]
    assert (pat["referrals_received"], pat["intros_received"]) == (1, 2)   # Rex; Zed, Quin
    assert (pat["referrals_given"], pat["intros_given"]) == (1, 1)
    assert (pat["received"], pat["given"], pat["owed"]) == (3, 2, True)
    assert pat["last_received"] == "2026-06-15" and pat["last_given"] == "2026-04-01"
    assert rows["Ivy"]["intros_given"] == 1 and rows["Ivy"]["owed"] is False
    assert rows["Gus"]["owed"] is False  # one each way
    assert "Rex" not in rows and "Late" not in rows


def test_introduced_by_counts_unless_met_after_today(tmp_path):
    pat = by_name(run_json(["reciprocity", "--json"], _reciprocity_vault(tmp_path), today=dt.date(2026, 12, 31)))["Pat"]
    assert pat["intros_received"] == 3 and pat["referrals_received"] == 2  # Late and the December referral
    early = by_name(run_json(["reciprocity", "--json"], _reciprocity_vault(tmp_path / "e"), today=dt.date(2026, 3, 15)))
    assert (early["Pat"]["received"], early["Pat"]["given"]) == (1, 1)


def test_owed_first_most_owed_then_by_name(tmp_path):
    rows = run_json(["reciprocity", "--json"], _reciprocity_vault(tmp_path), today=TODAY)
    assert names(rows) == ["Mo", "Pat", "Gus", "Ivy"]
    text = run_cli(["reciprocity"], _reciprocity_vault(tmp_path / "t"), today=TODAY).output.splitlines()
    assert text[2].startswith("Mo ") and text[2].endswith("help back")
    assert not text[-1].endswith("help back")
