"""Referral value (issue 15, point 6): a sale to a customer someone brought you is credited to
that person in reciprocity ("business they sent you") and to the groups and events where the
person was met, in `groups` and the weekly review (docs/reports.md, "Referral value")."""

from __future__ import annotations

from conftest import TODAY, by_name, card, note, run_json, run_ok, section, write_vault


def _files() -> dict[str, str]:
    return {
        "Groups/BNI.md": note(type="group"),
        "Events/2026-03-04 BNI visitor day.md": note(type="event", date="2026-03-04", group="[[BNI]]",
                                                     people=["[[Rita Partner]]"]),
        "Groups/Rotary.md": note(type="group"),
        # the partner, met at BNI: sent Carl (his card says so) and Dora (her card says so)
        "People/Rita Partner.md": card("2026-04-01 referral received: [[Carl Customer]] needs a roof",
                                       met="2026-03-04", stage="trust"),
        "People/Carl Customer.md": card("2026-05-01 sale $1,200: the roof", "2026-09-01 sale $300: gutters",
                                        "2026-12-15 sale $5,000: after today, not yet"),
        "People/Dora Buyer.md": card("2026-06-01 sale $400: an audit", introduced_by="[[Rita Partner]]",
                                     met="2026-05-20"),
        # met at BNI too: her sale is BNI's own, not "through referrals" again
        "People/Eve Both.md": card("2026-07-01 sale $90: once", introduced_by="[[Rita Partner]]",
                                   met_at="[[BNI]]", met="2026-06-01"),
        # introduced, but has bought nothing: credited nothing
        "People/Finn Lead.md": card(introduced_by="[[Rita Partner]]", met="2026-08-01", pipeline="lead"),
        # not met yet as of today: an introduction that has not happened credits nothing
        "People/Gus Later.md": card("2026-02-01 sale $70: odd", introduced_by="[[Rita Partner]]", met="2027-01-05"),
        # met at Rotary, brought nobody who bought
        "People/Hal Rotary.md": card("2026-04-01 sale $50: a sale of his own", met_at="[[Rotary]]"),
    }


def test_reciprocity_credits_the_partner_with_the_business_she_sent(tmp_path):
    rows = by_name(run_json(["reciprocity", "--json"], write_vault(tmp_path / "v", _files()), today=TODAY))
    rita = rows["Rita Partner"]
    assert rita["business"] == {"$": 1990.0}  # 1,200 + 300 (Carl) + 400 (Dora) + 90 (Eve), not the future sale
    assert rita["customers_sent"] == ["Carl Customer", "Dora Buyer", "Eve Both"]
    assert rita["received"] == 4  # Carl, Dora, Eve, Finn: each act of help counted once


def test_groups_credit_the_room_where_the_partner_was_met(tmp_path):
    rows = by_name(run_json(["groups", "--json"], write_vault(tmp_path / "v", _files()), today=TODAY))
    assert rows["BNI"]["referred_sales"] == {"$": 1900.0}  # Carl and Dora; Eve was met there
    assert rows["BNI"]["referred_customer_names"] == ["Carl Customer", "Dora Buyer"]
    day = rows["2026-03-04 BNI visitor day"]  # where Rita was met; Eve was met at BNI, not that day
    assert day["referred_sales"] == {"$": 1990.0}
    assert day["referred_customer_names"] == ["Carl Customer", "Dora Buyer", "Eve Both"]
    assert rows["BNI"]["sales"] == {"$": 90.0}  # Eve's, met there
    assert rows["Rotary"]["referred_sales"] == {} and rows["Rotary"]["sales"] == {"$": 50.0}


def test_the_terminal_tables_show_it(tmp_path):
    vault = write_vault(tmp_path / "v", _files())
    recip = run_ok(["reciprocity"], vault, today=TODAY).output
    assert "business" in recip.splitlines()[0] and "$1,990" in recip
    groups = run_ok(["groups"], vault, today=TODAY).output
    assert "via refs" in groups.splitlines()[0] and "$1,900" in groups


def test_the_review_shows_business_sent_and_sales_through_referrals(tmp_path):
    vault = write_vault(tmp_path / "v", _files())
    run_ok(["report"], vault, today=TODAY)
    page = next((vault / "Reviews").glob("*.md")).read_text()
    helpback = section(page, "Help back")
    assert "Business they sent" in helpback and "$1,990" in helpback
    groups = section(page, "Groups and events")
    assert "Through referrals" in groups and "$1,900" in groups


def test_no_business_column_when_nobody_sent_any(tmp_path):
    files = {"People/Ann.md": card("2026-04-01 referral received from [[Bob]]"), "People/Bob.md": card()}
    text = run_ok(["reciprocity"], write_vault(tmp_path / "v", files), today=TODAY).output
    assert "business" not in text
