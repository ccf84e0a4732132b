"""An introduction's life from the shell: made (`intro A B`), its outcome recorded later
(`intro A B --outcome ...`, on both cards, once), and shown by `introductions --made`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (NETNOTES, age, one_line_error, run_cli, run_json, run_netnotes, run_ok, tree_hashes, user_env,
                      write_vault)

CARDS = {
    "People/Susan McAllister.md": "---\ntier: A\nstage: trust\n---\n## Log\n- 2026-10-01 call: hi\n",
    "People/Emily Watson.md": "---\naliases: [Em]\n---\n## Log\n",
    "People/Sam Lee.md": "---\n---\n## Log\n- 2026-08-20 intro [[Alain Gervais]]: the website\n",
    "People/Alain Gervais.md": "---\n---\n",
}


def test_an_outcome_goes_on_both_cards_once(make_vault):
    vault = make_vault(CARDS)
    run_ok(["intro", "Susan McAllister", "Emily Watson", "--note", "HR for her new hires"], vault,
           today="2026-11-21")
    result = run_ok(["intro", "Em", "Susan McAllister", "--outcome", "met", "--note", "coffee on Tuesday"], vault,
                    today="2026-11-28")
    lines = result.stdout.splitlines()
    assert [line.rsplit(" (", 1)[0] for line in lines] == [
        "Emily Watson: logged 2026-11-28 intro outcome [[Susan McAllister]]: met, coffee on Tuesday",
        "Susan McAllister: logged 2026-11-28 intro outcome [[Emily Watson]]: met, coffee on Tuesday"]
    assert lines[0].endswith("/People/Emily Watson.md)") and lines[1].endswith("/People/Susan McAllister.md)")
    emily = (vault / "People/Emily Watson.md").read_text()
    susan = (vault / "People/Susan McAllister.md").read_text()
    assert "- 2026-11-28 intro outcome [[Susan McAllister]]: met, coffee on Tuesday\n" in emily
    assert "- 2026-11-28 intro outcome [[Emily Watson]]: met, coffee on Tuesday\n" in susan
    before = tree_hashes(vault)
    again = run_cli(["intro", "Susan McAllister", "Emily Watson", "--outcome", "met"], vault, today="2026-11-28",
                    expect_error=True)
    assert again.exit_code == 2
    assert "is on both cards already; nothing was written" in one_line_error(again.stderr)
    assert tree_hashes(vault) == before
    assert run_json(["validate", "--format", "json"], vault) == []


def test_an_outcome_needs_an_introduction_first(make_vault):
    vault = make_vault(CARDS)
    before = tree_hashes(vault)
    result = run_cli(["intro", "Susan McAllister", "Emily Watson", "--outcome", "met"], vault, today="2026-11-28",
                     expect_error=True)
    assert result.exit_code == 2
    assert "no introduction of Susan McAllister and Emily Watson is recorded" in one_line_error(result.stderr)
    assert 'netnotes intro "Susan McAllister" "Emily Watson"' in result.stderr
    assert tree_hashes(vault) == before


def test_dry_run_shows_both_diffs_and_writes_nothing(make_vault):
    vault = make_vault(CARDS)
    before = tree_hashes(vault)
    result = run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "business", "--dry-run"], vault,
                    today="2026-11-28")
    assert result.stdout.count("+- 2026-11-28 intro outcome [[") == 2
    assert tree_hashes(vault) == before


def test_made_lists_each_introduction_newest_first_with_what_came_of_it(make_vault):
    vault = make_vault(CARDS)
    run_ok(["intro", "Susan McAllister", "Emily Watson", "--note", "HR"], vault, today="2026-11-21")
    run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "no-reply"], vault, today="2026-09-01")
    run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "business"], vault, today="2026-11-02")
    made = run_json(["introductions", "--made", "--json"], vault, today="2026-11-30")
    assert [(m["a"]["name"], m["b"]["name"], m["date"], m["note"], m["outcome"], m["outcome_date"])
            for m in made] == [
        ("Emily Watson", "Susan McAllister", "2026-11-21", "HR", None, None),
        ("Alain Gervais", "Sam Lee", "2026-08-20", "the website", "business", "2026-11-02")]
    assert [o["outcome"] for o in made[1]["outcomes"]] == ["no-reply", "business"]
    table = run_ok(["introductions", "--made"], vault, today="2026-11-30").stdout
    assert table.splitlines()[2].startswith("2026-11-21  Emily Watson + Susan McAllister  no outcome yet")
    assert "business (2026-11-02)" in table.splitlines()[3]
    mine = run_json(["introductions", "--made", "--for", "Sam Lee", "--json"], vault, today="2026-11-30")
    assert [m["date"] for m in mine] == ["2026-08-20"]
    earlier = run_json(["introductions", "--made", "--json"], vault, today="2026-10-01")
    assert [(m["date"], m["outcome"]) for m in earlier] == [("2026-08-20", "no-reply")]  # as of that day


# ---- two cards or neither: a change that fails half-way leaves no byte and no undo record ----
# `intro A B` writes A's card, then B's; so does `intro A B --outcome`, which proves both edits
# first. Whatever stops the second card, A is as it was and `undo --list` shows nothing new.
TWO = {"People/Ann Lee.md": "---\ntier: A\n---\n## Log\n- 2026-11-01 intro [[Bob Roy]]: the audit\n",
       "People/Bob Roy.md": "---\ntier: B\n---\n## Log\n- 2026-11-01 intro [[Ann Lee]]: the audit\n",
       "People/Kim Ng.md": "---\n---\n"}
CONFLICTED = ("---\ntier: B\n---\n## Log\n<<<<<<< ours\n- 2026-11-02 call: hi\n=======\n- 2026-11-02 call: hello\n"
              ">>>>>>> theirs\n")
CAFE = b"People/Caf\xe9.md"  # a card saved by a Latin-1 system: its name is not UTF-8
CAFE_NAME = os.fsdecode(b"Caf\xe9")  # as the shell passes those bytes
WAYS = {"intro": [], "outcome": ["--outcome", "met", "--note", "coffee"]}


def _vault(tmp_path: Path, files: dict[str, str]) -> Path:
    vault = write_vault(tmp_path / "v", {**TWO, **files})
    kept = run_netnotes(["log", "Kim Ng", "call: hi"], vault=vault)  # one change in the history already
    assert kept.returncode == 0, kept.stderr
    return vault


def _undo_list(vault: Path) -> str:
    listed = run_netnotes(["undo", "--list"], vault=vault)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\n") == 1 and "write People/Kim Ng.md" in listed.stdout
    return listed.stdout


def _refused_leaving_nothing(vault: Path, args: list[str], code: int, says: str,
                             netnotes: tuple[str, ...] = (str(NETNOTES),)) -> None:
    """``netnotes ARGS`` (``netnotes``: how it is started) fails with ``code`` and one error
    line saying ``says``; no file of the vault and no undo record has changed."""
    before, history = tree_hashes(vault), _undo_list(vault)
    result = subprocess.run([*netnotes, "--vault", str(vault), *args, "--today", "2026-11-20"], cwd=vault,
                            env=user_env(), capture_output=True, text=True, errors="replace", timeout=60)
    assert result.returncode == code, result.stderr
    assert says in one_line_error(result.stderr)
    assert tree_hashes(vault) == before  # both cards byte for byte as they were, no temp file left
    assert _undo_list(vault) == history  # and no record of a change that never happened


@pytest.mark.parametrize("way", WAYS)
def test_a_second_card_left_mid_merge_stops_both(tmp_path, way):
    vault = _vault(tmp_path, {"People/Bob Roy.md": CONFLICTED})
    _refused_leaving_nothing(vault, ["intro", "Ann Lee", "Bob Roy", *WAYS[way]], 4,
                             "People/Bob Roy.md: line 5 is a git conflict marker")


@pytest.mark.parametrize("way", WAYS)
def test_a_link_to_a_card_whose_name_is_not_utf8_stops_both(tmp_path, way):
    vault = _vault(tmp_path, {})
    cafe = Path(os.fsdecode(os.path.join(os.fsencode(vault), CAFE)))
    cafe.write_bytes(b"---\ntier: B\n---\n## Log\n- 2026-11-01 intro [[Ann Lee]]: the audit\n")
    age(cafe)
    # Café's card is written first ([[Ann Lee]] is fine); Ann's would link [[Caf\xe9]], which UTF-8 cannot hold
    _refused_leaving_nothing(vault, ["intro", CAFE_NAME, "Ann Lee", *WAYS[way]], 4,
                             "People/Ann Lee.md: the new text has a byte that is not UTF-8 (0xE9)")


KEEPS_SAVING = """
import os, sys, time
card, spare, started = sys.argv[1:4]
data = open(card, "rb").read()
while True:  # an editor saving the card again and again (write a temp file, rename it over the card)
    with open(spare, "wb") as f:
        f.write(data)
    os.replace(spare, card)
    open(started, "w").close()
    time.sleep(0.02)
"""


@pytest.mark.parametrize("way", WAYS)
def test_a_second_card_another_program_keeps_saving_stops_both(tmp_path, way):
    vault = _vault(tmp_path, {})
    started = tmp_path / "started"
    saver = subprocess.Popen([sys.executable, "-c", KEEPS_SAVING, str(vault / "People/Bob Roy.md"),
                              str(tmp_path / "spare"), str(started)])
    try:
        deadline = time.monotonic() + 30
        while not started.exists():
            assert saver.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        before, history = tree_hashes(vault), _undo_list(vault)
        result = run_netnotes(["intro", "Ann Lee", "Bob Roy", *WAYS[way], "--today", "2026-11-20"], cwd=vault,
                              vault=vault)
    finally:
        saver.kill()
        saver.wait()
    assert result.returncode == 75, result.stderr
    assert "People/Bob Roy.md keeps changing" in one_line_error(result.stderr)
    assert tree_hashes(vault) == before
    assert _undo_list(vault) == history


def _can_drop_write_access() -> bool:
    """Root in a user namespace of its own (``unshare -r``) has no power over a folder owned
    by a user it does not map: the folder's mode then applies, as to any other user."""
    return os.geteuid() == 0 and shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-r", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_drop_write_access(), reason="needs root and `unshare -r`")
@pytest.mark.parametrize("way", WAYS)
def test_a_second_card_in_a_folder_the_user_cannot_write_stops_both(tmp_path, way):
    bob = TWO["People/Bob Roy.md"].replace("tier: B", "type: person\ntier: B")
    vault = _vault(tmp_path, {"Team/Bob Roy.md": bob})
    (vault / "People/Bob Roy.md").unlink()
    team = vault / "Team"
    os.chown(team / "Bob Roy.md", 65534, 65534)
    os.chown(team, 65534, 65534)
    team.chmod(0o555)
    try:
        says = "cannot write Team/Bob Roy.md: its folder is not writable by this user"  # before A is written
        _refused_leaving_nothing(vault, ["intro", "Ann Lee", "Bob Roy", *WAYS[way]], 2, says,
                                 netnotes=("unshare", "-r", str(NETNOTES)))
    finally:
        team.chmod(0o755)
