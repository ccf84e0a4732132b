"""Two real clones of one vault merged by git with netnotes' driver (issue 20's acceptance):
both log on one card, both change different properties, both change one property."""

from __future__ import annotations

from pathlib import Path

from conftest import card
from .helpers import commit, git, needs_git, nn, shared_vault, sync

pytestmark = needs_git

ALAIN = "People/Alain Gervais.md"


def _files() -> dict[str, str]:
    return {ALAIN: card("2026-10-01 coffee: met at BNI", tier="B", tags=["bni"], offers=["bookkeeping"],
                        met="2026-10-01"),
            "People/Sam Lee.md": card(tier="A")}


def _log(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line for line in text.split("## Log\n", 1)[1].splitlines() if line.startswith("- ")]


def test_both_log_on_the_same_card_and_both_entries_merge(tmp_path):
    a, b = shared_vault(tmp_path, _files())
    nn(a, "log", "Alain Gervais", "call: asked about the audit", "--date", "2026-11-20")
    commit(a, "a logs")
    assert sync(a)
    nn(b, "log", "Alain Gervais", "email: sent the proposal", "--date", "2026-11-18")
    commit(b, "b logs")
    assert sync(b)  # merged by the driver, no person needed
    text = (b / ALAIN).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert _log(b / ALAIN) == ["- 2026-11-20 call: asked about the audit [by:: Ann]",
                               "- 2026-11-18 email: sent the proposal [by:: Bob]", "- 2026-10-01 coffee: met at BNI"]
    assert nn(b, "validate").returncode == 0
    git(a, "pull", "-q", "--no-rebase", "origin", "main")
    assert (a / ALAIN).read_bytes() == (b / ALAIN).read_bytes()


def test_different_properties_both_changes_arrive(tmp_path):
    a, b = shared_vault(tmp_path, _files())
    nn(a, "followup", "Alain Gervais", "2026-12-10")
    path = a / ALAIN
    path.write_text(path.read_text(encoding="utf-8").replace('tags: ["bni"]', 'tags: ["bni", "golf"]'), encoding="utf-8")
    commit(a, "a: follow-up and a tag")
    assert sync(a)
    path = b / ALAIN
    path.write_text(path.read_text(encoding="utf-8").replace('tier: "B"', 'tier: "A"').replace(
        'tags: ["bni"]', 'tags: ["bni", "referral-partner"]'), encoding="utf-8")
    commit(b, "b: tier and a tag")
    assert sync(b)
    text = (b / ALAIN).read_text(encoding="utf-8")
    assert 'tier: "A"' in text and "next_followup: 2026-12-10" in text
    assert "tags: [bni, referral-partner, golf]" in text  # both tags: lists merge as sets
    assert "<<<<<<<" not in text and nn(b, "validate").returncode == 0


def _set_tier(clone: Path, tier: str) -> None:
    path = clone / ALAIN
    path.write_text(path.read_text(encoding="utf-8").replace('tier: "B"', f'tier: "{tier}"'), encoding="utf-8")


def test_one_property_changed_differently_is_one_conflict_in_that_property(tmp_path):
    a, b = shared_vault(tmp_path, _files())
    _set_tier(a, "A")
    nn(a, "log", "Alain Gervais", "call: from a", "--date", "2026-11-20")
    commit(a, "a")
    assert sync(a)
    _set_tier(b, "C")
    nn(b, "log", "Alain Gervais", "call: from b", "--date", "2026-11-19")
    commit(b, "b")
    assert not sync(b)  # a person decides
    text = (b / ALAIN).read_text(encoding="utf-8")
    assert text.count("<<<<<<<") == 1 and text.count(">>>>>>>") == 1
    between = text[text.index("<<<<<<<"):text.index(">>>>>>>")]
    assert 'tier: "C"' in between and 'tier: "A"' in between
    assert "tags" not in between and "## Log" not in between  # the conflict is in that property only
    assert "- 2026-11-20 call: from a [by:: Ann]" in text and "- 2026-11-19 call: from b [by:: Bob]" in text
    status = git(b, "status", "--porcelain").stdout
    assert f"UU {ALAIN}" in status or f'UU "{ALAIN}"' in status
    checked = nn(b, "validate", check=False)
    assert checked.returncode == 1
    assert f"{ALAIN}:" in checked.stdout and "conflict-marker" in checked.stdout


def test_two_follow_up_dates_keep_the_sooner(tmp_path):
    """Both set Alain's next follow-up: the sooner one stands (nobody's follow-up is missed)."""
    a, b = shared_vault(tmp_path, _files())
    nn(a, "followup", "Alain Gervais", "2026-12-20")
    commit(a, "a")
    assert sync(a)
    nn(b, "followup", "Alain Gervais", "2026-12-10")
    commit(b, "b")
    assert sync(b)
    assert "next_followup: 2026-12-10" in (b / ALAIN).read_text(encoding="utf-8")


def test_without_the_driver_git_gives_ordinary_markers(tmp_path):
    a, b = shared_vault(tmp_path, _files())
    git(b, "config", "--remove-section", "merge.netnotes")  # a clone that never ran `init --git`
    nn(a, "log", "Alain Gervais", "call: from a", "--date", "2026-11-20")
    commit(a, "a")
    assert sync(a)
    nn(b, "log", "Alain Gervais", "call: from b", "--date", "2026-11-19")
    commit(b, "b")
    assert not sync(b)
    assert "<<<<<<<" in (b / ALAIN).read_text(encoding="utf-8")
    assert nn(b, "validate", check=False).returncode == 1
