"""Writing an edit: another writer's change survives, failures leave the card intact and say
why, the file's mode and symlinks are kept (netnotes.edit.write, netnotes.vault.atomic)."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import (
    NETNOTES, TODAY, age, can_mount_tmpfs, one_line_error, run_cli, run_netnotes, temps, tree_hashes, user_env, write_vault,
)
from netnotes.vault import atomic
from netnotes.edit.write import apply_edit
from netnotes.edit.spans import EditRefused, append_log, set_property
from netnotes.base.errors import NetnotesError

ANN = "---\ncompany: Acme  # since 2020\ntier: B\n---\n\n## Log\n- 2026-10-01 call: hello\n"
BEA = "---\ncompany: Beacon\n---\n\n## Log\n- 2026-09-01 coffee: hi\n"


@pytest.fixture
def vault(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN, "People/Bea Roy.md": BEA})
    monkeypatch.chdir(root)  # paths in messages are shown relative to the current folder
    return root


def _log_edit(text: str) -> str:
    return append_log(text, dt.date(2026, 11, 20), "call: asked how I can help")


# ---- another writer between read and write -------------------------------------------------
def test_a_change_saved_between_read_and_write_survives_and_the_edit_is_applied_again(tmp_path):
    path = tmp_path / "Ann.md"
    path.write_text(ANN)
    calls = []

    def edit(text: str) -> str:
        calls.append(text)
        if len(calls) == 1:  # another program saves the card while netnotes is editing it
            path.write_text(text.replace("tier: B", "tier: A"))
        return _log_edit(text)

    result = apply_edit(path, "Ann.md", edit)
    final = path.read_text()
    assert "tier: A" in final  # their change
    assert "- 2026-11-20 call: asked how I can help\n- 2026-10-01 call: hello" in final  # ours
    assert final == _log_edit(ANN.replace("tier: B", "tier: A"))
    assert len(calls) == 2 and result.after == final.encode()
    assert temps(tmp_path) == []


def test_a_same_size_change_with_the_old_mtime_is_still_noticed(tmp_path):
    path = tmp_path / "Ann.md"
    path.write_text(ANN)
    st = path.stat()
    seen = []

    def edit(text: str) -> str:
        seen.append(text)
        if len(seen) == 1:
            path.write_text(text.replace("Acme", "Amce"))  # same size
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old mtime
        return set_property(text, "tier", "A")

    apply_edit(path, "Ann.md", edit)
    assert path.read_text() == ANN.replace("Acme", "Amce").replace("tier: B", "tier: A")


def test_another_program_saving_by_rename_from_a_thread_is_not_clobbered(tmp_path):
    path = tmp_path / "Ann.md"
    path.write_text(ANN)
    read, saved = threading.Event(), threading.Event()

    def other_editor():  # saves the way editors do: a temp file renamed over the card
        read.wait(5)
        tmp = tmp_path / ".Ann.md.swp"
        tmp.write_text(ANN.replace("company: Acme", "company: Acme Ltd"))
        os.replace(tmp, path)
        saved.set()

    def edit(text: str) -> str:
        if not read.is_set():
            read.set()
            saved.wait(5)
        return set_property(text, "next_followup", dt.date(2026, 12, 1))

    thread = threading.Thread(target=other_editor)
    thread.start()
    apply_edit(path, "Ann.md", edit)
    thread.join()
    final = path.read_text()
    assert "company: Acme Ltd  # since 2020" in final and "next_followup: 2026-12-01" in final


def test_a_card_that_keeps_changing_is_not_written_and_the_error_says_so(tmp_path):
    path = tmp_path / "Ann.md"
    path.write_text(ANN)
    n = []

    def edit(text: str) -> str:
        n.append(1)
        path.write_text(ANN + f"changed {len(n)}\n")  # a program rewriting the card all the time
        return _log_edit(text)

    with pytest.raises(NetnotesError) as failed:
        apply_edit(path, "People/Ann.md", edit)
    assert "keeps changing" in failed.value.message and "nothing was written" in failed.value.message
    assert path.read_text() == ANN + f"changed {len(n)}\n"  # as the other program left it
    assert temps(tmp_path) == []


def test_netnotes_log_reapplies_its_entry_over_a_concurrent_change(vault, monkeypatch):
    from netnotes.edit import capture

    card = vault / "People/Ann Lee.md"
    real = capture.append_log
    raced = []

    def racing_append_log(text, *args, **kwargs):
        if not raced:
            raced.append(1)
            card.write_text(text.replace("tier: B", "tier: A"))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(capture, "append_log", racing_append_log)
    result = run_cli(["log", "Ann Lee", "coffee: ideas"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert card.read_text() == append_log(ANN.replace("tier: B", "tier: A"), dt.date(2026, 11, 20), "coffee: ideas")


# ---- failures in write, fsync, rename ------------------------------------------------------
class _OS:
    """``os`` with some functions replaced, for netnotes.vault.atomic only."""

    def __init__(self, **overrides):
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(os, name)


def _raise(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))
    return fail


class _FullDisk:
    """A file object whose writes fail as on a full disk."""

    def __init__(self, fd, *args, **kwargs):
        self.f = os.fdopen(fd, *args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self):
        self.f.flush()

    def fileno(self):
        return self.f.fileno()


class _Tempfile:
    def __init__(self, mkstemp):
        self.mkstemp = mkstemp


FAULTS = {
    "write": (lambda mp: mp.setattr(atomic, "os", _OS(fdopen=_FullDisk)), "No space left on device"),
    "fsync": (lambda mp: mp.setattr(atomic, "os", _OS(fsync=_raise(errno.EIO))), "Input/output error"),
    "rename": (lambda mp: mp.setattr(atomic, "os", _OS(replace=_raise(errno.EROFS))), "Read-only file system"),
    "temp file": (lambda mp: mp.setattr(atomic, "tempfile", _Tempfile(_raise(errno.EACCES))), "Permission denied"),
}
COMMANDS = {
    "log": ["log", "Ann Lee", "call: hi"],
    "followup": ["followup", "Ann Lee", "in 2 weeks"],
    "followup --clear": ["followup", "Bea Roy", "--clear"],
    "intro": ["intro", "Ann Lee", "Bea Roy"],
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_failed_write_leaves_the_card_intact_and_says_why(vault, monkeypatch, fault, command):
    (vault / "People/Bea Roy.md").write_text(BEA.replace("company", "next_followup: 2026-12-01\ncompany"))
    before = tree_hashes(vault)
    inject, reason = FAULTS[fault]
    inject(monkeypatch)
    result = run_cli(COMMANDS[command], vault, today=TODAY)
    assert result.exit_code == 2
    error = one_line_error(result.stderr)
    assert error.startswith("error: cannot write People/") and reason in error
    assert error.endswith("the card is unchanged")
    assert tree_hashes(vault) == before
    assert temps(vault) == []


def test_intro_puts_back_the_first_card_when_the_second_cannot_be_written(vault, monkeypatch):
    before = tree_hashes(vault)
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if str(dst).endswith("Bea Roy.md"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic, "os", _OS(replace=replace))
    result = run_cli(["intro", "Ann Lee", "Bea Roy"], vault, today=TODAY)
    assert result.exit_code == 2
    assert "cannot write People/Bea Roy.md: No space left on device" in one_line_error(result.stderr)
    assert tree_hashes(vault) == before  # Ann's entry was taken back
    assert temps(vault) == []


# ---- a real full disk and a real read-only folder (a tmpfs in a user namespace) -----------
DRIVER = r"""
import json, os, subprocess, sys
vault, people, card, mode = sys.argv[1:5]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", people], check=True)
path = os.path.join(people, "Ann Lee.md")
with open(path, "w") as f:
    f.write(card)
if mode == "full":
    try:
        with open(os.path.join(people, "filler.bin"), "wb") as f:
            while True:
                f.write(b"x" * 1024)
                f.flush()
    except OSError:
        pass
else:
    subprocess.run(["mount", "-o", "remount,ro", people], check=True)
out = {}
for name, args in [("log", ["log", "Ann Lee", "call: hi"]), ("add", ["add", "Cy Doe"])]:
    p = subprocess.run([sys.argv[5], "--vault", vault, *args], capture_output=True, text=True, cwd=vault)
    out[name] = [p.returncode, p.stderr]
out["card"] = open(path).read()
out["files"] = sorted(os.listdir(people))
print(json.dumps(out))
"""


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs `unshare -rm` to mount a tmpfs")
@pytest.mark.parametrize("mode, reason", [("full", "No space left on device"), ("ro", "Read-only file system")])
def test_a_full_disk_or_read_only_folder_leaves_the_card_intact(tmp_path, mode, reason):
    vault = write_vault(tmp_path / "v", {"People/Bea Roy.md": BEA})
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    proc = subprocess.run(["unshare", "-rm", sys.executable, str(driver), str(vault), str(vault / "People"),
                           ANN, mode, NETNOTES], capture_output=True, text=True, timeout=60,
                          env=user_env())
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    code, stderr = out["log"]
    assert code == 2
    assert one_line_error(stderr) == f"error: cannot write People/Ann Lee.md: {reason}; the card is unchanged"
    code, stderr = out["add"]
    assert code == 2 and one_line_error(stderr) == f"error: cannot create People/Cy Doe.md: {reason}"
    assert out["card"] == ANN
    assert [f for f in out["files"] if f != "filler.bin"] == ["Ann Lee.md"]  # no temp file left


# ---- mode and symlinks ---------------------------------------------------------------------
def test_the_file_mode_is_kept(vault):
    card = vault / "People/Ann Lee.md"
    card.chmod(0o640)
    assert run_cli(["log", "Ann Lee", "call: hi"], vault, today=TODAY).exit_code == 0
    assert run_cli(["followup", "Ann Lee", "2026-12-01"], vault, today=TODAY).exit_code == 0
    assert (card.stat().st_mode & 0o7777) == 0o640
    assert "next_followup: 2026-12-01" in card.read_text()


def test_a_symlinked_card_is_written_through_to_its_target(vault):
    target = vault / "Archive/ann-lee-2020.md"
    target.parent.mkdir()
    (vault / "People/Ann Lee.md").rename(target)
    link = vault / "People/Ann Lee.md"
    link.symlink_to(Path("../Archive/ann-lee-2020.md"))
    result = run_cli(["log", "Ann Lee", "call: through the link"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "../Archive/ann-lee-2020.md"
    assert "- 2026-11-20 call: through the link\n" in target.read_text()
    assert temps(vault) == []


def test_the_installed_program_reports_a_refused_edit_with_exit_4(vault):
    card = vault / "People/Ann Lee.md"
    card.write_text(ANN.replace("tier: B", "tier: &t B"))
    proc = run_netnotes(["followup", "Ann Lee", "--clear"], vault=vault)
    assert proc.returncode == 0 and "unchanged" in proc.stdout  # nothing to clear
    card.write_text(ANN.replace("tier: B", "next_followup: &t 2026-12-01"))
    before = card.read_bytes()
    proc = run_netnotes(["followup", "Ann Lee", "2027-01-01"], vault=vault)
    assert proc.returncode == 4
    assert one_line_error(proc.stderr) == ("error: People/Ann Lee.md: `next_followup` carries a YAML anchor, "
                                           "alias or tag; edit it by hand")
    assert card.read_bytes() == before


# ---- text a UTF-8 card cannot hold ---------------------------------------------------------
def test_an_edit_whose_text_is_not_utf8_is_refused_and_nothing_is_written(vault):
    card = vault / "People/Ann Lee.md"
    before = tree_hashes(vault)
    bad = os.fsdecode(b"caf\xe9")  # a Latin-1 byte, as Python holds it from argv or a file name
    with pytest.raises(EditRefused) as refused:
        apply_edit(card, "People/Ann Lee.md", lambda text: append_log(text, dt.date(2026, 11, 20), f"call: {bad}"))
    assert refused.value.message == ("People/Ann Lee.md: the new text has a byte that is not UTF-8 (0xE9) in "
                                     "`2026-11-20 call: caf?`, and a card is UTF-8 text; nothing was written")
    assert "pass the text as UTF-8" in refused.value.hint
    assert tree_hashes(vault) == before and temps(vault) == []
    assert not (vault / ".netnotes/undo").exists()  # no undo record either


@pytest.mark.parametrize("order", ["first", "second"])
def test_intro_to_a_card_whose_file_name_is_not_utf8_is_refused_on_both_cards(vault, order):
    """The link ``[[Caf\xe9]]`` cannot be written into a UTF-8 card: neither card changes, in
    either order (the first one written is put back)."""
    path = Path(os.fsdecode(os.fsencode(vault / "People") + b"/Caf\xe9.md"))
    path.write_bytes(b"---\ncompany: Bistro\n---\n")
    age(path)
    before = tree_hashes(vault)
    names = ["Ann Lee", os.fsdecode(b"Caf\xe9")]
    proc = run_netnotes(["intro", *(names if order == "first" else names[::-1]), "--today", "2026-11-20"],
                        vault=vault)
    assert proc.returncode == 4, proc.stderr
    assert one_line_error(proc.stderr) == (
        "error: People/Ann Lee.md: the new text has a byte that is not UTF-8 (0xE9) in `26-11-20 intro [[Caf?]]`, "
        "and a card is UTF-8 text; nothing was written")
    assert tree_hashes(vault) == before and temps(vault) == []
