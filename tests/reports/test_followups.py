"""The rules behind the follow-ups (netnotes.reports.followups, netnotes.reports.relationships),
on small vaults built inline (docs/reports.md states them).

Every vault is read as of 2026-11-20 (a Friday in 2026-W47) unless a test says otherwise.
The default tiers are A = 21 days, B = 60 days, C = 180 days.
"""

from __future__ import annotations

import datetime as dt

from conftest import TODAY, by_name, card, names, run_cli, run_json, write_vault


def followup_rows(data):
    """The follow-ups of `followups --json` (a list, or the "followups" key of an object)."""
    return data["followups"] if isinstance(data, dict) else data


def session_of(root):
    """Open the vault and sync its index, as every command does."""
    from netnotes.vault.handle import open_vault
    from netnotes.index.session import load_session

    return load_session(open_vault(str(root)))


def _followups_vault(tmp_path, config=None):
    return write_vault(tmp_path / "v", {
        "People/Ann A.md": card("2026-10-01 call: caught up", tier="A"),            # due 10-22, 29 late
        "People/Cole A.md": card("2026-09-01 call: last time", tier="A"),           # due 09-22, 59 late
        "People/Bea B.md": card("2026-09-01 coffee: hi", tier="B"),                 # due 10-31, 20 late
        "People/Cal C.md": card("2026-01-01 email: hi", tier="C"),                  # due 06-30, 143 late
        "People/Own Cadence.md": card("2026-11-01 call: hi", tier="C", cadence="2w"),  # due 11-15, 5 late
        "People/Explicit.md": card("2025-01-01 call: long ago", tier="A", next_followup="2026-11-25"),
        "People/No Tier.md": card("2020-01-01 call: hi"),
        "People/Never.md": card(tier="B"),                                          # no met, no touch
        "People/Met Only.md": card(tier="B", met="2026-09-01"),                     # due 10-31, 20 late
        "People/Soon.md": card("2026-09-25 call: hi", tier="B"),                    # due 11-24
        "People/Later.md": card("2026-10-05 call: hi", tier="B"),                   # due 12-04
        "People/Future.md": card("2026-11-25 call: planned", "2026-10-01 call: hi", tier="A"),
    }, config)


def test_due_dates_across_tiers_cadences_and_next_followup(tmp_path):
    rows = by_name(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path), today=TODAY)))
    assert rows["Ann A"]["due"] == "2026-10-22" and rows["Ann A"]["overdue_days"] == 29
    assert rows["Ann A"]["cadence_days"] == 21 and rows["Ann A"]["due_source"] == "cadence"
    assert rows["Bea B"]["due"] == "2026-10-31" and rows["Bea B"]["overdue_days"] == 20
    assert rows["Cal C"]["due"] == "2026-06-30" and rows["Cal C"]["overdue_days"] == 143
    own = rows["Own Cadence"]
    assert (own["due"], own["cadence_days"], own["overdue_days"]) == ("2026-11-15", 14, 5)
    assert own["reason"] == "every 14 days since 2026-11-01"
    explicit = rows["Explicit"]
    assert (explicit["due"], explicit["due_source"], explicit["overdue_days"]) == ("2026-11-25", "next_followup", 0)
    assert explicit["reason"] == "next_followup on the card"
    # met but never touched: the cadence runs from `met`
    assert rows["Met Only"]["due"] == "2026-10-31" and rows["Met Only"]["reason"] == "every 60 days since met"


def test_never_contacted_is_due_today(tmp_path):
    never = by_name(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path), today=TODAY)))["Never"]
    assert (never["due"], never["due_source"], never["overdue_days"]) == ("2026-11-20", "never contacted", 0)
    assert never["last_touch"] is None and never["reason"] == "never contacted (every 60 days)"


def test_no_tier_is_not_listed_unless_a_default_cadence(tmp_path):
    assert "No Tier" not in names(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path),
                                                         today=TODAY)))
    vault = _followups_vault(tmp_path / "d", config='[followups]\ndefault_cadence = "6w"\n')
    row = by_name(followup_rows(run_json(["followups", "--json"], vault, today=TODAY)))["No Tier"]
    assert (row["due"], row["cadence_days"], row["tier"]) == ("2020-02-12", 42, None)


def test_within_widens_the_horizon(tmp_path):
    vault = _followups_vault(tmp_path)
    default = names(followup_rows(run_json(["followups", "--json"], vault, today=TODAY)))  # 7 days: up to 2026-11-27
    assert "Soon" in default and "Explicit" in default and "Later" not in default
    none_ahead = names(followup_rows(run_json(["followups", "--within", "0d", "--json"], vault, today=TODAY)))
    assert "Soon" not in none_ahead and "Explicit" not in none_ahead and "Never" in none_ahead
    assert "Later" in names(followup_rows(run_json(["followups", "--within", "2w", "--json"], vault, today=TODAY)))
    bad = run_cli(["followups", "--within", "soon"], vault, today=TODAY)
    assert bad.exit_code == 2 and "7d, 2w or 1m" in bad.output


def test_sorted_overdue_top_tier_first_then_the_rest_by_tier_and_date(tmp_path):
    # overdue first; then tier (A first), most days late, due date, name
    rows = followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path), today=TODAY))
    assert names(rows) == ["Cole A", "Ann A", "Future", "Bea B", "Met Only", "Cal C", "Own Cadence",
                           "Explicit", "Never", "Soon"]
    text = run_cli(["followups"], _followups_vault(tmp_path / "t"), today=TODAY).output.splitlines()
    assert text[0].split() == ["name", "tier", "due", "late", "why"]
    assert text[2].split()[:5] == ["Cole", "A", "A", "2026-09-22", "59d"]
    assert max(len(line) for line in text) <= 80


def test_going_cold_is_a_top_tier_twice_its_cadence_late(tmp_path):
    rows = by_name(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path), today=TODAY)))
    assert rows["Cole A"]["going_cold"] is True          # 59 >= 2 x 21
    assert rows["Ann A"]["going_cold"] is False          # 29 < 42
    assert rows["Cal C"]["going_cold"] is False          # very late, but C is not a top tier
    text = run_cli(["followups"], _followups_vault(tmp_path / "t"), today=TODAY).output
    assert "59d cold" in text and "29d cold" not in text


def test_going_cold_after_and_tiers_come_from_the_config(tmp_path):
    config = '[followups]\ngoing_cold_tiers = ["A", "B"]\ngoing_cold_after = 0.3\n'
    rows = by_name(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path, config), today=TODAY)))
    assert rows["Bea B"]["going_cold"] is True           # 20 >= 0.3 x 60
    assert rows["Ann A"]["going_cold"] is True
    assert rows["Own Cadence"]["going_cold"] is False    # tier C


def test_touches_after_today_never_count(tmp_path):
    row = by_name(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path), today=TODAY)))["Future"]
    assert row["last_touch"] == "2026-10-01" and row["overdue_days"] == 29
    later = by_name(followup_rows(run_json(["followups", "--json"], _followups_vault(tmp_path / "l"),
                                           today=dt.date(2026, 11, 26))))
    assert "Future" not in later  # touched on the 25th: due again in December


def test_session_api_gives_the_same_answers_as_the_cli(tmp_path):
    from netnotes.reports.followups import followups

    vault = _followups_vault(tmp_path)
    session = session_of(vault)
    try:
        direct = [f.to_json() for f in followups(session, TODAY)]
    finally:
        session.index.close()
    assert direct == followup_rows(run_json(["followups", "--json"], vault, today=TODAY))
