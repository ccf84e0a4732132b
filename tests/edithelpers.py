"""Helpers for the edit and capture tests: vaults from a dict, the CLI in-process and as the
installed `netnotes` program, and snapshots of a folder's bytes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from netnotes.cli import cli

TODAY = dt.date(2026, 11, 20)  # a Friday
NETNOTES = str(Path(sys.executable).with_name("netnotes"))
TEMP_GLOB = "*.netnotes-tmp"


def write_vault(root: Path, files: dict[str, str | bytes], config: str | None = None) -> Path:
    """Each ``path -> text`` (str written as UTF-8 with no newline translation, bytes as they
    are) under ``root``, plus ``.netnotes/`` (and its config.toml when given)."""
    (root / ".netnotes").mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / ".netnotes" / "config.toml").write_text(config, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` except netnotes' own cache: path -> bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".netnotes/cache") or not path.is_file():
            continue
        out[rel] = path.read_bytes()
    return out


def temps(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(TEMP_GLOB))


def run(root: Path | str, *args: str, today: dt.date | None = TODAY, input: str | None = None,
        env: dict[str, str] | None = None) -> Any:
    """``netnotes --vault ROOT ARGS [--today TODAY]`` in-process; returns the CliRunner result."""
    argv = ["--vault", str(root), *args]
    if today is not None:
        argv += ["--today", today.isoformat()]
    return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False,
                              env={"COLUMNS": "80", "NO_COLOR": "1", **(env or {})})


def run_netnotes(root: Path | str, *args: str, input: str | None = None, env: dict[str, str] | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess:
    """The installed ``netnotes`` program, as a user runs it (no --today added)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(env or {})}
    full_env.pop("NETNOTES_VAULT", None)
    return subprocess.run([NETNOTES, "--vault", str(root), *args], input=input, capture_output=True,
                          text=True, env=full_env, timeout=timeout)


def one_line_error(stderr: str) -> str:
    """The ``error:`` line of a failed command, after checking there is no traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    return errors[0]
