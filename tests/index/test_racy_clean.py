"""Racily clean files: on a filesystem with whole-second timestamps (here a real ext2 with small
inodes, mounted from a loop file), a same-size edit in the same second as a sync leaves size,
mtime and ctime as they were. The index must still see it, as git does: an mtime not safely
older than the sync is not trusted. Needs root (mount); skipped elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from conftest import write_vault
from netnotes.index.cache import open_synced
from netnotes.vault.handle import open_vault


@pytest.fixture()
def coarse(tmp_path):
    if not shutil.which("mke2fs"):
        pytest.skip("needs mke2fs (apt-get install e2fsprogs)")
    image, mnt = tmp_path / "fs.img", tmp_path / "mnt"
    mnt.mkdir()
    with open(image, "wb") as f:
        f.truncate(8 * 1024 * 1024)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-I", "128", str(image)], check=True, capture_output=True)
    made = subprocess.run(["mount", "-o", "loop", str(image), str(mnt)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("needs to mount a loop file system (run as root): " + made.stderr.decode(errors="replace").strip())
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _company(root) -> str:
    index, _ = open_synced(open_vault(str(root)))
    try:
        note = index.notes_at(["People/Ann.md"])[0]
        return note.props["company"]
    finally:
        index.close()


def test_a_same_size_edit_in_the_same_second_as_a_sync_is_seen(coarse):
    root = write_vault(coarse / "v", {"People/Ann.md": "---\ncompany: Alpha\n---\n"})
    card = root / "People/Ann.md"
    for attempt in range(10):
        while time.time() % 1 > 0.3:  # start early in a second: all three steps fit in it
            time.sleep(0.01)
        second = int(time.time())
        card.write_text("---\ncompany: Alpha\n---\n", encoding="utf-8")
        assert _company(root) == "Alpha"
        card.write_text("---\ncompany: Omega\n---\n", encoding="utf-8")  # same size, same second
        if int(time.time()) != second:
            continue  # the second ended meanwhile: the timestamps differ anyway, try again
        assert _company(root) == "Omega"
        assert _company(root) == "Omega"
        return
    pytest.skip("could not fit a sync and an edit into one second on this machine")
