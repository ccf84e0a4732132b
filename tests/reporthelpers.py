"""Helpers for the report tests: small vaults from a dict, cards from keyword arguments,
and the CLI run the way a user runs it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from netnotes.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-vault"
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = dt.date(2026, 11, 20)  # a Friday, in ISO week 2026-W47


def write_vault(root: Path, files: dict[str, str], config: str | None = None) -> Path:
    """Write each ``path -> text`` under ``root`` (and ``.netnotes/config.toml``); return root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".netnotes").mkdir(exist_ok=True)
    if config is not None:
        (root / ".netnotes" / "config.toml").write_text(config, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a double-quoted YAML string


def card(*log: str, body: str = "", **props: Any) -> str:
    """A contact card: front matter from ``props`` (``met_at="[[X]]"`` etc.), then the log lines."""
    front = "".join(f"{k}: {_yaml(v)}\n" for k, v in props.items())
    text = f"---\n{front}---\n{body}\n"
    if log:
        text += "\n## Log\n" + "".join(f"- {line}\n" for line in log)
    return text


def note(**props: Any) -> str:
    """A group or event note (front matter only)."""
    return card(**props)


def session_of(root: Path):
    """Open the vault and sync its index, as every command does."""
    from netnotes.vault.handle import open_vault
    from netnotes.index.session import load_session

    return load_session(open_vault(str(root)))


def run(root: Path | str, *args: str, today: dt.date | None = TODAY) -> Any:
    """``netnotes --vault ROOT ARGS --today TODAY``; returns the CliRunner result."""
    argv = ["--vault", str(root), *args]
    if today is not None:
        argv += ["--today", today.isoformat()]
    # an 80-column terminal, whatever the one running the tests
    env = {"COLUMNS": "80", "NO_COLOR": "1", "NETNOTES_VAULT": None}
    return CliRunner().invoke(cli, argv, catch_exceptions=False, env=env)


def run_json(root: Path | str, *args: str, today: dt.date | None = TODAY) -> Any:
    result = run(root, *args, "--json", today=today)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def copy_sample(dest: Path) -> Path:
    """A private copy of sample-vault without its index cache."""
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("cache"))
    return dest


def followup_rows(data: Any) -> list[dict]:
    """The follow-ups of `followups --json` (a list, or the "followups" key of an object)."""
    return data["followups"] if isinstance(data, dict) else data


def names(rows: list[dict], key: str = "name") -> list[str]:
    return [r[key] for r in rows]
