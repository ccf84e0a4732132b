"""The command layer as a whole (netnotes.cli): every command has help text and a section in
docs/cli.md (as sqlite-utils does), and `--help` stays instant. The examples of docs/cli.md
are run by test_docs_examples.py."""

import click
import pytest

from conftest import ROOT
from netnotes.cli import cli

DOCS = ROOT / "docs"


def _commands() -> list[tuple[str, click.Command]]:
    return sorted(cli.commands.items())


@pytest.mark.parametrize("name,command", _commands())
def test_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, f"`netnotes {name}` has no help text"
    assert "Example" in command.help, f"`netnotes {name}` help has no example"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"`netnotes {name} {param.opts[0]}` has no help text"


@pytest.mark.parametrize("name,command", _commands())
def test_command_is_documented(name: str, command: click.Command) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert f"## netnotes {name}" in text, f"docs/cli.md has no section for `netnotes {name}`"


def test_help_is_instant_without_heavy_imports() -> None:
    import subprocess
    import sys

    code = ("import sys, netnotes.cli as c; "
            "heavy = [m for m in ('yaml', 'frontmatter', 'jinja2', 'sqlite3', 'watchdog', 'rapidfuzz') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"netnotes.cli imports heavy modules at start-up: {out.stdout}"
