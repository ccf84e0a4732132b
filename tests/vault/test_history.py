"""Nothing is lost even when everything else fails: each card netnotes changes keeps its previous
bytes (``netnotes undo``), and a command that writes several files is rolled back when it is
interrupted (Ctrl-C) or killed. Real processes and signals on copies of the sample vault."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (NETNOTES, TODAY, age, can_mount_tmpfs, copy_sample, one_line_error, run_cli, run_netnotes,
                      user_env, write_vault)
from conftest import tree_hashes as all_hashes
from netnotes.vault import history


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
    listed = run_netnotes(["undo", "--list"], vault=vault).stdout  # the change never happened: no record of it
    assert "two cards" not in listed and "write People/Kevin O'Brien.md" in listed


TWO_CARDS_FAILING = """
import sys
from pathlib import Path
from netnotes.base.errors import NetnotesError
from netnotes.edit.write import apply_edit
from netnotes.vault.history import change
root = Path(sys.argv[1])
with change(root, "two cards"):
    apply_edit(root / "People/Ben Carter.md", "Ben", lambda t: t + "\\nfirst card\\n")
    if len(sys.argv) > 2:  # another program saves the first card before the second fails
        (root / "People/Ben Carter.md").write_text(sys.argv[2], encoding="utf-8")
    raise NetnotesError("the second card cannot be written")
"""


def test_a_change_rolled_back_in_full_leaves_no_record(tmp_path):
    vault = copy_sample(tmp_path / "v")
    before = tree_hashes(vault)
    proc = subprocess.run([sys.executable, "-c", TWO_CARDS_FAILING, str(vault)], env=user_env(), capture_output=True,
                          text=True)
    assert proc.returncode == 1 and "the second card cannot be written" in proc.stderr
    assert tree_hashes(vault) == before
    assert _records(vault) == []
    assert run_netnotes(["undo", "--list"], vault=vault).stdout == "no changes kept\n"


def test_a_change_rolled_back_around_a_card_changed_since_keeps_its_bytes(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / CARD
    original = card.read_bytes()
    theirs = "---\nname: Ben Carter\n---\nsaved by another program\n"
    proc = subprocess.run([sys.executable, "-c", TWO_CARDS_FAILING, str(vault), theirs], env=user_env(),
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert card.read_text(encoding="utf-8") == theirs  # their save is never overwritten
    [record] = _records(vault)  # and what the card held before netnotes is kept, the one copy of it
    saved = json.loads((record / "change.json").read_text(encoding="utf-8"))
    assert saved["state"] == "rolled back" and saved["files"][0][0] == CARD
    assert (record / "0.before").read_bytes() == original
    listed = run_netnotes(["undo", "--list"], vault=vault).stdout
    assert "rolled back  two cards: People/Ben Carter.md" in listed
    refused = run_netnotes(["undo"], vault=vault)  # it is not a change to undo
    assert refused.returncode == 4 and "nothing to undo" in one_line_error(refused.stderr)


# ---- a file name that is not UTF-8 ----------------------------------------------------------
CAFE = b"People/Caf\xe9.md"  # saved by a Latin-1 system: the name is not UTF-8
CAFE_TEXT = "---\ncompany: Café du Coin\n---\n\n## Log\n- 2026-11-01 call: hi\n".encode()
CAFE_NAME = os.fsdecode(b"Caf\xe9")  # as Python holds it (and as the shell passes the bytes)


def _cafe_vault(tmp_path: Path) -> tuple[Path, Path]:
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": "---\ntier: B\n---\n"})
    card = Path(os.fsdecode(os.path.join(os.fsencode(vault), CAFE)))
    card.write_bytes(CAFE_TEXT)
    age(card)
    return vault, card


def _records(vault: Path) -> list[Path]:
    undo = vault / ".netnotes/undo"
    return sorted(p for p in undo.iterdir() if p.is_dir()) if undo.exists() else []


@pytest.mark.parametrize("args", [["done", CAFE_NAME, "--note", "paid the invoice", "--kind", "call"],
                                  ["log", CAFE_NAME, "coffee: ideas"],
                                  ["followup", CAFE_NAME, "2026-12-01"]], ids=lambda a: a[0])
def test_a_card_whose_file_name_is_not_utf8_is_written_and_undone_byte_for_byte(tmp_path, args):
    vault, card = _cafe_vault(tmp_path)
    before = tree_hashes(vault)
    done = run_netnotes(args, vault=vault)
    assert done.returncode == 0, done.stderr
    written = card.read_bytes()
    assert written != CAFE_TEXT
    [record] = _records(vault)
    raw = (record / "change.json").read_bytes()
    saved = json.loads(raw.decode("utf-8"))  # valid UTF-8: the odd byte is a \udcXX escape
    assert "\\udce9" in raw.decode("utf-8")
    assert saved["files"][0][0] == os.fsdecode(CAFE) and saved["state"] == "done"
    listed = run_netnotes(["undo", "--list", "--json"], vault=vault)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["files"] == [os.fsdecode(CAFE)]
    undone = run_netnotes(["undo"], vault=vault)
    assert undone.returncode == 0, undone.stderr
    assert card.read_bytes() == CAFE_TEXT
    assert tree_hashes(vault) == before
    again = run_netnotes(["undo"], vault=vault)  # and the undo itself is kept, and undone, the same way
    assert again.returncode == 0, again.stderr
    assert card.read_bytes() == written


# ---- a record that cannot be saved: the card is not written, and no record folder is left ----
class _OS:
    """``os`` for netnotes.vault.history only, its Nth fsync failing as a dying disk does."""

    def __init__(self, fail_at: int) -> None:
        self.calls, self.fail_at = 0, fail_at

    def fsync(self, fd: int) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        os.fsync(fd)

    def __getattr__(self, name):
        return getattr(os, name)


# 1: the new record itself, 2: the card's previous bytes, 3: the record naming them
@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_a_record_that_cannot_be_saved_stops_the_write_and_leaves_no_folder(tmp_path, monkeypatch, fail_at):
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": "---\ntier: B\n---\n"})
    before = tree_hashes(vault)
    monkeypatch.setattr(history, "os", _OS(fail_at))
    result = run_cli(["done", "Ann Lee", "--note", "paid"], vault, today=TODAY)
    assert result.exit_code == 2
    assert one_line_error(result.stderr).endswith("Ann Lee.md: Input/output error; the card is unchanged")
    assert tree_hashes(vault) == before
    assert _records(vault) == []
    assert sorted(os.listdir(vault / ".netnotes/undo")) == [".gitignore"]
    monkeypatch.undo()
    assert run_cli(["done", "Ann Lee", "--note", "paid"], vault, today=TODAY).exit_code == 0  # then it works
    assert len(_records(vault)) == 1


FULL = r"""
import json, os, subprocess, sys
vault, undo, netnotes, ignore = sys.argv[1:5]
os.makedirs(undo, exist_ok=True)
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", undo], check=True)
if ignore == "yes":
    with open(os.path.join(undo, ".gitignore"), "w") as f:
        f.write("*\n")
try:
    with open(os.path.join(undo, "filler.bin"), "wb") as f:
        while True:
            f.write(b"x" * 1024)
            f.flush()
except OSError:
    pass
p = subprocess.run([netnotes, "--vault", vault, "log", "Ann Lee", "call: hi"], capture_output=True, text=True,
                   cwd=vault)
print(json.dumps({"code": p.returncode, "stderr": p.stderr, "undo": sorted(os.listdir(undo))}))
"""


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs `unshare -rm` to mount a tmpfs")
@pytest.mark.parametrize("ignore", ["yes", "no"], ids=["with .gitignore", "first record"])
def test_a_full_disk_under_the_undo_history_leaves_the_card_and_no_record(tmp_path, ignore):
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": "---\ntier: B\n---\n"})
    before = tree_hashes(vault)
    driver = tmp_path / "driver.py"
    driver.write_text(FULL)
    proc = subprocess.run(["unshare", "-rm", sys.executable, str(driver), str(vault), str(vault / ".netnotes/undo"),
                           str(NETNOTES), ignore], capture_output=True, text=True, timeout=60, env=user_env())
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["code"] == 2, out["stderr"]
    assert one_line_error(out["stderr"]) == ("error: cannot write People/Ann Lee.md: No space left on device; "
                                             "the card is unchanged")
    assert out["undo"] == ([".gitignore"] if ignore == "yes" else []) + ["filler.bin"]  # no folder, no empty file
    assert tree_hashes(vault) == before


LATE_CTRL_C = """
import os, sys
from pathlib import Path
from netnotes.vault import atomic
from netnotes.vault.history import change

root, way = Path(sys.argv[1]), sys.argv[2]
real = os.link if way == "create" else os.replace

def late(src, dst):  # the write lands, then Ctrl-C arrives before the next line runs
    real(src, dst)
    raise KeyboardInterrupt

setattr(os, "link" if way == "create" else "replace", late)
try:
    with change(root, "import"):
        if way == "create":
            atomic.create_new(root / "People/New One.md", b"---\\ntier: C\\n---\\n")
        else:
            atomic.atomic_write(root / "People/Ann Lee.md", b"---\\ntier: A\\n---\\nchanged\\n", keep=True)
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.parametrize("way", ["create", "replace"])
def test_ctrl_c_just_after_a_write_landed_puts_that_write_back_too(tmp_path, way):
    """The signal comes between the rename (or link) and the next line: the card is written,
    so it must be put back with the change, and no record be left."""
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": "---\ntier: B\n---\n"})
    before = all_hashes(vault)
    proc = subprocess.run([sys.executable, "-c", LATE_CTRL_C, str(vault), way], env=user_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130, proc.stderr
    assert all_hashes(vault) == before  # the card as it was (or gone, if it was new)
    assert history.changes(vault) == []  # and no record of a change that did not happen
