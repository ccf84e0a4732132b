"""`netnotes watch` closes the weekly loop, in a real process: a tick saved on the review page
is recorded on the card once, and lines the user added under a task survive every re-render
the watcher does when cards change."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import NETNOTES, TODAY, copy_sample, user_env
from watch.helpers import collect, ctrl_c_as_in_a_terminal, interrupt, WEEK, append, vim_save, wait_for





def _statuses(out: list[str]) -> int:
    return sum(1 for line in out if line.startswith("["))


def test_watch_records_a_tick_once_and_keeps_the_users_lines(tmp_path: Path):
    vault = copy_sample(tmp_path / "vault")
    review = vault / "Reviews" / f"{WEEK}.md"
    mike = vault / "People" / "Mike Sullivan.md"
    proc = subprocess.Popen([str(NETNOTES), "--vault", str(vault), "watch", "--today", TODAY.isoformat(),
                             "--debounce", "0.15"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                            env=user_env(PYTHONUNBUFFERED="1"), cwd=tmp_path, preexec_fn=ctrl_c_as_in_a_terminal)
    out: list[str] = []
    err: list[str] = []
    readers = [collect(proc.stdout, out), collect(proc.stderr, err)]
    try:
        wait_for(lambda: _statuses(out) >= 1 or proc.poll() is not None, what="the first status line")
        assert proc.poll() is None, f"watch exited early: {out} {err}"

        # the user ticks Mike's follow-up and writes a line under Farah's, in one save
        page = review.read_text(encoding="utf-8")
        farah = next(line for line in page.splitlines() if line.startswith("- [ ] [[Farah Haddad]]"))
        edited = page.replace("- [ ] [[Mike Sullivan]]", "- [x] [[Mike Sullivan]]", 1).replace(
            farah, farah + "\n  - left a voicemail, try Tuesday", 1)
        vim_save(review, edited)
        wait_for(lambda: any(line.startswith("recorded: People/Mike Sullivan.md") for line in out),
                 what="the tick to be recorded")

        # then a card changes: the watcher re-renders the page
        seen = _statuses(out)
        append(vault / "People" / "Marie Tremblay.md", "- 2026-11-19 call: caught up at last.\n")
        wait_for(lambda: "caught up at last" in review.read_text(encoding="utf-8") and _statuses(out) > seen,
                 what="the re-render after the card edit")
    finally:
        code = interrupt(proc, readers)

    assert code == 0, f"exit status {code}: {out} {err}"
    assert "Traceback" not in "\n".join(err), err
    assert sum(1 for line in out if line.startswith("recorded: ")) == 1, out
    assert mike.read_text(encoding="utf-8").count("note: followed up (ticked in [[2026-W47]])") == 1
    final = review.read_text(encoding="utf-8")
    assert f"{farah}\n  - left a voicemail, try Tuesday\n" in final
    assert "- [x] [[Mike Sullivan]]" in final
