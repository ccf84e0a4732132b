"""Round trips: the sample vault exported, imported into an empty vault, exported again, gives
the same people with the same fields (those the format carries)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_sample, run_cli

VCARD_FIELDS = ("name", "company", "role", "email", "phone", "website", "linkedin", "birthday", "notes")
CSV_FIELDS = VCARD_FIELDS[:-1] + ("met", "tags")
EXTRA_CARD = """---
name: Zoé Laflamme-Ng
company: "Laflamme; Ng & Associés"
role: Partner, tax
email: [zoe@laflammeng.example, zoe.ng@example.net]
phone: ["+1 613 555 0190", "+1 819 555 0191 ext. 4"]
website: [https://laflammeng.example, https://blog.laflammeng.example/]
linkedin: https://www.linkedin.com/in/zoe-laflamme-ng/
birthday: 1984-02-29
met: 2026-03-03
tags: [referral-partner, bni]
---
Tax partner; commas, semicolons; and "quotes" survive.

Second paragraph: she wants introductions to restaurant owners.

## Log
- 2026-03-03 meeting: met at the Chamber breakfast.
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample vault (without its index cache), plus a card that fills every field."""
    root = copy_sample(tmp_path / "sample")
    (root / "People" / "Zoé Laflamme-Ng.md").write_text(EXTRA_CARD, encoding="utf-8")
    return root


def exported(vault: Path, fields: tuple[str, ...]) -> dict[str, dict]:
    result = run_cli(["export", "json", "--today", "2026-11-20"], vault)
    assert result.exit_code == 0, result.output
    return {row["name"]: {k: row[k] for k in fields} for row in json.loads(result.stdout)}


def test_vcard_round_trip_keeps_every_person_and_field(sample, tmp_path, make_vault):
    vcf = tmp_path / "everyone.vcf"
    result = run_cli(["export", "vcard", "--out", str(vcf), "--today", "2026-11-20"], sample)
    assert result.exit_code == 0 and result.stderr == f"wrote: {vcf}\n"
    empty = make_vault(name="empty")

    result = run_cli(["import", "vcard", str(vcf), "--apply"], empty)
    assert result.exit_code == 0, result.output
    before, after = exported(sample, VCARD_FIELDS), exported(empty, VCARD_FIELDS)
    assert len(before) == 47 and sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], name
    assert after["Zoé Laflamme-Ng"]["linkedin"] == "https://www.linkedin.com/in/zoe-laflamme-ng/"
    assert after["Zoé Laflamme-Ng"]["birthday"] == "1984-02-29"
    assert after["Alain Gervais"]["birthday"] == "--04-12"

    again = run_cli(["import", "vcard", str(vcf), "--apply"], empty)
    assert again.stdout.splitlines()[-1] == "47 people: 47 same"


def test_csv_round_trip_through_a_mapping(sample, tmp_path, make_vault):
    """netnotes' own CSV is "any other CSV": a mapping of its columns brings it back."""
    out = tmp_path / "everyone.csv"
    assert run_cli(["export", "csv", "--out", str(out), "--today", "2026-11-20"], sample).exit_code == 0
    empty = make_vault(name="empty")
    mapping = []
    for column in ("name", "company", "role", "email", "phone", "website", "linkedin", "birthday", "met", "tags"):
        mapping += ["--map", f"{column}={'url' if column == 'website' else column}"]
    result = run_cli(["import", "csv", str(out), *mapping, "--apply"], empty)
    assert result.exit_code == 0, result.output
    before, after = exported(sample, CSV_FIELDS), exported(empty, CSV_FIELDS)
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], name
