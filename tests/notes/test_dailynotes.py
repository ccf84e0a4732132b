"""Dated file names: daily notes and meeting notes named by their date (and a title or a time)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from conftest import diagnostics_json, run_json, write_vault

from netnotes.notes.dailynotes import date_from_title
from netnotes.vault.config import load_config
from netnotes.vault.obsidian import daily_note_format, unknown_tokens

DEFAULT = ("YYYY-MM-DD",)


@pytest.mark.parametrize("title,formats,day", [
    ("2024-01-05 Kickoff with Ann", DEFAULT, dt.date(2024, 1, 5)),
    ("2022-10-10_0937", DEFAULT, dt.date(2022, 10, 10)),
    ("2022-10-10_0937", ("YYYY-MM-DD_HHmm",), dt.date(2022, 10, 10)),
    ("2022-10-10 09.37 standup", ("YYYY-MM-DD HH.mm",), dt.date(2022, 10, 10)),
    ("Meeting 2024-01-05", ("[Meeting] YYYY-MM-DD",), dt.date(2024, 1, 5)),
    ("2024-01-051", DEFAULT, None),
    ("20240105", DEFAULT, None),
    ("Kickoff", DEFAULT, None),
])
def test_a_title_is_dated_by_its_leading_date(title, formats, day):
    assert date_from_title(title, formats) == day


@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.text("abc _-0123", max_size=12))
def test_any_title_that_starts_with_a_date_and_a_separator_has_that_date(day, rest):
    title = day.isoformat() + ((" " + rest) if rest else "")
    assert date_from_title(title, DEFAULT) == day


def test_unknown_tokens_are_named():
    assert unknown_tokens("YYYY-MM-DD_HHmm") == []
    assert unknown_tokens("gggg-[W]ww") == ["gggg", "ww"]
    assert unknown_tokens("YYYY-[Q]Q") == ["Q"]


def test_a_format_with_unknown_tokens_is_warned_about_at_its_line(tmp_path):
    vault = write_vault(tmp_path / "v", config='[last_touch]\ndaily_note_formats = ["YYYY-[W]ww"]\n')
    (w,) = load_config(vault).warnings
    assert (w.path, w.line) == (".netnotes/config.toml", 2)
    assert "'ww'" in w.message and "no file name matches" in w.message
    assert [d["line"] for d in diagnostics_json(vault)] == [2]


def test_meeting_notes_named_by_date_are_last_touches(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Ann Lee.md": "---\ncompany: Acme\n---\n",
        "People/Bo Brandt.md": "",
        "Meetings/2024-01-05 Kickoff.md": "Kickoff with [[Ann Lee]].\n",
        "Meetings/2024-02-10_0937.md": "---\nattendees: [\"[[Bo Brandt]]\"]\n---\n",
    })
    rows = {r["name"]: r for r in run_json(["list", "--json"], vault, today="2026-11-20")}
    assert rows["Ann Lee"]["last_touch"] == "2024-01-05"
    assert rows["Bo Brandt"]["last_touch"] == "2024-02-10"


def test_an_obsidian_daily_format_with_unknown_tokens_is_warned_about(tmp_path):
    vault = write_vault(tmp_path / "v")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/daily-notes.json").write_text('{"format": "gggg-[W]ww"}')
    cfg = load_config(vault, daily_note_format(vault))
    assert cfg.daily_note_formats == DEFAULT
    (w,) = cfg.warnings
    assert w.path == ".obsidian/daily-notes.json" and "'gggg', 'ww'" in w.message
