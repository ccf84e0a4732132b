"""One date and duration reader for every date a command takes (netnotes.base.dates.parse_day
through netnotes.cli.options; docs/cli.md, "Dates and durations"), and commands that print
what they set. Every vault is read as of 2026-11-20, a Friday."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import TODAY, one_line_error, run_cli, run_ok, tree_hashes, write_vault

ANN = "---\ntier: A\nmet: 2026-01-15\n---\n\n## Log\n- 2026-11-01 call: hi\n"
BEA = "---\ntier: B\nmet: 2026-10-01\n---\n"


@pytest.fixture
def vault(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN, "People/Bea Roy.md": BEA})
    monkeypatch.chdir(root)
    return root


def props(vault, rel: str = "People/Ann Lee.md") -> dict:
    return yaml.safe_load((vault / rel).read_text().split("---\n")[1])


@pytest.mark.parametrize("when, day", [("2w", "2026-12-04"), ("10d", "2026-11-30"), ("3m", "2027-02-20"),
                                       ("next Tuesday", "2026-11-24"), ("in 2 weeks", "2026-12-04"),
                                       ("tomorrow", "2026-11-21"), ("2026-12-15", "2026-12-15")])
def test_followup_takes_a_date_or_a_duration_and_prints_the_day_it_set(vault, when, day):
    result = run_ok(["followup", "ann lee", when], vault, today=TODAY)
    assert result.stdout == f"Ann Lee: next follow-up {day} (People/Ann Lee.md)\n"
    assert str(props(vault)["next_followup"]) == day


def test_log_and_done_print_the_entry_and_its_date(vault):
    log = run_ok(["log", "Ann Lee", "call: the audit", "--date", "yesterday", "--next", "2w"], vault, today=TODAY)
    assert log.stdout == "Ann Lee: logged 2026-11-19 call: the audit; next follow-up 2026-12-04 (People/Ann Lee.md)\n"
    assert "- 2026-11-19 call: the audit\n" in (vault / "People/Ann Lee.md").read_text()
    done = run_ok(["done", "Bea Roy", "--kind", "coffee", "--date", "2 days ago", "--next", "next friday"],
                  vault, today=TODAY)
    assert done.stdout == "Bea Roy: logged 2026-11-18 coffee: followed up; next follow-up 2026-11-27 (People/Bea Roy.md)\n"


def test_add_met_and_event_date_read_words_too(vault):
    run_ok(["add", "Cy Dee", "--met", "yesterday"], vault, today=TODAY)
    assert str(props(vault, "People/Cy Dee.md")["met"]) == "2026-11-19"
    run_ok(["event", "Mixer", "Ann Lee", "--date", "last tuesday"], vault, today=TODAY)
    assert (vault / "Events/2026-11-17 Mixer.md").is_file()
    run_ok(["intro", "Ann Lee", "Bea Roy", "--date", "yesterday"], vault, today=TODAY)
    assert "- 2026-11-19 intro [[Bea Roy]]" in (vault / "People/Ann Lee.md").read_text()


def test_met_filters_and_today_read_words_and_durations(vault):
    recent = json.loads(run_ok(["list", "--met-after", "3 months ago", "--json"], vault, today=TODAY).stdout)
    assert [r["name"] for r in recent] == ["Bea Roy"]
    old = json.loads(run_ok(["list", "--met-before", "2026-06-01", "--json"], vault, today=TODAY).stdout)
    assert [r["name"] for r in old] == ["Ann Lee"]
    # --today itself counts from the clock; the other dates count from --today, wherever it is written
    shifted = run_ok(["log", "Bea Roy", "call: hi", "--date", "yesterday", "--today", "2026-11-10"], vault)
    assert "logged 2026-11-09" in shifted.stdout


def test_an_ambiguous_numeric_date_is_refused_without_date_order(vault):
    before = tree_hashes(vault)
    result = run_cli(["followup", "Ann Lee", "01.02.2027"], vault, today=TODAY)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == \
        "error: `01.02.2027` could be 2027-02-01 (day-month-year) or 2027-01-02 (month-day-year)"
    assert 'set date_order = "dmy" or "mdy" under [vault]' in result.stderr
    assert tree_hashes(vault) == before
    option = run_cli(["log", "Ann Lee", "call: hi", "--date", "03/04/2026"], vault, today=TODAY)
    assert option.exit_code == 2 and one_line_error(option.stderr).startswith("error: --date: `03/04/2026` could be")
    assert run_ok(["followup", "Ann Lee", "31.12.2026"], vault, today=TODAY).stdout.startswith(
        "Ann Lee: next follow-up 2026-12-31")  # only one reading is a real day


@pytest.mark.parametrize("order, day", [("dmy", "2027-02-01"), ("mdy", "2027-01-02")])
def test_date_order_from_the_config_reads_numeric_dates(tmp_path, order, day):
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN}, config=f'[vault]\ndate_order = "{order}"\n')
    assert f"next follow-up {day} " in run_ok(["followup", "Ann Lee", "01.02.2027"], vault, today=TODAY).stdout


def test_a_wrong_date_order_is_a_config_error(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN}, config='[vault]\ndate_order = "dym"\n')
    result = run_cli(["list"], vault, today=TODAY)
    assert result.exit_code == 2 and 'one of "dmy", "mdy" or "ymd"' in result.stderr


@pytest.mark.parametrize("args", [["log", "Ann Lee", "call: hi", "--date", "someday"],
                                  ["list", "--met-after", "2026-02-30"], ["done", "Ann Lee", "--next", "blah"]])
def test_a_date_netnotes_cannot_read_is_a_clear_error_naming_the_option(vault, args):
    before = tree_hashes(vault)
    result = run_cli(args, vault, today=TODAY)
    assert result.exit_code == 2
    assert one_line_error(result.stderr).startswith(f"error: {args[-2]}: `{args[-1]}` is not a ")
    assert "hint: write " in result.stderr
    assert tree_hashes(vault) == before
