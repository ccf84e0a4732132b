"""A contact's last touch (netnotes.notes.touches, netnotes.notes.dailynotes) from anywhere: log,
`last_contact`, daily notes and dated notes (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

TODAY = "2026-11-23"
ALAIN = """---
name: Alain Gervais
aliases: [Al]
company: Gervais Consulting
tier: A
---
Consultant.

## Log
- 2026-10-21 coffee: his expansion.
"""


def touch_of(root: Path, name: str = "Alain Gervais", today: str = TODAY) -> tuple[str | None, str | None, str | None]:
    result = run_cli(["show", name, "--json", "--today", today], root)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["last_touch"], data["last_touch_source"], data["last_touch_path"]


def test_daily_note_mentioning_the_contact(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "Daily/2026-11-20.md": "- Coffee with [[Alain Gervais]]: he found an office.\n"})
    assert touch_of(root) == ("2026-11-20", "daily note", "Daily/2026-11-20.md")
    shown = run_cli(["show", "Alain Gervais", "--today", TODAY], root).stdout
    assert "  last touch    2026-11-20 from daily note (Daily/2026-11-20.md)\n" in shown
    listed = json.loads(run_cli(["list", "--json", "--today", TODAY], root).stdout)
    assert (listed[0]["last_touch"], listed[0]["last_touch_source"]) == ("2026-11-20", "daily note")


def test_meeting_note_with_date_and_people_properties(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "Daily/2026-11-20.md": "Called [[Alain Gervais]].\n",
                       "Meetings/Lunch.md": '---\ndate: 2026-11-21\npeople: ["[[Alain Gervais]]"]\n---\n# Lunch\n'})
    assert touch_of(root) == ("2026-11-21", "dated note", "Meetings/Lunch.md")
    shown = run_cli(["show", "Alain Gervais", "--today", TODAY], root).stdout
    assert "last touch    2026-11-21 from dated note (Meetings/Lunch.md)" in shown


@pytest.mark.parametrize("latest,expected", [
    ("log", ("2026-11-22", "log", "People/Alain Gervais.md")),
    ("last_contact", ("2026-11-22", "last_contact", "People/Alain Gervais.md")),
    ("daily", ("2026-11-22", "daily note", "Daily/2026-11-22.md")),
    ("dated", ("2026-11-22", "dated note", "Meetings/Call.md")),
])
def test_the_latest_source_wins(make_vault, latest: str, expected: tuple) -> None:
    card = ALAIN.replace("tier: A\n", "tier: A\nlast_contact: 2026-11-01\n")
    files = {"Daily/2026-11-05.md": "[[Alain Gervais]]\n",
             "Meetings/Call.md": '---\ndate: 2026-11-06\npeople: ["[[Alain Gervais]]"]\n---\n'}
    if latest == "log":
        card += "- 2026-11-22 call: about the lease.\n"
    elif latest == "last_contact":
        card = card.replace("last_contact: 2026-11-01", "last_contact: 2026-11-22")
    elif latest == "daily":
        files["Daily/2026-11-22.md"] = "Ran into [[Al]] downtown.\n"
    else:
        files["Meetings/Call.md"] = files["Meetings/Call.md"].replace("2026-11-06", "2026-11-22")
    root = make_vault({"People/Alain Gervais.md": card, **files})
    assert touch_of(root) == expected


@pytest.mark.parametrize("link", [
    "[[agervais]]",  # file name
    "[[Alain Gervais]]",  # `name`
    "[[Al]]",  # alias
    "[[al]]",  # alias, other case
    "[[ALAIN GERVAIS]]",  # name, other case
    "[[AGERVAIS]]",  # file name, other case
    "[[People/agervais]]",  # path
    "[[Alain Gervais|Alain]]",  # shown text
    "[[agervais#Log]]",  # heading
])
def test_links_resolve_like_obsidian(make_vault, link: str) -> None:
    root = make_vault({"People/agervais.md": ALAIN, "Daily/2026-11-20.md": f"Lunch with {link}.\n"})
    assert touch_of(root) == ("2026-11-20", "daily note", "Daily/2026-11-20.md")


def test_property_links_count_by_name_and_alias(make_vault) -> None:
    root = make_vault({"People/agervais.md": ALAIN,
                       "Meetings/a.md": '---\ndate: 2026-11-19\npeople: ["[[al]]"]\n---\n',
                       "Meetings/b.md": '---\ndate: 2026-11-20\nattendees: ["[[alain gervais]]"]\n---\n'})
    assert touch_of(root, "al") == ("2026-11-20", "dated note", "Meetings/b.md")


def test_links_outside_people_properties_do_not_count(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "Meetings/a.md": '---\ndate: 2026-11-20\nrelated: "[[Alain Gervais]]"\n---\n'})
    assert touch_of(root) == ("2026-10-21", "log", "People/Alain Gervais.md")


def test_obsidian_daily_note_format(make_vault) -> None:
    files = {"People/Alain Gervais.md": ALAIN, "Journal/20.11.2026.md": "Met [[Alain Gervais]].\n"}
    plain = make_vault(files, name="plain")
    assert touch_of(plain)[1] == "log"  # 20.11.2026 is not a date in the default format
    root = make_vault(files, name="obsidian")
    (root / ".obsidian").mkdir()
    (root / ".obsidian/daily-notes.json").write_text('{"format": "DD.MM.YYYY", "folder": "Journal"}',
                                                     encoding="utf-8")
    assert touch_of(root) == ("2026-11-20", "daily note", "Journal/20.11.2026.md")
    # the default format still counts too
    (root / "Daily").mkdir()
    (root / "Daily/2026-11-21.md").write_text("[[Alain Gervais]]\n", encoding="utf-8")
    assert touch_of(root) == ("2026-11-21", "daily note", "Daily/2026-11-21.md")


def test_configured_formats_and_properties(make_vault) -> None:
    config = ('[last_touch]\ndaily_note_formats = ["YYYYMMDD", "D MMMM YYYY"]\n'
              'date_properties = ["when"]\npeople_properties = ["with_whom"]\n')
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "Log/20261115.md": "[[Alain Gervais]]\n",
                       "Log/17 November 2026.md": "[[Alain Gervais]]\n",
                       "Meetings/a.md": '---\nwhen: 2026-11-18\nwith_whom: ["[[Alain Gervais]]"]\n---\n',
                       "Meetings/b.md": '---\ndate: 2026-11-22\npeople: ["[[Alain Gervais]]"]\n---\n',
                       "Daily/2026-11-21.md": "[[Alain Gervais]]\n"}, config=config)
    # `date`, `people` and YYYY-MM-DD were replaced by the config: the 21st and 22nd do not count
    assert touch_of(root) == ("2026-11-18", "dated note", "Meetings/a.md")
    (root / "Meetings/a.md").unlink()
    assert touch_of(root) == ("2026-11-17", "daily note", "Log/17 November 2026.md")


def test_future_notes_do_not_count(make_vault) -> None:
    card = ALAIN + "- 2026-12-01 call: planned, not done.\n"
    root = make_vault({"People/Alain Gervais.md": card,
                       "Daily/2026-11-20.md": "[[Alain Gervais]]\n",
                       "Daily/2026-11-25.md": "Lunch planned with [[Alain Gervais]].\n",
                       "Meetings/Next.md": '---\ndate: 2026-11-24\npeople: ["[[Alain Gervais]]"]\n---\n'})
    assert touch_of(root) == ("2026-11-20", "daily note", "Daily/2026-11-20.md")
    assert touch_of(root, today="2026-11-24") == ("2026-11-24", "dated note", "Meetings/Next.md")
    assert touch_of(root, today="2026-12-31") == ("2026-12-01", "log", "People/Alain Gervais.md")


def test_ambiguous_and_unknown_links_touch_nobody(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "People/Alain Roy.md": "---\naliases: [Al]\n---\n",
                       "Daily/2026-11-20.md": "[[Al]] or [[Alan Gervais]]?\n"})
    assert touch_of(root)[1] == "log"
    assert touch_of(root, "Alain Roy") == (None, None, None)


def test_the_index_picks_up_a_new_daily_note(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN})
    assert touch_of(root)[1] == "log"
    (root / "Daily").mkdir()
    (root / "Daily/2026-11-22.md").write_text("[[Al]]\n", encoding="utf-8")
    assert touch_of(root) == ("2026-11-22", "daily note", "Daily/2026-11-22.md")
    (root / "Daily/2026-11-22.md").unlink()
    assert touch_of(root)[1] == "log"


def test_bare_link_in_a_people_property(make_vault) -> None:
    """`people: [[Alain Gervais]]` without quotes is a nested YAML list; Obsidian still shows a link."""
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "Meetings/Lunch.md": "---\ndate: 2026-11-21\npeople: [[Alain Gervais]]\n---\n"})
    assert touch_of(root) == ("2026-11-21", "dated note", "Meetings/Lunch.md")


def test_an_event_note_with_a_date_counts(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN,
                       "Events/Mixer.md": '---\ntype: event\ndate: 2026-11-19\nattendees: ["[[Al]]"]\n---\n'})
    assert touch_of(root) == ("2026-11-19", "dated note", "Events/Mixer.md")


@pytest.mark.parametrize("fmt,title", [
    ("YYYY-MM-DD dddd", "2026-11-20 Friday"),
    ("dddd, MMMM Do YYYY", "Friday, November 20th 2026"),
    ("DD-MM-YYYY", "20-11-2026"),
    ("MMM D, YYYY", "Nov 20, 2026"),
    ("YYYY/MM/YYYY-MM-DD", "2026-11-20"),  # folders in the format are not part of the name
    ("[Journal] YYYY-MM-DD", "Journal 2026-11-20"),
])
def test_obsidian_daily_note_formats(make_vault, fmt: str, title: str) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN, f"Journal/{title}.md": "Met [[Alain Gervais]].\n"})
    (root / ".obsidian").mkdir()
    (root / ".obsidian/daily-notes.json").write_text(json.dumps({"format": fmt}), encoding="utf-8")
    assert touch_of(root) == ("2026-11-20", "daily note", f"Journal/{title}.md")


def test_a_date_that_does_not_exist_is_not_a_daily_note(make_vault) -> None:
    root = make_vault({"People/Alain Gervais.md": ALAIN, "Daily/2026-02-30.md": "[[Alain Gervais]]\n"})
    assert touch_of(root)[1] == "log"
