"""Dates to remember (netnotes.reports.reminders): birthdays, anniversaries and the date
properties the config names, as `netnotes followups` lists them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import card, run_cli, run_ok, write_vault


def _dates(root: Path, today: str) -> list[tuple[str, str, str]]:
    data = json.loads(run_ok(["followups", "--json", "--today", today], root).output)
    return [(d["name"], d["date"], d["label"]) for d in data["dates"]]


def test_birthdays_across_the_year_boundary(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {
        "People/Ann.md": card(birthday="--01-02"),
        "People/Bob.md": card(birthday="1980-12-30"),
        "People/Cy.md": card(birthday="01-10"),
    })
    assert _dates(root, "2026-12-28") == [("Bob", "2026-12-30", "birthday (46)"),
                                          ("Ann", "2027-01-02", "birthday")]


def test_february_29(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"People/Linda.md": card(birthday="1956-02-29")})
    assert _dates(root, "2027-02-25") == [("Linda", "2027-02-28", "birthday (71)")]
    assert _dates(root, "2028-02-25") == [("Linda", "2028-02-29", "birthday (72)")]
    assert validate_ok(root)


def validate_ok(root: Path) -> bool:
    result = run_cli(["validate"], root)
    return result.exit_code == 0


def test_yearless_birthdays_are_valid_and_bad_ones_are_not(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"People/A.md": card(birthday="--02-29"), "People/B.md": card(birthday="04-12")})
    assert validate_ok(root)
    (root / "People" / "C.md").write_text(card(birthday="--02-30"))
    result = run_cli(["validate"], root)
    assert result.exit_code == 1 and "invalid-date" in result.output


def test_configured_date_properties_and_anniversaries(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"People/Al.md": card(work_anniversary="2019-11-22", founded="2001-11-21")})
    (root / ".netnotes" / "config.toml").write_text(
        '[vault]\nextra_fields = ["founded"]\n[reminders]\nproperties = ["work_anniversary", "founded"]\n')
    assert _dates(root, "2026-11-20") == [("Al", "2026-11-21", "founded (25 years)"),
                                          ("Al", "2026-11-22", "work anniversary (7 years)")]
