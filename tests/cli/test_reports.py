"""The report commands as a user sees them (netnotes.cli.reports): every report of sample-vault
as of 2026-11-20, as JSON and as the terminal shows it, and the weekly review, each compared
with its golden output.

The goldens are tests/golden/<report>.json and .txt for each report and tests/golden/weekly.json;
the weekly review's Markdown and HTML goldens are the sample vault's own pages,
sample-vault/Reviews/2026-W47.md and .html (not copies: `make demo` re-renders those pages in
place, and `report --out -` must print the same bytes). After an intended change, rewrite them
all with

    NETNOTES_UPDATE_GOLDEN=1 python -m pytest tests/cli/test_reports.py

(which also rewrites the two sample-vault pages, as `make demo` would) and read the diff before
committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import GOLDEN, ROOT, SAMPLE, TODAY, copy_sample, run_cli

UPDATE = os.environ.get("NETNOTES_UPDATE_GOLDEN") == "1"
REPORTS = ["followups", "introductions", "reciprocity", "groups", "pipeline"]
WEEKLY = {  # format -> its golden
    "md": SAMPLE / "Reviews" / "2026-W47.md",
    "html": SAMPLE / "Reviews" / "2026-W47.html",
    "json": GOLDEN / "weekly.json",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    return copy_sample(tmp_path_factory.mktemp("golden") / "sample-vault")


def _output(vault, *args: str) -> str:
    result = run_cli(list(args), vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def check_golden(path: Path, actual: str) -> None:
    name = path.relative_to(ROOT)
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        if not path.is_file() or path.read_bytes() != actual.encode("utf-8"):
            path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"{name} is missing: run with NETNOTES_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from its golden file (NETNOTES_UPDATE_GOLDEN=1 rewrites it)"


@pytest.mark.parametrize("report", REPORTS)
def test_report_json(vault, report):
    text = _output(vault, report, "--json")
    json.loads(text)
    check_golden(GOLDEN / f"{report}.json", text)


@pytest.mark.parametrize("report", REPORTS)
def test_report_table(vault, report):
    text = _output(vault, report)
    assert max(len(line) for line in text.splitlines()) <= 80, "the terminal table fits 80 columns"
    check_golden(GOLDEN / f"{report}.txt", text)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_weekly_review(vault, fmt):
    check_golden(WEEKLY[fmt], _output(vault, "report", "--format", fmt, "--out", "-"))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_committed_review_pages_are_up_to_date(vault, fmt, tmp_path):
    committed = (SAMPLE / "Reviews" / f"2026-W47.{fmt}").read_bytes()
    printed = run_cli(["report", "--format", fmt, "--out", "-"], vault, today=TODAY).stdout_bytes
    assert printed == committed, (
        f"sample-vault/Reviews/2026-W47.{fmt} is stale: re-render it with "
        f"`netnotes --vault sample-vault report --today 2026-11-20 --format {fmt}`")
    # and what `make demo` does, re-rendering the page in the vault, leaves it as committed
    fresh = copy_sample(tmp_path / "sample-vault")
    written = run_cli(["report", "--format", fmt], fresh, today=TODAY)
    assert written.exit_code == 0 and written.stdout.startswith("unchanged: "), written.output
    assert (fresh / "Reviews" / f"2026-W47.{fmt}").read_bytes() == committed


def test_the_sample_vault_tells_its_story(vault):
    """What the sample vault was written to show, checked on the JSON so the goldens stay honest."""
    review = json.loads(_output(vault, "report", "--format", "json", "--out", "-"))
    assert [f["name"] for f in review["going_cold"]] == ["Marie Tremblay", "Susan McAllister"]
    assert all(f["tier"] == "A" for f in review["going_cold"])

    groups = {g["name"]: g for g in json.loads(_output(vault, "groups", "--json"))}
    bni = groups["BNI Capital Referrals"]
    assert bni["repeat_customer_names"] == ["Hélène Côté", "Marco Bianchi", "Priya Nair"]
    assert bni["sales"] == {"CAD": 4300.0}
    assert groups["Ottawa Chamber of Commerce"]["customers"] == 0  # "no sale yet"
    rotary = groups["Rotary Club of Ottawa South"]
    assert rotary["sales"] == {"CAD": 5150.0}  # 1850 CAD + $900 + $2,400 with currency = "CAD"

    intros = json.loads(_output(vault, "introductions", "--json"))
    pairs = {frozenset((i["a"]["name"], i["b"]["name"])) for i in intros}
    assert frozenset(("Alain Gervais", "Sam Lee")) not in pairs  # introduced in August
    assert frozenset(("José Álvarez", "Natalie Simard")) not in pairs
    assert frozenset(("Sam Lee", "Dev Patel")) not in pairs
    people = {n for p in pairs for n in p}
    assert "Rick Dawson" not in people and "Paul Girard" not in people  # opted out
    assert review["introductions_total"] == len(intros) and len(review["introductions"]) == 5

    owed = [b["name"] for b in review["owed"]]
    assert owed[0] == "Marie Tremblay"  # two clients sent, nothing back
    stalled = [p["name"] for p in review["pipeline"] if p["stalled"]]
    assert stalled == ["Chris Tanaka", "Doug Ferguson", "Victor Nguyen"]


def test_the_review_of_a_card_whose_file_name_is_not_utf8_is_written_in_every_format(tmp_path):
    """Its name shows as a reader sees it (U+FFFD) in the pages; the JSON keeps its path exactly."""
    vault = tmp_path / "v"
    (vault / "People").mkdir(parents=True)
    (vault / ".netnotes").mkdir()
    rel = os.fsdecode(b"People/Caf\xe9.md")
    (vault / rel).write_bytes(b"---\ntier: A\n---\n")
    for fmt in ("md", "html", "json"):
        result = run_cli(["report", "--format", fmt], vault, today=TODAY)
        assert result.exit_code == 0, result.output
    assert "Caf\ufffd" in (vault / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "Caf\ufffd" in (vault / "Reviews/2026-W47.html").read_text(encoding="utf-8")
    review = json.loads((vault / "Reviews/2026-W47.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in review["followups"]] == [rel]
    again = run_cli(["report"], vault, today=TODAY)
    assert "unchanged" in again.output


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01"])
def test_a_week_at_the_edge_of_the_calendar_is_a_one_line_error(tmp_path, week):
    vault = tmp_path / "v"
    (vault / ".netnotes").mkdir(parents=True)
    result = run_cli(["report", "--week", week], vault, expect_error=True)
    assert result.exit_code == 2
    assert f"`{week}` is too far from today" in result.output and "Traceback" not in result.output
