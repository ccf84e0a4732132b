"""Real git clones of one vault, with netnotes' merge driver set up as docs/team.md says."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import NETNOTES, user_env

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="needs git on PATH: apt-get install git")


def env() -> dict[str, str]:
    """A user's shell where `netnotes` is on PATH (git runs the driver by name) and git has
    an identity and no global config of the machine's."""
    return user_env(PATH=f"{NETNOTES.parent}{os.pathsep}{os.environ.get('PATH', '')}",
                    GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
                    GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                    GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env(), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {cwd}: {proc.stdout}{proc.stderr}")
    return proc


def nn(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(NETNOTES), "--vault", str(cwd), *args], cwd=cwd, env=env(), capture_output=True,
                          text=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc


NAMES = ("Ann", "Bob", "Cy", "Di")


def shared_vault(tmp: Path, files: dict[str, str], clones: int = 2) -> list[Path]:
    """A bare origin holding a vault of ``files`` (set up with `netnotes init --git`: the
    driver, per-person reviews and signed entries), and ``clones`` clones of it, each set up
    the same way, each a person of its own (``NAMES``: git's user.name)."""
    origin = tmp / "origin.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp / "seed"
    git(tmp, "clone", "-q", str(origin), str(seed))
    for rel, text in files.items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text, encoding="utf-8")
    nn(seed, "init", "--git")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "the vault")
    git(seed, "push", "-q", "origin", "HEAD:main")
    out = []
    for i in range(clones):
        clone = tmp / f"clone{i}"
        git(tmp, "clone", "-q", str(origin), str(clone))
        git(clone, "config", "user.name", NAMES[i])
        nn(clone, "init", "--git")
        out.append(clone)
    return out


def commit(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "--allow-empty", "-m", message)


def sync(clone: Path) -> bool:
    """Pull (merging with the driver) and push: False when the merge needs a person."""
    pulled = git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)
    if pulled.returncode != 0:
        return False
    git(clone, "push", "-q", "origin", "HEAD:main")
    return True
