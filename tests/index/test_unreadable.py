"""Unreadable cards and folders (permission denied) are errors, never silently missing notes.
Root reads everything, so the commands run as the user nobody (setpriv); skipped without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import NETNOTES, write_vault


@pytest.fixture()
def as_nobody():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("runs commands as the user nobody: needs root and setpriv (util-linux)")
    folder = Path(tempfile.mkdtemp(prefix="netnotes-nobody-"))
    os.chmod(folder, 0o755)

    def run(vault: Path, *args: str) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ["PATH"], "HOME": str(folder), "NO_COLOR": "1", "COLUMNS": "80"}
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(NETNOTES),
                               "--vault", str(vault), *args], env=env, capture_output=True, text=True)

    try:
        yield folder, run
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_unreadable_card_and_folder_are_errors_and_nothing_vanishes(as_nobody):
    folder, run = as_nobody
    vault = write_vault(folder / "v", {"People/Ann.md": "---\nname: Ann\n---\n",
                                       "People/Bo.md": "---\nname: Bo\n---\n",
                                       "Clients/Cy.md": "---\ntype: contact\nname: Cy\n---\n"})
    subprocess.run(["chown", "-R", "65534:65534", str(vault)], check=True)
    if run(vault, "list").returncode != 0:
        pytest.skip("the user nobody cannot run the installed netnotes here")
    assert "Cy" in run(vault, "list").stdout
    os.chmod(vault / "People/Ann.md", 0)
    os.chmod(vault / "Clients", 0)
    done = run(vault, "validate")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "People/Ann.md: error[unreadable] this file cannot be read" in done.stdout
    assert "Clients: error[unreadable] this folder cannot be read" in done.stdout
    listed = run(vault, "list")
    assert "cannot be read (permission denied)" in listed.stderr
    assert "Ann" in listed.stdout and "Cy" in listed.stdout  # their last indexed versions, not vanished
    os.chmod(vault / "People/Ann.md", 0o644)
    os.chmod(vault / "Clients", 0o755)
    again = run(vault, "validate")
    assert again.returncode == 0 and "unreadable" not in again.stdout
