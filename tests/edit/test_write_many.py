"""Several cards as one change (``edit.write.apply_edits``, and the two-card commands that write
through the history, from the shell or from the dashboard): every card proved before the first
write; a change that cannot finish leaves every card as it was and no undo record."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import tree_hashes, write_vault
from netnotes.edit.spans import EditRefused
from netnotes.edit.write import apply_edits
from netnotes.serve.actions import Outcome, perform
from netnotes.vault import history

ANN, BOB = "People/Ann Lee.md", "People/Bob Roy.md"
CARDS = {ANN: "---\ntier: A\n---\n## Log\n- 2026-11-01 intro [[Bob Roy]]: the audit\n",
         BOB: "---\ntier: B\n---\n## Log\n- 2026-11-01 intro [[Ann Lee]]: the audit\n"}
CONFLICTED = "---\ntier: B\n---\n## Log\n<<<<<<< ours\n- 2026-11-02 call: hi\n=======\n- 2026-11-02 call: yo\n>>>>>>> x\n"
TODAY = dt.date(2026, 11, 20)


def _ids(vault) -> list[str]:
    return [c.id for c in history.changes(vault)]


def test_edits_are_all_proved_before_the_first_is_written(tmp_path):
    vault = write_vault(tmp_path / "v", {**CARDS, BOB: CONFLICTED})
    before, ann = tree_hashes(vault), os.stat(vault / ANN)
    edits = [(vault / rel, lambda text: text + "- 2026-11-20 call: hi\n") for rel in (ANN, BOB)]
    with pytest.raises(EditRefused) as refused:
        apply_edits(vault, "two cards", edits)
    assert "People/Bob Roy.md: line 5 is a git conflict marker" in refused.value.message
    assert tree_hashes(vault) == before and _ids(vault) == []
    now = os.stat(vault / ANN)  # Ann's card was never replaced (a write put back would be a new file)
    assert (now.st_ino, now.st_mtime_ns) == (ann.st_ino, ann.st_mtime_ns)


def test_a_dry_run_shows_every_card_and_writes_nothing(tmp_path):
    vault = write_vault(tmp_path / "v", CARDS)
    before = tree_hashes(vault)
    edits = [(vault / rel, lambda text: text + "- 2026-11-20 call: hi\n") for rel in (ANN, BOB)]
    shown = apply_edits(vault, "two cards", edits, dry_run=True)
    assert [r.changed for r in shown] == [True, True] and all("+- 2026-11-20 call: hi" in r.diff() for r in shown)
    assert tree_hashes(vault) == before and _ids(vault) == []
    written = apply_edits(vault, "two cards", edits)
    assert [r.after for r in written] == [(vault / rel).read_bytes() for rel in (ANN, BOB)]
    [change] = history.changes(vault)
    assert change.command == "two cards" and [f.rel for f in change.files] == [ANN, BOB]


@pytest.mark.parametrize("action,form", [("intro", {"a": ANN, "b": BOB, "note": "web"}),
                                         ("outcome", {"a": ANN, "b": BOB, "outcome": "met", "note": ""})])
def test_the_dashboards_two_card_actions_leave_nothing_when_the_second_card_refuses(tmp_path, action, form):
    vault = write_vault(tmp_path / "v", {**CARDS, BOB: CONFLICTED})
    assert perform(vault, "snooze", {"contact": ANN, "until": "2026-12-01"}, today=TODAY).ok  # one change kept
    before, kept = tree_hashes(vault), _ids(vault)
    done = perform(vault, action, form, today=TODAY)
    assert done == Outcome(False, done.message) and "git conflict marker" in done.message
    assert tree_hashes(vault) == before  # Ann's card written and put back (intro) or never written (outcome)
    assert _ids(vault) == kept  # and no record of it in `netnotes undo --list`
