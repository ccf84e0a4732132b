"""Nothing is lost even when everything else fails: each card netnotes changes keeps its previous
bytes (``netnotes undo``), and a command that writes several files is rolled back when it is
interrupted (Ctrl-C) or killed. Real processes and signals on copies of the sample vault."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import NETNOTES, copy_sample, one_line_error, run_netnotes, user_env
from conftest import tree_hashes as all_hashes


def tree_hashes(root: Path) -> dict[str, str]:
    """The vault's files, the undo history left out."""
    return {k: v for k, v in all_hashes(root).items() if not k.startswith(".netnotes/undo/")}

CARD = "People/Ben Carter.md"


def test_undo_puts_back_the_card_as_it_was_and_refuses_once_it_changed(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    original = card.read_bytes()
    assert run_netnotes(["log", "Ben Carter", "call: hello"], vault=vault).returncode == 0
    logged = card.read_bytes()
    listing = run_netnotes(["undo", "--list"], vault=vault)
    assert "write People/Ben Carter.md: People/Ben Carter.md" in listing.stdout
    done = run_netnotes(["undo"], vault=vault)
    assert done.returncode == 0, done.stderr
    assert "restored: People/Ben Carter.md" in done.stdout
    assert card.read_bytes() == original
    again = run_netnotes(["undo"], vault=vault)  # undoing the undo puts the entry back
    assert again.returncode == 0 and card.read_bytes() == logged
    card.write_bytes(logged + b"\nmy own line\n")
    refused = run_netnotes(["undo"], vault=vault)
    assert refused.returncode == 4
    assert "People/Ben Carter.md changed since" in one_line_error(refused.stderr)
    assert card.read_bytes() == logged + b"\nmy own line\n"


def test_undo_of_a_merge_brings_the_second_card_back_from_the_trash(tmp_path):
    vault = copy_sample(tmp_path / "v")
    before = tree_hashes(vault)
    (vault / "People/Ben C.md").write_text("---\nname: Ben C\nemail: ben@cartertravel.example\n---\n",
                                           encoding="utf-8")
    with_copy = tree_hashes(vault)
    merged = run_netnotes(["merge", "Ben Carter", "Ben C", "--apply"], vault=vault)
    assert merged.returncode == 0, merged.stderr
    assert not (vault / "People/Ben C.md").exists()
    done = run_netnotes(["undo"], vault=vault)
    assert done.returncode == 0, done.stderr
    assert tree_hashes(vault) == with_copy != before


def test_ctrl_c_during_an_import_puts_back_every_card_it_wrote(tmp_path):
    vault = copy_sample(tmp_path / "v")
    before = tree_hashes(vault)
    rows = tmp_path / "many.csv"
    with open(rows, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "email", "company"])
        for i in range(3000):
            w.writerow([f"Person {i:04d}", f"p{i}@example.com", f"Co {i}"])
    proc = subprocess.Popen([str(NETNOTES), "--vault", str(vault), "import", "csv", str(rows), "--apply",
                             "--map", "name=name", "--map", "email=email", "--map", "company=company"],
                            env=user_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any((vault / "People").glob("Person *.md")):  # the import has started writing
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "put back" in err
    assert tree_hashes(vault) == before  # not one imported card left, nothing else touched


KILLED = """
import os, signal, sys
from pathlib import Path
from netnotes.edit.write import apply_edit
from netnotes.vault.history import change
root = Path(sys.argv[1])
with change(root, "two cards"):
    apply_edit(root / "People/Ben Carter.md", "Ben", lambda t: t + "\\nfirst card\\n")
    os.kill(os.getpid(), signal.SIGKILL)  # dies before the second card
"""


def test_a_command_killed_half_way_is_rolled_back_by_the_next_writer(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    original = card.read_bytes()
    proc = subprocess.run([sys.executable, "-c", KILLED, str(vault)], env=user_env(), capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert b"first card" in card.read_bytes()  # half-done, as a crash leaves it
    done = run_netnotes(["log", "Kevin O'Brien", "call: hi"], vault=vault)
    assert done.returncode == 0, done.stderr
    assert "`two cards`" in done.stderr and "did not finish; put back People/Ben Carter.md" in done.stderr
    assert card.read_bytes() == original
