"""The rules behind the introductions to make (netnotes.reports.introductions, netnotes.notes.terms),
on small vaults built inline (docs/reports.md states them).

Every vault is read as of 2026-11-20 (a Friday in 2026-W47) unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import json

from conftest import TODAY, card, run_cli, run_json, write_vault


SYNONYMS = '[synonyms]\nbookkeeping = ["bookkeeper", "accounting"]\n'


def test_matching_ignores_case_plural_hyphen_and_space(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card(needs=["Web-Designers"]),
        "People/Otto.md": card(offers=["web designer"]),
        "People/Pia.md": card(offers=["WEB DESIGN SERVICES"]),  # a different term: no match
    })
    rows = run_json(["introductions", "--json"], vault, today=TODAY)
    assert [(r["a"]["name"], r["b"]["name"]) for r in rows] == [("Nia", "Otto")]
    assert rows[0]["why"] == "Nia needs Web-Designers; Otto offers web designer"


def test_config_synonyms_match_and_partial_terms_do_not(tmp_path):
    files = {
        "People/Nia.md": card(needs=["bookkeeper", "tax"]),
        "People/Otto.md": card(offers=["Accounting"]),
        "People/Pia.md": card(offers=["small-business tax"]),  # `who tax` finds it; intros do not
    }
    assert run_json(["introductions", "--json"], write_vault(tmp_path / "plain", files), today=TODAY) == []
    rows = run_json(["introductions", "--json"], write_vault(tmp_path / "syn", files, SYNONYMS), today=TODAY)
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
    pairs = {frozenset((r["a"]["name"], r["b"]["name"]))
             for r in run_json(["introductions", "--json"], vault, today=TODAY)}
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
    assert len(run_json(["introductions", "--json"], vault, today=TODAY)) == 1
    assert run_json(["introductions", "--json"], vault, today=dt.date(2026, 12, 1)) == []


def test_ranked_by_the_depth_of_both_relationships(tmp_path):
    # depth = 2 x stage (met 1 .. trust 4) + tier (A 3, B 2, C 1) + recency (1 within 30 days, 0.5 within 90)
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card("2026-11-10 call: hi", needs=["coaching"], stage="know", tier="B"),  # 4+2+1 = 7
        "People/Trusted.md": card("2026-06-01 call: hi", offers=["coaching"], stage="trust", tier="C"),  # 8+1+0
        "People/Liked.md": card("2026-09-15 call: hi", offers=["coaching"], stage="like", tier="A"),  # 6+3+0.5
        "People/Stranger.md": card(offers=["coaching"]),  # 0
        "People/Recent.md": card("2026-11-19 call: hi", offers=["coaching"], stage="met", tier="C"),  # 2+1+1
    })
    rows = run_json(["introductions", "--json"], vault, today=TODAY)
    # each need gets its three best-known offerers...
    assert [(r["b"]["name"], r["score"]) for r in rows] == [
        ("Liked", 16.5), ("Trusted", 16.0), ("Recent", 11.0)]
    # ...and --for still finds every pair of one person
    rows = run_json(["introductions", "--for", "Stranger", "--json"], vault, today=TODAY)
    assert [(r["a"]["name"], r["b"]["name"], r["score"]) for r in rows] == [("Nia", "Stranger", 7.0)]


def test_several_matches_make_one_suggestion_worth_more(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card(needs=["coaching", "legal"], offers=["payroll"]),
        "People/Otto.md": card(offers=["coaching", "legal"], needs=["payroll"]),
    })
    [row] = run_json(["introductions", "--json"], vault, today=TODAY)
    assert row["score"] == 1.0  # 0 + 0 + 0.5 for each match after the first
    assert row["why"] == ("Nia needs coaching; Otto offers coaching / Nia needs legal; Otto offers legal"
                          " / Otto needs payroll; Nia offers payroll")


def test_for_name_keeps_the_pairs_of_one_person(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Nia.md": card(needs=["coaching"]),
        "People/Ola.md": card(needs=["coaching"], aliases=["Oly"]),
        "People/Otto.md": card(offers=["coaching"]),
    })
    assert len(run_json(["introductions", "--json"], vault, today=TODAY)) == 2
    rows = run_json(["introductions", "--for", "Oly", "--json"], vault, today=TODAY)
    assert [(r["a"]["name"], r["b"]["name"]) for r in rows] == [("Ola", "Otto")]
    missing = run_cli(["introductions", "--for", "Nobody At All"], vault, today=TODAY)
    assert missing.exit_code == 3 and "no contact named `Nobody At All`" in missing.output
    text = run_cli(["introductions", "--for", "Ola"], vault, today=TODAY).output
    assert text == "Ola + Otto\n    Ola needs coaching; Otto offers coaching\n"


def test_the_review_shows_at_most_max_introductions(tmp_path):
    files = {f"People/Need {i}.md": card(needs=["coaching"]) for i in range(4)}
    files["People/Otto.md"] = card(offers=["coaching"])
    vault = write_vault(tmp_path / "v", files, "[reviews]\nmax_introductions = 2\n")
    review = json.loads(run_cli(["report", "--format", "json", "--out", "-"], vault, today=TODAY).stdout)
    assert len(review["introductions"]) == 2 and review["introductions_total"] == 4
    page = run_cli(["report", "--out", "-"], vault, today=TODAY).stdout
    assert page.count("- [ ] Introduce ") == 2 and "2 more: `netnotes introductions`." in page
