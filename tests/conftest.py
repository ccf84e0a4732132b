"""What every test shares: one vault builder, one in-process runner, one real-process runner.

Where a test lives (tests mirror the package, as MkDocs' do):

- ``tests/<layer>/test_<module>.py``: what one module of ``netnotes/<layer>/`` owns, whether
  the test calls it directly or reads its answer through a command (``tests/notes/test_log.py``
  for ``netnotes/notes/log.py``); a module with many tests has ``test_<module>_<topic>.py`` too;
- ``tests/cli/test_<group>.py``: what the command layer adds (text output, exit codes,
  messages and hints, options), grouped as docs/cli.md groups the commands: vault, queries,
  reports, capture, exchange;
- ``tests/e2e/test_<what>.py``: the installed program in a real process, and workflows over
  several commands, each file named after what it drives.

Data: ``tests/fixtures/`` (files to import), ``tests/corpus/`` (broken cards) and
``tests/golden/`` (expected report outputs). Each subfolder is a package (it has an
``__init__.py``), so two test files may share a name; ``tests/`` itself is not, so
``from conftest import ...`` works from every folder.

Card text stays inline in each test; these helpers only write it to disk and run commands:

- ``write_vault(root, files, config=, marker=)`` and the ``make_vault(files, config=, name=)``
  fixture: a vault from ``{relative path: text or bytes}``; ``copy_sample(dest)``: a private
  copy of sample-vault;
- ``run_cli(args, vault, today=, env=, input=, expect_error=)``: a command in-process, the one
  Click runner (``run_ok`` and ``run_json`` add "it must succeed");
- ``run_netnotes(args, cwd, vault=, env=, input=, timeout=)``: the installed program in a real
  process, with the environment ``user_env()`` (which the tests that need a terminal or
  several processes at once pass to ``subprocess`` themselves);
- ``tree_hashes``, ``temps``: what is on disk; ``parse``, ``codes``, ``where``: one card parsed;
  ``card``, ``note``: card text from keyword arguments (the report tests);
- the ``browser`` fixture: one headless Chromium for the session, and ``browser.new_page``,
  which records console errors, dialogs and requests that left (tests/browser.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from netnotes.notes.note import Note, parse_note
from netnotes.vault.config import Config

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SAMPLE = ROOT / "sample-vault"
FIXTURES = TESTS / "fixtures"
CORPUS = TESTS / "corpus" / "broken"
GOLDEN = TESTS / "golden"
NETNOTES = Path(sys.executable).parent / "netnotes"  # the installed entry point
TODAY = dt.date(2026, 11, 20)  # a Friday, in ISO week 2026-W47
TEMP_GLOB = "*.netnotes-tmp"  # netnotes' temporary files (netnotes.vault.atomic)


# ---- vaults -------------------------------------------------------------------------------
def write_vault(root: Path, files: dict[str, str | bytes] | None = None, config: str | None = None,
                marker: bool = True) -> Path:
    """Write each ``path -> text or bytes`` under ``root`` exactly as given (text as UTF-8, no
    newline translation), plus ``.netnotes/`` and, when given, its ``config.toml``.

    ``marker=False`` leaves out ``.netnotes/``: a folder of notes that is not a vault yet."""
    root.mkdir(parents=True, exist_ok=True)
    if marker or config is not None:
        (root / ".netnotes").mkdir(exist_ok=True)
    if config is not None:
        (root / ".netnotes" / "config.toml").write_text(config, encoding="utf-8")
    for rel, content in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        age(path)
    return root


def age(path: Path, seconds: float = 3600) -> None:
    """Date a file ``seconds`` back, as the cards of a real vault are: a file written this very
    moment is one the index does not trust its stat for yet (``index.sync.RACY_NS``), and an
    edit waits for it to be quiet (``edit.write.QUIET``)."""
    when = time.time() - seconds
    os.utime(path, (when, when), follow_symlinks=False)


@pytest.fixture(scope="session")
def browser() -> Any:
    """One headless Chromium (Debian's, driven by Playwright) for the session: tests/browser.py."""
    import browser as _browser
    yield from _browser.launch()


@pytest.fixture
def make_vault(tmp_path: Path) -> Callable[..., Path]:
    """``make_vault({"People/Ann.md": "---\\n...", ...})`` -> the vault folder (with ``.netnotes/``).

    ``config=`` writes ``.netnotes/config.toml``; ``name=`` picks the folder under tmp_path."""

    def make(files: dict[str, str | bytes] | None = None, config: str | None = None, name: str = "vault") -> Path:
        return write_vault(tmp_path / name, files, config)

    return make


def copy_sample(dest: Path) -> Path:
    """A private copy of sample-vault without its index cache: nothing is written into the checkout."""
    shutil.copytree(SAMPLE, dest, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    for path in dest.rglob("*"):
        if path.is_file():
            age(path)
    return dest


# ---- running netnotes ---------------------------------------------------------------------
def run_cli(args: list[str], vault: Path | str | None = None, *, today: dt.date | str | None = None,
            env: dict[str, str | None] | None = None, input: str | None = None,
            expect_error: bool = False) -> Result:
    """``netnotes [--vault VAULT] ARGS [--today TODAY]`` through Click's runner, on an 80-column
    terminal without colour.

    With ``expect_error=False`` an exception escapes (NETNOTES_DEBUG=1: a bug shows its traceback
    in the test); ``env`` values of None unset a variable."""
    argv = (["--vault", str(vault)] if vault is not None else []) + list(args)
    if today is not None:
        argv += ["--today", today if isinstance(today, str) else today.isoformat()]
    full_env: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "80", "NETNOTES_DEBUG": "1",
                                       "NETNOTES_VAULT": None}
    full_env.update(env or {})
    from netnotes.cli import cli

    return CliRunner().invoke(cli, argv, input=input, catch_exceptions=expect_error, env=full_env)


def run_ok(args: list[str], vault: Path | str | None = None, **kwargs: Any) -> Result:
    """``run_cli`` of a command that must succeed (exit status 0)."""
    result = run_cli(args, vault, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def run_json(args: list[str], vault: Path | str | None = None, **kwargs: Any) -> Any:
    """``run_cli`` of a command that must succeed; its stdout read as JSON."""
    return json.loads(run_ok(args, vault, **kwargs).stdout)


def diagnostics_json(vault: Path, *extra: str) -> list[dict]:
    """``netnotes validate --format json`` as a list of dicts."""
    result = run_cli(["validate", "--format", "json", *extra], vault)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def user_env(**overrides: str | None) -> dict[str, str]:
    """The environment of a user's shell: this one without netnotes' own variables, with no
    colour and 80 columns; an override of None unsets a variable."""
    env = {k: v for k, v in os.environ.items() if k not in ("NETNOTES_VAULT", "NETNOTES_DEBUG")}
    env.update(NO_COLOR="1", COLUMNS="80")
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_netnotes(args: list[str], cwd: Path | None = None, *, vault: Path | None = None,
                 env: dict[str, str | None] | None = None, input: str | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess:
    """The installed ``netnotes`` script in a real process, as a user's shell runs it
    (``user_env`` plus ``env``); ``vault`` adds ``--vault VAULT``, ``cwd=None`` keeps this one."""
    argv = [str(NETNOTES), *(["--vault", str(vault)] if vault is not None else []), *args]
    return subprocess.run(argv, cwd=cwd, env=user_env(**(env or {})), input=input, capture_output=True,
                          text=True, errors="replace", timeout=timeout)


def can_mount_tmpfs() -> bool:
    """True when this user may mount a tmpfs in a user and mount namespace of its own (the
    tests of a full disk mount a tiny one with ``unshare -rm``)."""
    import tempfile

    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        try:
            return subprocess.run(["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", folder],
                                  capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False


def one_line_error(stderr: str) -> str:
    """The ``error:`` line of a failed command, after checking there is no traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    return errors[0]


# ---- what is on disk ----------------------------------------------------------------------
def tree_hashes(root: Path, skip_cache: bool = True) -> dict[str, str]:
    """sha256 of every file under root (the index cache and the undo history, netnotes' own
    state, excluded): to prove nothing of the user's was written."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if skip_cache and rel.startswith((".netnotes/cache", ".netnotes/undo")):
            continue
        if p.is_file() and not p.is_symlink():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def temps(root: Path) -> list[str]:
    """netnotes' temporary files left under root."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(TEMP_GLOB))


# ---- cards, pages and rows ---------------------------------------------------------------
def parse(text: str | bytes, rel: str = "People/Ann Lee.md", config: Config | None = None) -> Note:
    """One card parsed exactly as the vault reader parses it."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_note(rel, data, config or Config())


def codes(note: Note) -> list[str]:
    return [d.code for d in note.diagnostics]


def where(note: Note, code: str) -> list[tuple[int, int]]:
    """(line, col) of each diagnostic with this code."""
    return [(d.line, d.col) for d in note.diagnostics if d.code == code]


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


def names(rows: list[dict], key: str = "name") -> list[str]:
    return [r[key] for r in rows]


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {r["name"]: r for r in rows}


def section(page: str, heading: str) -> str:
    """The body of one ``## heading`` section of a page (up to the next one)."""
    start = page.index(f"## {heading}\n") + len(heading) + 4
    nxt = page.find("\n## ", start)
    return page[start:] if nxt < 0 else page[start:nxt + 1]
