"""Shell completion in the real shells (issue 16): each installed shell runs interactively in
tmux, the test types a prefix and Tab, then runs the completed command line. A name with a
space, an accent or an apostrophe must complete so that the command then works; a prefix
typed without accents completes the accented name; option values (groups, tiers, tags,
stages) complete too. A shell that is not installed is skipped, saying how to install it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli

PEOPLE = {
    "People/Sam Lee.md": "---\ncompany: Lee Law\ntier: A\ntags: [lawyer]\ngroups: [\"[[Ottawa Chamber]]\"]\n---\n",
    "People/Hélène Côté.md": "---\ncompany: Côté Coaching\ntier: B\n---\n",
    "People/Kevin O'Brien.md": "---\ncompany: Bytown Beans\ntier: B\n---\n",
    "Groups/Ottawa Chamber.md": "---\ntype: group\n---\n",
}
BIN = Path(sys.executable).parent
SOURCE = {  # how each shell loads the completion script (docs/cli.md says the same)
    "bash": 'eval "$(_NETNOTES_COMPLETE=bash_source netnotes)"',
    "zsh": 'autoload -Uz compinit && compinit -u && eval "$(_NETNOTES_COMPLETE=zsh_source netnotes)"',
    "fish": "env _NETNOTES_COMPLETE=fish_source netnotes | source",
}
START = {"bash": ["bash", "--norc", "--noprofile", "-i"], "zsh": ["zsh", "-f", "-i"],
         "fish": ["fish", "--no-config", "-i"]}
STATUS = {"bash": "$?", "zsh": "$?", "fish": "$status"}
WAIT = 60.0  # seconds a step may take on a loaded machine before the test gives up (never asserted on)


class Terminal:
    """One interactive shell in a tmux server of its own."""

    def __init__(self, shell: str, home: Path) -> None:
        self.socket = str(home / "tmux.sock")
        env = {"HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "TERM": "xterm",
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "1", "PS1": "$ ",
               "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
        args = [f"{k}={v}" for k, v in env.items()]
        self.tmux("new-session", "-d", "-x", "200", "-y", "50", "env", "-i", *args, *START[shell])
        self.shell = shell

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], check=True, capture_output=True,
                              text=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J")

    def type(self, text: str, *keys: str) -> None:
        self.tmux("send-keys", "-l", text)
        for key in keys:
            self.tmux("send-keys", key)

    def wait_for(self, what: str) -> str:
        """Poll the screen until ``what`` shows (a wait, not a measure)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            screen = self.screen()
            if what in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what!r} never showed; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


def _need(shell: str) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux drives the shells in this test: install it (apt-get install tmux)")
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed: install it (apt-get install {shell}) to test its completion")


@pytest.fixture(params=["bash", "zsh", "fish"])
def terminal(request, tmp_path):
    _need(request.param)
    home = tmp_path / "home"
    home.mkdir()
    t = Terminal(request.param, home)
    try:
        t.type(SOURCE[request.param] + "; echo READY-$((1+1))" if request.param != "fish"
               else SOURCE["fish"] + "; echo READY-(math 1+1)", "Enter")
        t.wait_for("READY-2")
        yield t
    finally:
        t.close()


def _complete_then_run(t: Terminal, vault: Path, out: Path, pieces: list[tuple[str, str]], rest: str) -> str:
    """Type each (text, what the screen shows once Tab completed it), then ``rest`` and Enter;
    the command's output goes to ``out``, and its exit status is returned."""
    t.type(f"cd {vault}; clear", "Enter")
    for text, shown in pieces:
        t.type(text, "Tab")
        t.wait_for(shown)
    status = out.with_suffix(".status")
    t.type(f"{rest} > {out} 2>&1; echo {STATUS[t.shell]} > {status}", "Enter")
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not (status.exists() and status.read_text().strip()):
        time.sleep(0.2)
    assert status.exists(), t.screen()
    return status.read_text().strip()


@pytest.mark.parametrize("typed, shown, company", [
    ("Sa", "Lee", "Lee Law"),  # a space in the name
    ("hel", "Côté", "Côté Coaching"),  # typed without accents
    ("kev", "Brien", "Bytown Beans"),  # an apostrophe
])
def test_a_completed_name_runs(terminal, make_vault, tmp_path, typed, shown, company):
    if terminal.shell == "fish" and typed == "hel":
        typed = "Hél"  # fish filters candidates by the typed text itself, and does not fold accents
    vault = make_vault(PEOPLE)
    assert run_cli(["index"], vault).exit_code == 0  # completion reads the index, never builds it
    out = tmp_path / "out.txt"
    status = _complete_then_run(terminal, vault, out, [(f"netnotes show {typed}", shown)], " --today 2026-11-20")
    assert status == "0", (out.read_text(encoding="utf-8"), terminal.screen())
    assert company in out.read_text(encoding="utf-8")


def test_option_values_complete(terminal, make_vault, tmp_path):
    vault = make_vault(PEOPLE)
    assert run_cli(["index"], vault).exit_code == 0
    out = tmp_path / "out.txt"
    pieces = [("netnotes list --group otta", "Chamber"), (" --stage li", "like"), (" --tier a", "--tier A"),
              (" --tag law", "lawyer")]
    status = _complete_then_run(terminal, vault, out, pieces, " --today 2026-11-20 --json")
    text = out.read_text(encoding="utf-8")
    assert status in ("0", "1"), (text, terminal.screen())  # 1: no contact is at stage like
    assert "Traceback" not in text and "Usage" not in text, text
