"""The rules behind each report, on small vaults built inline (docs/reports.md states them).

Every vault is read as of 2026-11-20 (a Friday in 2026-W47) unless a test says otherwise.
The default tiers are A = 21 days, B = 60 days, C = 180 days.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reporthelpers import TODAY, card, followup_rows, names, note, run, run_json, session_of, write_vault


# ---- follow-ups ----------------------------------------------------------------------------
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


def _by_name(rows):
    return {r["name"]: r for r in rows}


def test_due_dates_across_tiers_cadences_and_next_followup(tmp_path):
    rows = _by_name(followup_rows(run_json(_followups_vault(tmp_path), "followups")))
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
    never = _by_name(followup_rows(run_json(_followups_vault(tmp_path), "followups")))["Never"]
    assert (never["due"], never["due_source"], never["overdue_days"]) == ("2026-11-20", "never contacted", 0)
    assert never["last_touch"] is None and never["reason"] == "never contacted (every 60 days)"


def test_no_tier_is_not_listed_unless_a_default_cadence(tmp_path):
    assert "No Tier" not in names(followup_rows(run_json(_followups_vault(tmp_path), "followups")))
    vault = _followups_vault(tmp_path / "d", config='[followups]\ndefault_cadence = "6w"\n')
    row = _by_name(followup_rows(run_json(vault, "followups")))["No Tier"]
    assert (row["due"], row["cadence_days"], row["tier"]) == ("2020-02-12", 42, None)


def test_within_widens_the_horizon(tmp_path):
    vault = _followups_vault(tmp_path)
    default = names(followup_rows(run_json(vault, "followups")))  # 7 days: up to 2026-11-27
    assert "Soon" in default and "Explicit" in default and "Later" not in default
    none_ahead = names(followup_rows(run_json(vault, "followups", "--within", "0d")))
    assert "Soon" not in none_ahead and "Explicit" not in none_ahead and "Never" in none_ahead
    assert "Later" in names(followup_rows(run_json(vault, "followups", "--within", "2w")))
    bad = run(vault, "followups", "--within", "soon")
    assert bad.exit_code == 2 and "7d, 2w or 1m" in bad.output


def test_sorted_overdue_top_tier_first_then_the_rest_by_tier_and_date(tmp_path):
    # overdue first; then tier (A first), most days late, due date, name
    rows = followup_rows(run_json(_followups_vault(tmp_path), "followups"))
    assert names(rows) == ["Cole A", "Ann A", "Future", "Bea B", "Met Only", "Cal C", "Own Cadence",
                           "Explicit", "Never", "Soon"]
    text = run(_followups_vault(tmp_path / "t"), "followups").output.splitlines()
    assert text[0].split() == ["name", "tier", "due", "late", "why"]
    assert text[2].split()[:5] == ["Cole", "A", "A", "2026-09-22", "59d"]
    assert max(len(line) for line in text) <= 80


def test_going_cold_is_a_top_tier_twice_its_cadence_late(tmp_path):
    rows = _by_name(followup_rows(run_json(_followups_vault(tmp_path), "followups")))
    assert rows["Cole A"]["going_cold"] is True          # 59 >= 2 x 21
    assert rows["Ann A"]["going_cold"] is False          # 29 < 42
    assert rows["Cal C"]["going_cold"] is False          # very late, but C is not a top tier
    text = run(_followups_vault(tmp_path / "t"), "followups").output
    assert "59d cold" in text and "29d cold" not in text


def test_going_cold_after_and_tiers_come_from_the_config(tmp_path):
    config = '[followups]\ngoing_cold_tiers = ["A", "B"]\ngoing_cold_after = 0.3\n'
    rows = _by_name(followup_rows(run_json(_followups_vault(tmp_path, config), "followups")))
    assert rows["Bea B"]["going_cold"] is True           # 20 >= 0.3 x 60
    assert rows["Ann A"]["going_cold"] is True
    assert rows["Own Cadence"]["going_cold"] is False    # tier C


def test_touches_after_today_never_count(tmp_path):
    row = _by_name(followup_rows(run_json(_followups_vault(tmp_path), "followups")))["Future"]
    assert row["last_touch"] == "2026-10-01" and row["overdue_days"] == 29
    later = _by_name(followup_rows(run_json(_followups_vault(tmp_path / "l"), "followups",
                                            today=dt.date(2026, 11, 26))))
    assert "Future" not in later  # touched on the 25th: due again in December


# ---- introductions -------------------------------------------------------------------------
SYNONYMS = '[synonyms]\nbookkeeping = ["bookkeeper", "accounting"]\n'


def test_matching_ignores_case_plural_hyphen_and_space(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card(needs=["Web-Designers"]),
        "People/Otto.md": card(offers=["web designer"]),
        "People/Pia.md": card(offers=["WEB DESIGN SERVICES"]),  # a different term: no match
    })
    rows = run_json(vault, "introductions")
    assert [(r["a"]["name"], r["b"]["name"]) for r in rows] == [("Nia", "Otto")]
    assert rows[0]["why"] == "Nia needs Web-Designers; Otto offers web designer"


def test_config_synonyms_match_and_partial_terms_do_not(tmp_path):
    files = {
        "People/Nia.md": card(needs=["bookkeeper", "tax"]),
        "People/Otto.md": card(offers=["Accounting"]),
        "People/Pia.md": card(offers=["small-business tax"]),  # `who tax` finds it; intros do not
    }
    assert run_json(write_vault(tmp_path / "plain", files), "introductions") == []
    rows = run_json(write_vault(tmp_path / "syn", files, SYNONYMS), "introductions")
    assert [r["why"] for r in rows] == ["Nia needs bookkeeper; Otto offers Accounting"]


def test_never_with_themselves_already_introduced_or_opted_out(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Self.md": card(needs=["coaching"], offers=["coaching"]),
        "People/Nia.md": card("2026-03-01 intro [[Logged]]: introduced them", needs=["coaching"]),
        "People/Logged.md": card(offers=["coaching"]),
        "People/Other Side.md": card(offers=["coaching"]),
        "People/Uma.md": card("2026-02-01 intro [[Nia]]: met through me", needs=["legal"]),  # on the other card
        "People/Met Via.md": card(offers=["coaching"], introduced_by="[[Nia]]"),
        "People/Quiet.md": card(offers=["coaching"], opt_out=True),
        "People/Shy.md": card(needs=["coaching"], opt_out=True),
    })
    pairs = {frozenset((r["a"]["name"], r["b"]["name"])) for r in run_json(vault, "introductions")}
    assert pairs == {
        frozenset(("Self", "Logged")), frozenset(("Self", "Other Side")), frozenset(("Self", "Met Via")),
        frozenset(("Nia", "Other Side")), frozenset(("Nia", "Self")),
    }
    everyone = {n for p in pairs for n in p}
    assert "Quiet" not in everyone and "Shy" not in everyone
    assert frozenset(("Nia", "Logged")) not in pairs       # an intro entry on Nia's card
    assert frozenset(("Nia", "Met Via")) not in pairs      # Met Via was introduced by Nia


def test_an_intro_logged_after_today_does_not_count_yet(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card("2026-12-01 intro [[Otto]]: planned", needs=["coaching"]),
        "People/Otto.md": card(offers=["coaching"]),
    })
    assert len(run_json(vault, "introductions")) == 1
    assert run_json(vault, "introductions", today=dt.date(2026, 12, 1)) == []


def test_ranked_by_the_depth_of_both_relationships(tmp_path):
    # depth = 2 x stage (met 1 .. trust 4) + tier (A 3, B 2, C 1) + recency (1 within 30 days, 0.5 within 90)
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card("2026-11-10 call: hi", needs=["coaching"], stage="know", tier="B"),  # 4+2+1 = 7
        "People/Trusted.md": card("2026-06-01 call: hi", offers=["coaching"], stage="trust", tier="C"),  # 8+1+0
        "People/Liked.md": card("2026-09-15 call: hi", offers=["coaching"], stage="like", tier="A"),  # 6+3+0.5
        "People/Stranger.md": card(offers=["coaching"]),  # 0
        "People/Recent.md": card("2026-11-19 call: hi", offers=["coaching"], stage="met", tier="C"),  # 2+1+1
    })
    rows = run_json(vault, "introductions")
    # each need gets its three best-known offerers...
    assert [(r["b"]["name"], r["score"]) for r in rows] == [
        ("Liked", 16.5), ("Trusted", 16.0), ("Recent", 11.0)]
    # ...and --for still finds every pair of one person
    rows = run_json(vault, "introductions", "--for", "Stranger")
    assert [(r["a"]["name"], r["b"]["name"], r["score"]) for r in rows] == [("Nia", "Stranger", 7.0)]


def test_several_matches_make_one_suggestion_worth_more(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card(needs=["coaching", "legal"], offers=["payroll"]),
        "People/Otto.md": card(offers=["coaching", "legal"], needs=["payroll"]),
    })
    [row] = run_json(vault, "introductions")
    assert row["score"] == 1.0  # 0 + 0 + 0.5 for each match after the first
    assert row["why"] == ("Nia needs coaching; Otto offers coaching / Nia needs legal; Otto offers legal"
                          " / Otto needs payroll; Nia offers payroll")


def test_for_name_keeps_the_pairs_of_one_person(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card(needs=["coaching"]),
        "People/Ola.md": card(needs=["coaching"], aliases=["Oly"]),
        "People/Otto.md": card(offers=["coaching"]),
    })
    assert len(run_json(vault, "introductions")) == 2
    rows = run_json(vault, "introductions", "--for", "Oly")
    assert [(r["a"]["name"], r["b"]["name"]) for r in rows] == [("Ola", "Otto")]
    missing = run(vault, "introductions", "--for", "Nobody At All")
    assert missing.exit_code == 3 and "no contact named `Nobody At All`" in missing.output
    text = run(vault, "introductions", "--for", "Ola").output
    assert text == "Ola + Otto\n    Ola needs coaching; Otto offers coaching\n"


def test_the_review_shows_at_most_max_introductions(tmp_path):
    files = {f"People/Need {i}.md": card(needs=["coaching"]) for i in range(4)}
    files["People/Otto.md"] = card(offers=["coaching"])
    vault = write_vault(tmp_path / "v", files, "[reviews]\nmax_introductions = 2\n")
    review = json.loads(run(vault, "report", "--format", "json", "--out", "-").stdout)
    assert len(review["introductions"]) == 2 and review["introductions_total"] == 4
    page = run(vault, "report", "--out", "-").stdout
    assert page.count("- [ ] Introduce ") == 2 and "2 more: `netnotes introductions`." in page


# ---- reciprocity ---------------------------------------------------------------------------
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
    rows = _by_name(run_json(_reciprocity_vault(tmp_path), "reciprocity"))
    pat = rows["Pat"]
    assert (pat["referrals_received"], pat["intros_received"]) == (1, 2)   # Rex; Zed, Quin
    assert (pat["referrals_given"], pat["intros_given"]) == (1, 1)
    assert (pat["received"], pat["given"], pat["owed"]) == (3, 2, True)
    assert pat["last_received"] == "2026-06-15" and pat["last_given"] == "2026-04-01"
    assert rows["Ivy"]["intros_given"] == 1 and rows["Ivy"]["owed"] is False
    assert rows["Gus"]["owed"] is False  # one each way
    assert "Rex" not in rows and "Late" not in rows


def test_introduced_by_counts_unless_met_after_today(tmp_path):
    pat = _by_name(run_json(_reciprocity_vault(tmp_path), "reciprocity", today=dt.date(2026, 12, 31)))["Pat"]
    assert pat["intros_received"] == 3 and pat["referrals_received"] == 2  # Late and the December referral
    early = _by_name(run_json(_reciprocity_vault(tmp_path / "e"), "reciprocity", today=dt.date(2026, 3, 15)))
    assert (early["Pat"]["received"], early["Pat"]["given"]) == (1, 1)


def test_owed_first_most_owed_then_by_name(tmp_path):
    rows = run_json(_reciprocity_vault(tmp_path), "reciprocity")
    assert names(rows) == ["Mo", "Pat", "Gus", "Ivy"]
    text = run(_reciprocity_vault(tmp_path / "t"), "reciprocity").output.splitlines()
    assert text[2].startswith("Mo ") and text[2].endswith("help back")
    assert not text[-1].endswith("help back")


# ---- groups and events ---------------------------------------------------------------------
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
    rows = run_json(write_vault(tmp_path / "v", _groups_files()), "groups")
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
    rows = run_json(write_vault(tmp_path / "v", _groups_files()), "groups")
    assert _group(rows, "2026-12-05 Guild gala")["people_met"] == 0
    assert "Fay" not in _group(rows, "Guild")["people_met_names"]
    later = run_json(write_vault(tmp_path / "l", _groups_files()), "groups", today=dt.date(2026, 12, 31))
    assert _group(later, "Guild")["people_met_names"] == ["Ann", "Bob", "Dee", "Fay"]


def test_sales_are_summed_exactly_per_currency(tmp_path):
    rows = run_json(write_vault(tmp_path / "v", _groups_files()), "groups")
    assert _group(rows, "Guild")["sales"] == {"$": 100.10, "CAD": 200.20, "EUR": 50.0}
    text = run(write_vault(tmp_path / "t", _groups_files()), "groups").output
    assert "$100.10, 200.20 CAD, 50 EUR" in text


def test_the_vault_currency_adds_dollars_and_its_code_together(tmp_path):
    vault = write_vault(tmp_path / "v", _groups_files(), '[vault]\ncurrency = "CAD"\n')
    guild = _group(run_json(vault, "groups"), "Guild")
    assert guild["sales"] == {"CAD": 300.30, "EUR": 50.0}
    assert "300.30 CAD, 50 EUR" in run(vault, "groups").output


def test_many_small_sales_add_up_to_the_cent(tmp_path):
    log = [f"2026-0{1 + i % 9}-1{i % 10} sale $0.10: small" for i in range(30)]
    vault = write_vault(tmp_path / "v", {
        "Groups/Guild.md": note(type="group"),
        "People/Bob.md": card(*log, "2026-10-01 sale $1,234.56: big", met_at="[[Guild]]"),
    })
    assert _group(run_json(vault, "groups"), "Guild")["sales"] == {"$": 1237.56}


# ---- pipeline ------------------------------------------------------------------------------
def _pipeline_vault(tmp_path, config=None):
    return write_vault(tmp_path / "v", {
        "Groups/Guild.md": note(type="group"),
        "People/Intro Source.md": card(),
        "People/Lead Old.md": card("2026-10-20 call: 31 days ago", pipeline="lead", met_at="[[Guild]]"),
        "People/Lead Edge.md": card("2026-10-21 call: 30 days ago", pipeline="lead", met_at="a trade show"),
        "People/Prospect Never.md": card(pipeline="prospect", introduced_by="[[Intro Source]]"),
        "People/Customer Old.md": card("2025-01-01 sale $500: long ago", "2026-12-01 sale $90: after today",
                                       pipeline="customer", met_at="[[Guild]]", introduced_by="[[Intro Source]]"),
        "People/Partner.md": card("2026-11-01 call: hi", pipeline="partner"),
        "People/Nobody.md": card("2026-11-01 call: hi", pipeline="none"),
    }, config)


def test_pipeline_stages_sources_and_stalled(tmp_path):
    rows = run_json(_pipeline_vault(tmp_path), "pipeline")
    assert [(r["name"], r["pipeline"], r["stalled"]) for r in rows] == [
        ("Lead Old", "lead", True), ("Lead Edge", "lead", False),
        ("Prospect Never", "prospect", True),
        ("Customer Old", "customer", False), ("Partner", "partner", False)]
    by = _by_name(rows)
    assert by["Lead Old"]["source"] == "Guild" and by["Lead Old"]["days_since_touch"] == 31
    assert by["Lead Edge"]["source"] == "a trade show"
    assert by["Prospect Never"]["source"] == "introduced by Intro Source"
    assert by["Prospect Never"]["last_touch"] is None and by["Prospect Never"]["days_since_touch"] is None
    assert by["Customer Old"]["source"] == "Guild; introduced by Intro Source"
    assert by["Customer Old"]["sales"] == 500.0  # the December sale is after today
    assert by["Partner"]["source"] is None


def test_stalled_after_comes_from_the_config(tmp_path):
    rows = _by_name(run_json(_pipeline_vault(tmp_path, '[pipeline]\nstalled_after = "6w"\n'), "pipeline"))
    assert rows["Lead Old"]["stalled"] is False and rows["Prospect Never"]["stalled"] is True


def test_pipeline_table_fits_80_columns(tmp_path):
    text = run(_pipeline_vault(tmp_path), "pipeline").output
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "never" in text and "stalled" in text


# ---- the weekly review's week and day ------------------------------------------------------
def test_week_and_as_of_day():
    from netnotes.base.errors import NetnotesError
    from netnotes.reports.weekly import Week, as_of

    clock = dt.date(2026, 11, 20)
    assert as_of(None, None, clock) == (Week(2026, 47), clock)
    assert as_of(None, dt.date(2026, 11, 10), clock) == (Week(2026, 46), dt.date(2026, 11, 10))
    assert as_of(Week.parse("2026-W46"), None, clock) == (Week(2026, 46), dt.date(2026, 11, 15))
    assert as_of(Week.parse("2026W47"), None, clock) == (Week(2026, 47), clock)
    assert as_of(Week.parse("2026-W49"), None, clock) == (Week(2026, 49), dt.date(2026, 12, 6))
    assert Week.parse("2026-W47").start == dt.date(2026, 11, 16)
    with pytest.raises(NetnotesError, match="not an ISO week"):
        Week.parse("2026-W54")


def test_new_people_and_interactions_of_the_week_up_to_today(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/New.md": card("2026-11-18 coffee: first meeting", "2026-11-21 call: tomorrow",
                              "2026-11-09 call: the week before", met="2026-11-18", company="Acme"),
        "People/Tomorrow.md": card(met="2026-11-21"),
    })
    review = json.loads(run(vault, "report", "--format", "json", "--out", "-").stdout)
    assert [p["name"] for p in review["new_people"]] == ["New"]
    assert [(i["name"], i["date"]) for i in review["interactions"]] == [("New", "2026-11-18")]
    assert (review["week"], review["start"], review["end"]) == ("2026-W47", "2026-11-16", "2026-11-22")


def test_the_review_lists_validation_problems(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Bad.md": card(tier="Z")})
    review = json.loads(run(vault, "report", "--format", "json", "--out", "-").stdout)
    assert [p["code"] for p in review["problems"]] == ["unknown-tier"]
    assert "unknown-tier" in run(vault, "report", "--out", "-").stdout


def test_session_api_gives_the_same_answers_as_the_cli(tmp_path):
    from netnotes.reports.followups import followups

    vault = _followups_vault(tmp_path)
    session = session_of(vault)
    try:
        direct = [f.to_json() for f in followups(session, TODAY)]
    finally:
        session.index.close()
    assert direct == followup_rows(run_json(vault, "followups"))
