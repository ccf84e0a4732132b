"""``netnotes edit`` (netnotes.edit.editor): the card is edited as a copy in $EDITOR (here small
Python scripts), checked after each save, and replaced only when nobody changed it meanwhile;
the user's text is never lost."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NETNOTES, TODAY, one_line_error, run_cli, temps, tree_hashes, user_env, write_vault
from netnotes.vault import atomic

ANN = "---\ncompany: Acme  # since 2020\ntier: A\n---\n\n## Log\n- 2026-11-01 call: hi\n"

APPEND = """
import sys
with open(sys.argv[1], "a", encoding="utf-8") as f:
    f.write("Added in the editor.\\n")
"""
BREAK_THEN_FIX = """
import pathlib, sys
card, count = pathlib.Path(sys.argv[1]), pathlib.Path(__file__).with_suffix(".count")
n = int(count.read_text()) + 1 if count.exists() else 1
count.write_text(str(n))
text = card.read_text(encoding="utf-8")
card.write_text(text.replace("tier: A", "tier: [A") if n == 1 else text.replace("tier: [A", "tier: B"),
                encoding="utf-8")
"""
RACE = """
import os, pathlib, sys
copy = pathlib.Path(sys.argv[1])
copy.write_text(copy.read_text(encoding="utf-8") + "The user's line.\\n", encoding="utf-8")
real = pathlib.Path(os.environ["REAL_CARD"])  # meanwhile another program saves the card
real.write_text(real.read_text(encoding="utf-8") + "The other program's line.\\n", encoding="utf-8")
"""


@pytest.fixture
def vault(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN})
    monkeypatch.chdir(root)
    return root


def _editor(tmp_path: Path, name: str, source: str) -> str:
    script = tmp_path / f"{name}.py"
    script.write_text(source)
    return f'"{sys.executable}" "{script}"'


def edit(vault: Path, *args: str, editor: str, env: dict[str, str] | None = None):
    return run_cli(["edit", "Ann Lee", *args], vault, env={"EDITOR": editor, "VISUAL": editor, **(env or {})})


def test_an_edit_saved_in_the_editor_replaces_the_card(vault, tmp_path):
    result = edit(vault, editor=_editor(tmp_path, "append", APPEND))
    assert result.exit_code == 0, result.output
    assert result.stdout == "updated: People/Ann Lee.md\n"
    assert (vault / "People/Ann Lee.md").read_text() == ANN + "Added in the editor.\n"
    assert temps(vault) == []


def test_no_change_in_the_editor_writes_nothing(vault):
    card = vault / "People/Ann Lee.md"
    mtime = card.stat().st_mtime_ns
    result = edit(vault, editor="true")
    assert result.exit_code == 0 and result.stdout == "unchanged: People/Ann Lee.md\n"
    assert card.stat().st_mtime_ns == mtime


def test_edit_dry_run_prints_the_diff_and_writes_nothing(vault, tmp_path):
    before = tree_hashes(vault)
    result = edit(vault, "--dry-run", editor=_editor(tmp_path, "append", APPEND))
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/People/Ann Lee.md\n+++ b/People/Ann Lee.md\n")
    assert result.stdout.endswith(" - 2026-11-01 call: hi\n+Added in the editor.\n")
    assert tree_hashes(vault) == before


def test_a_broken_card_without_a_terminal_keeps_the_text_and_warns(vault, tmp_path):
    editor = _editor(tmp_path, "breaker", BREAK_THEN_FIX)
    result = edit(vault, editor=editor)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "breaker.count").read_text() == "1"  # not reopened: nobody to ask
    assert "yaml-syntax" in result.stderr
    assert "keeping your text as it is; `netnotes validate` will point at the problem" in result.stderr
    assert (vault / "People/Ann Lee.md").read_text() == ANN.replace("tier: A", "tier: [A")  # the user's text
    assert "Traceback" not in result.output


def test_a_broken_card_is_reopened_when_the_user_says_yes_at_the_terminal(vault, tmp_path):
    editor = _editor(tmp_path, "breaker", BREAK_THEN_FIX)
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([NETNOTES, "--vault", str(vault), "edit", "Ann Lee"], stdin=slave,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=vault,
                                env=user_env(EDITOR=editor, VISUAL=editor))
        os.close(slave)
        os.write(master, b"y\n")  # the answer waits in the terminal until the prompt reads it
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert proc.returncode == 0, err
    assert "The card no longer parses. Reopen it in the editor?" in out
    assert "yaml-syntax" in err
    assert (tmp_path / "breaker.count").read_text() == "2"
    assert out.endswith("updated: People/Ann Lee.md\n")
    assert (vault / "People/Ann Lee.md").read_text() == ANN.replace("tier: A", "tier: B")


def test_a_card_changed_during_the_edit_is_left_as_saved_and_the_users_text_is_recovered(vault, tmp_path):
    card = vault / "People/Ann Lee.md"
    editor = _editor(tmp_path, "race", RACE)
    result = edit(vault, editor=editor, env={"REAL_CARD": str(card)})
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == (
        "error: People/Ann Lee.md was changed by another program while you edited it; it is left as that "
        "program saved it, and your version is in .netnotes/recovered/Ann Lee.md")
    assert "hint: merge the two by hand" in result.stderr
    assert card.read_text() == ANN + "The other program's line.\n"
    assert (vault / ".netnotes/recovered/Ann Lee.md").read_text() == ANN + "The user's line.\n"
    again = edit(vault, editor=editor, env={"REAL_CARD": str(card)})  # a second recovery does not overwrite the first
    assert "your version is in .netnotes/recovered/Ann Lee (2).md" in again.stderr
    assert (vault / ".netnotes/recovered/Ann Lee.md").read_text() == ANN + "The user's line.\n"
    assert temps(vault) == []


def test_a_failed_write_after_the_edit_keeps_the_users_text(vault, tmp_path, monkeypatch):
    class OS:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def replace(*_args):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic, "os", OS())
    result = edit(vault, editor=_editor(tmp_path, "append", APPEND))
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == ("error: cannot write People/Ann Lee.md: No space left on device; "
                                             "your version is in .netnotes/recovered/Ann Lee.md")
    assert (vault / "People/Ann Lee.md").read_text() == ANN
    assert (vault / ".netnotes/recovered/Ann Lee.md").read_text() == ANN + "Added in the editor.\n"
    assert temps(vault) == []


def test_an_editor_that_fails_changes_nothing(vault):
    before = tree_hashes(vault)
    result = edit(vault, editor="false")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert tree_hashes(vault) == before


def test_edit_keeps_the_mode_and_writes_through_a_symlink(vault, tmp_path):
    target = vault / "Archive/ann.md"
    target.parent.mkdir()
    (vault / "People/Ann Lee.md").rename(target)
    link = vault / "People/Ann Lee.md"
    link.symlink_to(Path("../Archive/ann.md"))
    target.chmod(0o640)
    result = edit(vault, editor=_editor(tmp_path, "append", APPEND))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "../Archive/ann.md"
    assert target.read_text() == ANN + "Added in the editor.\n"
    assert (target.stat().st_mode & 0o7777) == 0o640


def test_add_then_edit_opens_the_new_card(vault, tmp_path):
    editor = _editor(tmp_path, "append", APPEND)
    result = run_cli(["add", "Cy Doe", "--edit"], vault, today=TODAY, env={"EDITOR": editor, "VISUAL": editor})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("created: People/Cy Doe.md\n")
    assert (vault / "People/Cy Doe.md").read_text() == "---\nmet: 2026-11-20\n---\n\n## Log\nAdded in the editor.\n"
