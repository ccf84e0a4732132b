"""The weekly review closes the loop (issue 15, netnotes.edit.ticks, netnotes.edit.review_loop,
netnotes.render.review_page): every line a user adds to the page survives `report`, a ticked
follow-up, ask or introduction is recorded on the cards once, and older pages' open tasks
are superseded. Real files, the real CLI; docs/review.md has the rules."""

from __future__ import annotations

import json

from conftest import TODAY, run_cli, section, tree_hashes, write_vault

PAGE = "Reviews/2026-W47.md"
FILES = {
    "People/Ann.md": "---\ntier: A\n---\n",
    "People/Ben.md": "---\ntier: A\nnext_followup: 2026-11-18\n---\n\n## Log\n- 2026-10-01 call: first call.\n",
    "People/Cara.md": "---\ntier: C\noffers: [bookkeeping]\n---\n\n## Log\n- 2026-11-01 call: hello.\n",
    "People/Dan.md": "---\ntier: C\nneeds: [bookkeeping]\n---\n\n## Log\n- 2026-11-01 call: hello.\n",
    "People/Eve.md": "---\ntier: C\noffers: [web design]\n---\n\n## Log\n- 2026-11-01 call: hello.\n",
    "Me.md": "---\ntype: me\nneeds: [web design]\n---\n",
}


def report(vault, *args: str, today=TODAY) -> str:
    result = run_cli(["report", *args], vault, today=today)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def page(vault) -> str:
    return (vault / PAGE).read_text(encoding="utf-8")


def edit_page(vault, old: str, new: str) -> None:
    text = page(vault)
    assert old in text, old
    (vault / PAGE).write_text(text.replace(old, new, 1), encoding="utf-8")


def task(vault, start: str) -> str:
    return next(line for line in page(vault).splitlines() if line.startswith(start))


def log(vault, name: str) -> list[str]:
    text = (vault / f"People/{name}.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("- 20")]


# ---- every line the user adds stays --------------------------------------------------------
def test_lines_added_anywhere_survive_reruns_and_card_changes(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault)
    ben = task(vault, "- [ ] [[Ben]]")
    ann = task(vault, "- [ ] [[Ann]]")
    edit_page(vault, ben, ben + "\n  - left a voicemail, try Tuesday\n  - [ ] ask about the Q1 budget")
    edit_page(vault, "# Weekly review 2026-W47\n", "# Weekly review 2026-W47\nA quiet week, on purpose.\n")
    edit_page(vault, "## Going cold\n", "Between sections: a thought of mine.\n\n## Going cold\n")
    edit_page(vault, "## Pipeline\nNobody in the pipeline.\n", "## Pipeline\nNobody in the pipeline.\n- Omar? ask Karen\n")
    mine = page(vault)

    # a card changes: Ann is called; her task goes, Ben moves to the top, the page is re-rendered
    (vault / "People/Ann.md").write_text("---\ntier: A\n---\n\n## Log\n- 2026-11-19 call: caught up.\n")
    report(vault)
    again = page(vault)
    assert ann not in again
    assert f"{ben}\n  - left a voicemail, try Tuesday\n  - [ ] ask about the Q1 budget\n" in section(again, "Follow-ups")
    assert "# Weekly review 2026-W47\nA quiet week, on purpose.\n" in again
    assert "Between sections: a thought of mine.\n\n## Going cold\n" in again
    assert "## Pipeline\nNobody in the pipeline.\n- Omar? ask Karen\n" in again
    assert "2026-11-19 [[Ann]]: call: caught up." in again  # the rest is regenerated
    assert again != mine
    assert report(vault).startswith("unchanged: ") and page(vault) == again  # byte-identical


def test_a_task_no_longer_generated_stays_with_the_lines_under_it(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault)
    ann = task(vault, "- [ ] [[Ann]]")
    edit_page(vault, ann, ann + "\n  - her number changed: see email")
    (vault / "People/Ann.md").write_text("---\ntier: A\n---\n\n## Log\n- 2026-11-19 call: caught up.\n")
    report(vault)
    assert f"{ann}\n  - her number changed: see email\n" in section(page(vault), "Follow-ups")
    assert report(vault).startswith("unchanged: ")


def test_stale_generated_lines_do_not_pile_up(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault, today="2026-11-17")
    first = page(vault)
    assert "as of 2026-11-17" in first
    edit_page(vault, "## Going cold\n", "mine, between sections\n\n## Going cold\n")
    report(vault)
    again = page(vault)
    assert "as of 2026-11-17" not in again and "as of 2026-11-20" in again
    assert "mine, between sections\n" in again


# ---- ticks feed back -----------------------------------------------------------------------
def test_ticks_are_recorded_on_the_cards_once_and_satisfy_the_followup(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault)
    ben = task(vault, "- [ ] [[Ben]]")
    edit_page(vault, ben, ben.replace("- [ ]", "- [x]").replace(" ^nn-", " \u2705 2026-11-19 ^nn-"))
    edit_page(vault, "- [ ] Ask [[Eve]]", "- [x] Ask [[Eve]]")
    edit_page(vault, "- [ ] Introduce [[Dan]]", "- [x] Introduce [[Dan]]")

    out = report(vault)
    assert "recorded: People/Ben.md: 2026-11-19 note: followed up (ticked in [[2026-W47]])" in out
    assert "recorded: People/Eve.md: 2026-11-20 note: asked about web design (ticked in [[2026-W47]])" in out
    assert "recorded: People/Dan.md: 2026-11-20 intro [[Cara]]: ticked in 2026-W47" in out
    assert "recorded: People/Cara.md: 2026-11-20 intro [[Dan]]: ticked in 2026-W47" in out
    for _ in range(2):  # exactly once, however often it runs
        assert "\nrecorded: " not in "\n" + report(vault)
    assert log(vault, "Ben") == ["- 2026-11-19 note: followed up (ticked in [[2026-W47]])",
                                 "- 2026-10-01 call: first call."]
    assert "next_followup" not in (vault / "People/Ben.md").read_text()  # satisfied by the touch
    assert log(vault, "Dan")[0] == "- 2026-11-20 intro [[Cara]]: ticked in 2026-W47"
    assert log(vault, "Cara")[0] == "- 2026-11-20 intro [[Dan]]: ticked in 2026-W47"

    followups = json.loads(run_cli(["followups", "--json"], vault, today=TODAY).stdout)["followups"]
    assert "Ben" not in [f["name"] for f in followups]
    assert json.loads(run_cli(["introductions", "--json"], vault, today=TODAY).stdout) == []
    text = page(vault)
    assert "- [x] [[Ben]]" in section(text, "Follow-ups")  # the ticked tasks stay, ticked
    assert "- [x] Introduce [[Dan]] and [[Cara]]" in section(text, "Introductions to make")


def test_a_tick_on_an_older_page_is_dated_by_its_week(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault, "--week", "2026-W46", today="2026-11-13")
    old = (vault / "Reviews/2026-W46.md")
    text = old.read_text(encoding="utf-8").replace("- [ ] [[Ann]]", "- [x] [[Ann]]")
    old.write_text(text, encoding="utf-8")
    assert "recorded: People/Ann.md: 2026-11-15 note: followed up (ticked in [[2026-W46]])" in report(vault)


def test_dry_run_shows_what_it_would_do_and_writes_nothing(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault, "--week", "2026-W46", today="2026-11-13")
    report(vault)
    edit_page(vault, "- [ ] [[Ben]]", "- [x] [[Ben]]")
    before = tree_hashes(vault)
    out = report(vault, "--dry-run")
    assert "would record: People/Ben.md: 2026-11-20 note: followed up (ticked in [[2026-W47]])" in out
    assert "would supersede: " in out or "unchanged" in out
    assert tree_hashes(vault) == before
    assert "recorded: People/Ben.md" in report(vault)


def test_recording_ticks_can_be_turned_off(tmp_path):
    vault = write_vault(tmp_path / "v", FILES, "[reviews]\nrecord_ticks = false\n")
    report(vault)
    edit_page(vault, "- [ ] [[Ben]]", "- [x] [[Ben]]")
    assert "\nrecorded: " not in "\n" + report(vault)
    assert log(vault, "Ben") == ["- 2026-10-01 call: first call."]
    assert "- [x] [[Ben]]" in page(vault)


def test_a_tick_naming_no_card_is_a_warning_not_a_traceback(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault)
    ann = task(vault, "- [ ] [[Ann]]")
    edit_page(vault, ann, ann.replace("- [ ] [[Ann]]", "- [x] [[Annie]]"))
    result = run_cli(["report"], vault, today=TODAY)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "warning: Reviews/2026-W47.md:" in result.stderr
    assert "[[Annie]] names no card now" in result.stderr
    assert log(vault, "Ann") == []


# ---- older pages' open tasks are superseded ---------------------------------------------------
def test_a_newer_review_supersedes_the_open_tasks_of_older_pages(tmp_path):
    vault = write_vault(tmp_path / "v", FILES)
    report(vault, "--week", "2026-W46", today="2026-11-13")
    old = vault / "Reviews/2026-W46.md"
    text = old.read_text(encoding="utf-8").replace("- [ ] Ask [[Eve]]", "- [x] Ask [[Eve]]")
    old.write_text(text.replace("## My notes\n", "## Follow-ups of mine\n- [ ] call the bank\n## My notes\n- [ ] mine\n"),
                   encoding="utf-8")
    out = report(vault)
    assert any(line.startswith("superseded: 2 open tasks in ") and line.endswith("Reviews/2026-W46.md")
               for line in out.splitlines()), out
    older = old.read_text(encoding="utf-8")
    assert "- [x] Ask [[Eve]]" in older and "- [-] [[Ann]]" in older and "- [-] Introduce [[Dan]]" in older
    assert "- [ ] call the bank" in older and older.endswith("## My notes\n- [ ] mine\n")
    assert "- [ ] [[Ann]]" in page(vault)  # this week's page is open
    assert "superseded" not in report(vault)


def test_superseding_can_be_turned_off(tmp_path):
    vault = write_vault(tmp_path / "v", FILES, "[reviews]\nsupersede_old_tasks = false\n")
    report(vault, "--week", "2026-W46", today="2026-11-13")
    before = (vault / "Reviews/2026-W46.md").read_bytes()
    assert "superseded" not in report(vault)
    assert (vault / "Reviews/2026-W46.md").read_bytes() == before
