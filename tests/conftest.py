"""Shared helpers for the foundation tests: vaults built from a dict, the CLI run as a user runs it.

Card text stays inline in each test; these helpers only write it to disk and run commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from netnotes.notes.note import Note, parse_note
from netnotes.vault.config import Config

ROOT = Path(__file__).resolve().parent.parent
NETNOTES = Path(sys.executable).parent / "netnotes"  # the installed entry point


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write each ``path -> text or bytes`` under ``root``, exactly as given (no newline fixing)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture
def make_vault(tmp_path: Path) -> Callable[..., Path]:
    """``make_vault({"People/Ann.md": "---\\n...", ...})`` -> the vault folder (with ``.netnotes/``).

    ``config=`` writes ``.netnotes/config.toml``; ``name=`` picks the folder under tmp_path."""

    def make(files: dict[str, str | bytes] | None = None, config: str | None = None, name: str = "vault") -> Path:
        root = tmp_path / name
        (root / ".netnotes").mkdir(parents=True, exist_ok=True)
        if config is not None:
            (root / ".netnotes" / "config.toml").write_text(config, encoding="utf-8")
        return write_files(root, files or {})

    return make


def run_cli(args: list[str], vault: Path | None = None, expect_error: bool = False,
            env: dict[str, str | None] | None = None) -> Result:
    """``netnotes [--vault VAULT] ARGS`` through Click's runner, without colour.

    With ``expect_error=False`` an exception escapes (a bug shows its traceback in the test)."""
    argv = (["--vault", str(vault)] if vault is not None else []) + list(args)
    full_env: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "100", "NETNOTES_DEBUG": "1",
                                       "NETNOTES_VAULT": None}
    full_env.update(env or {})
    from netnotes.cli import cli

    return CliRunner().invoke(cli, argv, catch_exceptions=expect_error, env=full_env)


def run_json(args: list[str], vault: Path) -> list | dict:
    result = run_cli(args, vault)
    return json.loads(result.stdout)


def diagnostics_json(vault: Path, *extra: str) -> list[dict]:
    """``netnotes validate --format json`` as a list of dicts."""
    result = run_cli(["validate", "--format", "json", *extra], vault)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def run_netnotes(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 30) -> subprocess.CompletedProcess:
    """The installed ``netnotes`` script in a real process, as a user's shell runs it."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NETNOTES_VAULT", "NETNOTES_DEBUG")}
    full_env["NO_COLOR"] = "1"
    full_env.update(env or {})
    return subprocess.run([str(NETNOTES), *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, errors="replace", timeout=timeout)


def parse(text: str | bytes, rel: str = "People/Ann Lee.md", config: Config | None = None) -> Note:
    """One card parsed exactly as the vault reader parses it."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_note(rel, data, config or Config())


def codes(note: Note) -> list[str]:
    return [d.code for d in note.diagnostics]


def where(note: Note, code: str) -> list[tuple[int, int]]:
    """(line, col) of each diagnostic with this code."""
    return [(d.line, d.col) for d in note.diagnostics if d.code == code]


def tree_hashes(root: Path, skip_cache: bool = True) -> dict[str, str]:
    """sha256 of every file under root (the index cache excluded): to prove nothing was written."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if skip_cache and rel.startswith(".netnotes/cache"):
            continue
        if p.is_file() and not p.is_symlink():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
