"""Output that fits the terminal (issue 16): tables as wide as COLUMNS or the terminal, the
column asked about kept whole, wide characters aligned, names in collation order, colour by
`--color` and NO_COLOR, and long output paged on a terminal as git pages it.

The terminal cases run the installed program in tmux (a real terminal: its width, a pager that
waits for a key, colours on screen); they are skipped, saying how to install it, without tmux.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from wcwidth import width

from conftest import TODAY, run_netnotes, run_ok

BIN = Path(sys.executable).parent
WAIT = 60.0  # seconds a step may take on a loaded machine before the test gives up (never asserted on)

PEOPLE = {
    "People/Zoé Field.md": "---\ncompany: Field Landscaping and Garden Design Services\ntier: A\n---\n",
    "People/Émile Zola.md": "---\ncompany: Zola Literary Consulting International\ntier: B\n---\n",
    "People/Ahmed Yusuf.md": "---\ncompany: Yusuf Auto Repair and Body Shop Limited\ntier: A\n---\n",
    "People/李娜.md": "---\ncompany: 北京茶叶进出口有限公司\ntier: B\n---\n",
    "People/🎉 Party Pat.md": "---\ncompany: Confetti Events\ntier: C\n---\n",
    "People/Natalie Simard.md": ("---\ncompany: Simard & Associates Chartered Professional Accountants\n"
                                 "offers: [small-business bookkeeping and payroll]\nstage: trust\ntier: A\n---\n"),
}


def names_in(out: str) -> list[str]:
    return [line.split("  ")[0] for line in out.splitlines()[2:] if "  " in line]


# ---- width, order and colour, through a pipe ----------------------------------------------
def test_tables_fit_COLUMNS(make_vault) -> None:
    vault = make_vault(PEOPLE)
    for columns in (60, 100):
        out = run_ok(["list"], vault, today=TODAY, env={"COLUMNS": str(columns)}).stdout
        assert max(width(line) for line in out.splitlines()) <= columns, out
    assert "Yusuf Auto Repair and Body Shop Limited" in run_ok(["list"], vault, today=TODAY,
                                                               env={"COLUMNS": "100"}).stdout


def test_who_keeps_the_column_asked_about(make_vault) -> None:
    out = run_ok(["who", "bookkeeping"], make_vault(PEOPLE), today=TODAY, env={"COLUMNS": "80"}).stdout
    assert "small-business bookkeeping and payroll" in out and "Natalie Simard" in out
    assert "Chartered Professional Accountants" not in out  # the company gave way instead
    assert max(width(line) for line in out.splitlines()) <= 80


def test_wide_characters_stay_aligned(make_vault) -> None:
    out = run_ok(["list"], make_vault(PEOPLE), today=TODAY, env={"COLUMNS": "120"}).stdout
    lines = out.splitlines()
    tier_at = {width(line[:line.index(tier)]) for line in lines[2:]
               for tier in (" A ", " B ", " C ") if tier in line}
    assert len(tier_at) == 1, f"the tier column starts at one screen column:\n{out}"
    assert width(lines[0][:lines[0].index("tier")]) == tier_at.pop() + 1


def test_names_sort_by_collation_not_code_point(make_vault) -> None:
    out = run_ok(["list"], make_vault(PEOPLE), today=TODAY).stdout
    order = names_in(out)
    assert order.index("Émile Zola") < order.index("Natalie Simard") < order.index("Zoé Field") < order.index("李娜")


def test_color_option_and_NO_COLOR_through_a_pipe(make_vault) -> None:
    vault = make_vault(PEOPLE)
    always = run_netnotes(["--color", "always", "list", "--today", TODAY.isoformat()], vault=vault)
    assert always.returncode == 0 and "\x1b[1mname" in always.stdout  # even into a pipe, even with NO_COLOR
    for args, env in ((["list"], {"NO_COLOR": None}), (["--color", "never", "list"], {"NO_COLOR": None}),
                      (["--color", "auto", "list"], {"NO_COLOR": None})):
        proc = run_netnotes([*args, "--today", TODAY.isoformat()], vault=vault, env=env)
        assert proc.returncode == 0 and "\x1b[" not in proc.stdout and "Zoé Field" in proc.stdout
    bad = run_netnotes(["--color", "sometimes", "list"], vault=vault)
    assert bad.returncode == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in bad.stderr


def test_never_a_pager_when_stdout_is_not_a_terminal(make_vault, tmp_path) -> None:
    marker = tmp_path / "paged"
    proc = run_netnotes(["list", "--today", TODAY.isoformat()], vault=make_vault(PEOPLE),
                        env={"PAGER": f"touch {marker}; cat"})
    assert proc.returncode == 0 and "6 contacts" in proc.stdout and not marker.exists()


# ---- a real terminal ----------------------------------------------------------------------
class Terminal:
    """A bash in a tmux server of its own, ``columns`` x ``lines``, without COLUMNS or PAGER."""

    def __init__(self, home: Path, columns: int = 80, lines: int = 20, **env: str) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("tmux runs a real terminal for this test: install it (apt-get install tmux)")
        self.socket = str(home / "tmux.sock")
        full = {"HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "TERM": "xterm",
                "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PS1": "$ ", **env}
        if "PYTHONPATH" in os.environ:  # the netnotes this test process imports, when it is not the installed one
            full["PYTHONPATH"] = os.environ["PYTHONPATH"]
        self.tmux("new-session", "-d", "-x", str(columns), "-y", str(lines), "env", "-i",
                  *[f"{k}={v}" for k, v in full.items()], "bash", "--norc", "--noprofile", "-i")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], check=True, capture_output=True,
                              text=True).stdout

    def run(self, line: str) -> None:
        self.tmux("send-keys", "-l", line)
        self.tmux("send-keys", "Enter")

    def screen(self, styles: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-J", *(["-e"] if styles else []))

    def wait_for(self, what: str, styles: bool = False) -> str:
        """Poll the screen until ``what`` shows (a wait, not a measure)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            screen = self.screen(styles)
            if what in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what!r} never showed; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    made: list[Terminal] = []

    def make(columns: int = 80, lines: int = 20, **env: str) -> Terminal:
        t = Terminal(tmp_path, columns, lines, **env)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


def big_vault(make_vault) -> Path:
    """Forty people who need a web designer and forty web designers: hundreds of introductions."""
    files = {f"People/Needer {i:02}.md": "---\nneeds: [web designer]\ntier: A\n---\n" for i in range(40)}
    files.update({f"People/Designer {i:02}.md": "---\noffers: [web designer]\ntier: B\n---\n" for i in range(40)})
    return make_vault(files, name="big")


def need_less() -> None:
    if shutil.which("less") is None:
        pytest.skip("this test pages through less: install it (apt-get install less)")


def test_introductions_on_a_big_vault_are_paged(make_vault, terminal) -> None:
    need_less()
    vault = big_vault(make_vault)
    t = terminal(lines=15)
    t.run(f"netnotes --vault {vault} introductions --today {TODAY}; echo exit=$?")
    t.wait_for("Needer 00")
    screen = t.wait_for("\n:")  # less's prompt on the last line: the rest waits for a key
    assert "exit=" not in screen and len(screen.rstrip("\n").splitlines()) <= 15
    t.tmux("send-keys", "q")
    assert "exit=0" in t.wait_for("exit=")


def test_PAGER_is_used_and_no_pager_prints_straight(make_vault, terminal, tmp_path) -> None:
    vault = big_vault(make_vault)
    paged = tmp_path / "paged.txt"
    t = terminal(PAGER=f"cat > {paged}")
    t.run(f"netnotes --vault {vault} list --today {TODAY}; echo exit=$?")
    t.wait_for("exit=0")
    assert "80 contacts" in paged.read_text(encoding="utf-8")
    t.run(f"clear; netnotes --vault {vault} --no-pager list --today {TODAY}; echo done=$?")
    assert "80 contacts" in t.wait_for("done=0")


def test_tables_fit_the_terminal_without_COLUMNS(make_vault, terminal) -> None:
    vault = make_vault(PEOPLE)
    t = terminal(columns=60, lines=30)
    t.run(f"netnotes --vault {vault} --no-pager list --today {TODAY}; echo exit=$?")
    screen = t.wait_for("exit=0")
    table = screen[screen.index("name"):screen.index("6 contacts")].splitlines()
    assert table and max(width(line) for line in table) <= 60, screen


def test_colour_on_a_terminal_unless_NO_COLOR_or_never(make_vault, terminal) -> None:
    vault = make_vault(PEOPLE)
    t = terminal(lines=30)
    t.run(f"netnotes --vault {vault} --no-pager list --today {TODAY}; echo one=$?")
    assert "\x1b[1mname" in t.wait_for("one=0", styles=True)
    t.run(f"clear; NO_COLOR= netnotes --vault {vault} --no-pager list --today {TODAY}; echo empty=$?")
    assert "\x1b[1mname" in t.wait_for("empty=0", styles=True)  # an empty NO_COLOR is not set (no-color.org)
    for n, line in ((2, f"NO_COLOR=1 netnotes --vault {vault} --no-pager list"),
                    (3, f"netnotes --vault {vault} --color never --no-pager list")):
        t.run(f"clear; {line} --today {TODAY}; echo run{n}=$?")
        screen = t.wait_for(f"run{n}=0", styles=True)
        assert "Zoé Field" in screen and "\x1b[1m" not in screen, screen
