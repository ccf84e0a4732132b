"""The watcher (netnotes.watch.watcher) with a real observer on a real copy of the sample vault: however an editor
saves, deletes or moves a card, or edits the config, the review the watcher writes ends up
equal to a one-shot `netnotes report` of the same files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import copy_sample

from .helpers import append, create, jetbrains_save, truncate_then_write, vim_save, watching

MARIE = "People/Marie Tremblay.md"
CALL = "- 2026-11-19 call: caught up at last; she wants to meet restaurant owners.\n"


def going_cold(page: str) -> str:
    return page.split("## Going cold", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "vault")


@pytest.mark.parametrize("poll", [False, True], ids=["native", "poll"])
def test_a_vim_save_is_picked_up(vault, poll):
    card = vault / MARIE
    with watching(vault, formats=("md", "html"), poll=poll) as run:
        page = run.assert_reports_match()
        assert "[[Marie Tremblay]]" in going_cold(page)

        new_text = card.read_text(encoding="utf-8") + CALL
        run.after(lambda: vim_save(card, new_text))

        page = run.assert_reports_match()
        assert "caught up at last" in page
        assert "[[Marie Tremblay]]" not in going_cold(page)
        assert not (vault / "People" / "Marie Tremblay.md~").exists()
        assert run.problems() == set()


def test_a_jetbrains_safe_write_is_picked_up(vault):
    card = vault / MARIE
    with watching(vault, formats=("md", "html")) as run:
        new_text = card.read_text(encoding="utf-8") + CALL
        cycles = run.after(lambda: jetbrains_save(card, new_text))

        page = run.assert_reports_match()
        assert "caught up at last" in page
        assert all(not c.errors for c in cycles)
        assert sorted(p.name for p in (vault / "People").iterdir() if "___jb_" in p.name) == []


def test_truncate_then_write_in_two_flushes(vault):
    card = vault / MARIE
    with watching(vault) as run:
        new_text = card.read_text(encoding="utf-8") + CALL
        run.after(lambda: truncate_then_write(card, new_text))

        page = run.assert_reports_match()
        assert "caught up at last" in page
        assert not [p for p in run.problems() if p[0] == MARIE], "the finished card has no problems"


def test_a_deleted_card_leaves_the_review(vault):
    with watching(vault, formats=("md", "html")) as run:
        cycles = run.after(lambda: (vault / MARIE).unlink())

        page = run.assert_reports_match()
        assert "[[Marie Tremblay]]" not in going_cold(page)
        assert any("1 removed" in c.summary for c in cycles), cycles


def test_a_card_moved_out_of_the_contacts_folder_and_back(vault):
    # not a contacts folder (the sample's Archive/ holds a `type: person` card, so use another)
    (vault / "Old").mkdir()
    inside, outside = vault / MARIE, vault / "Old" / "Marie Tremblay.md"
    with watching(vault, formats=("md", "html")) as run:
        run.after(lambda: os.rename(inside, outside))
        page = run.assert_reports_match()
        assert "[[Marie Tremblay]]" not in going_cold(page)

        run.after(lambda: os.rename(outside, inside))
        page = run.assert_reports_match()
        assert "[[Marie Tremblay]]" in going_cold(page)


def test_a_card_moved_in_from_outside_the_vault(vault, tmp_path):
    outside = tmp_path / "elsewhere.md"
    os.rename(vault / MARIE, outside)
    with watching(vault) as run:
        assert "[[Marie Tremblay]]" not in going_cold(run.page())
        run.after(lambda: os.rename(outside, vault / MARIE))
        page = run.assert_reports_match()
        assert "[[Marie Tremblay]]" in going_cold(page)


def test_a_config_edit_reloads_the_config(vault):
    config = vault / ".netnotes" / "config.toml"
    original = config.read_text(encoding="utf-8")
    assert 'A = "3w"' in original
    with watching(vault, formats=("md", "html")) as run:
        before = run.page()
        cycles = run.after(lambda: config.write_text(original.replace('A = "3w"', 'A = "1w"'), encoding="utf-8"))
        assert any(c.summary.startswith("config reloaded") for c in cycles)
        page = run.assert_reports_match()
        assert page != before, "a shorter tier-A cadence changes the review"
        assert "every 7 days" in page


def test_a_broken_config_is_reported_and_the_loop_goes_on(vault):
    config = vault / ".netnotes" / "config.toml"
    original = config.read_text(encoding="utf-8")
    with watching(vault) as run:
        cycles = run.after(lambda: config.write_text(original.replace('A = "3w"', "A = "), encoding="utf-8"))
        errors = [e for c in cycles for e in c.errors]
        assert errors and "config not reloaded" in errors[0], errors

        # the previous config stays in use and card edits are still picked up
        run.after(lambda: append(vault / MARIE, CALL))
        assert "caught up at last" in run.page()

        cycles = run.after(lambda: config.write_text(original.replace('A = "3w"', 'A = "2w"'), encoding="utf-8"))
        assert all(not c.errors for c in cycles)
        page = run.assert_reports_match()
        assert "every 14 days" in page and "caught up at last" in page


def test_a_card_that_does_not_parse_is_reported_then_cleared(vault):
    broken = vault / "People" / "Broken Card.md"
    with watching(vault, formats=("md", "html")) as run:
        cycles = run.after(lambda: create(broken, "---\ntier: [A\nmet: 2026-11-19\n---\n## Log\n"))
        appeared = [d for c in cycles for d in c.appeared]
        assert [d.path for d in appeared] == ["People/Broken Card.md"], appeared
        assert appeared[0].severity.value == "error"
        page = run.assert_reports_match()
        assert "Broken Card" in page.split("## Validation", 1)[1]

        # the loop goes on: another card's edit is picked up while this one is broken
        run.after(lambda: append(vault / MARIE, CALL))
        assert "caught up at last" in run.assert_reports_match()

        cycles = run.after(lambda: vim_save(broken, "---\ntier: A\nmet: 2026-11-19\n---\n## Log\n"))
        cleared = [d for c in cycles for d in c.cleared]
        assert [d.path for d in cleared] == ["People/Broken Card.md"]
        assert not any(c.appeared for c in cycles)
        page = run.assert_reports_match()
        assert "Broken Card" not in page.split("## Validation", 1)[1]
