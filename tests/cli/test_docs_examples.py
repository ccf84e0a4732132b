"""docs/cli.md's examples, run as written (issue 16): a reader copies them into a shell, so a
block that no longer prints what it says is a bug in the docs or in netnotes.

An example is a fenced block whose first line starts with ``$ ``. Its ``$ `` lines run one
after another in one bash process, in a fresh copy of sample-vault (the current folder), with
the installed ``netnotes`` first on PATH, ``user_env()`` (no colour, 80 columns), ``HOME`` a
temporary folder and no ``NETNOTES_VAULT``, ``VISUAL`` or ``EDITOR``. What each command writes
(standard output and error together, in the order a terminal shows them) must be the lines
under it, up to the next ``$ `` line; a line ``...`` (indented or not) stands for any number
of lines, and trailing blanks are ignored. A here-document (``cat > all.vcf <<'EOF'``)
belongs to the command that opens it, so a block can write the files it needs.

The HTML comment on the line before the fence may say how the block runs:

- ``<!-- not run: WHY -->``: it cannot run as written (it runs until Ctrl-C, shows the
  clock's time); WHY says so to the next reader, and the test is skipped with it;
- ``<!-- run with: SHOWN = REAL; ... -->``: the docs show a placeholder, SHOWN (``~/Notes``,
  ``/home/dana``), for REAL (``$HOME``; ``$VAULT`` is the copy of sample-vault): SHOWN is
  replaced by REAL in the commands, and REAL, when it expands to a path, by SHOWN in what
  they print.

Any other comment there fails the test, and so does a block that prints something else.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import NETNOTES, ROOT, copy_sample, user_env

DOC = ROOT / "docs" / "cli.md"
NOT_RUN = re.compile(r"<!-- not run: (?P<why>\S.*?) -->")
RUN_WITH = re.compile(r"<!-- run with: (?P<pairs>\S.*?) -->")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<word>\w+)\1")
ELISION = "..."
TIMEOUT = 30  # seconds for one block: far more than any needs; a block that hangs fails


@dataclass(frozen=True)
class Step:
    """One ``$ `` command (with its here-document lines) and the lines the docs show under it."""

    command: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """One example block: where it is, its steps, and the comment before its fence."""

    line: int  # of the opening fence, 1-based
    steps: tuple[Step, ...]
    comment: str

    @property
    def not_run(self) -> str | None:
        found = NOT_RUN.fullmatch(self.comment)
        return found["why"] if found else None

    @property
    def substitutions(self) -> tuple[tuple[str, str], ...]:
        found = RUN_WITH.fullmatch(self.comment)
        if not found:
            return ()
        pairs = [p.split("=", 1) for p in found["pairs"].split(";")]
        assert all(len(p) == 2 for p in pairs), f"docs/cli.md:{self.line - 1}: write `run with: SHOWN = REAL; ...`"
        return tuple((shown.strip(), real.strip()) for shown, real in pairs)


def _steps(lines: list[str]) -> tuple[Step, ...]:
    steps: list[tuple[list[str], list[str]]] = []
    heredoc: str | None = None
    for line in lines:
        if heredoc is not None:  # inside a here-document: part of the command
            steps[-1][0].append(line)
            if line.strip() == heredoc:
                heredoc = None
        elif line.startswith("$ "):
            steps.append(([line[2:]], []))
            opened = HEREDOC.search(line)
            heredoc = opened["word"] if opened else None
        else:
            steps[-1][1].append(line)
    return tuple(Step("\n".join(cmd), tuple(out)) for cmd, out in steps)


def examples(text: str) -> list[Example]:
    """Every example block of a Markdown text, in order."""
    lines = text.splitlines()
    found: list[Example] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), len(lines))
            body = lines[i + 1:end]
            if body and body[0].startswith("$ "):
                comment = lines[i - 1].strip() if i and lines[i - 1].startswith("<!--") else ""
                found.append(Example(i + 1, _steps(body), comment))
            i = end
        i += 1
    return found


EXAMPLES = examples(DOC.read_text(encoding="utf-8"))


def matches(actual: list[str], expected: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` with each ``...`` line standing for any lines."""
    if not expected:
        return not actual
    if expected[0].strip() == ELISION:
        return any(matches(actual[k:], expected[1:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(actual[1:], expected[1:])


def _trim(lines: list[str] | tuple[str, ...]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def _script(example: Example, marks: list[str]) -> str:
    """The block as one bash script: each step after a line that marks where its output starts
    (the mark keeps the status of the step before it, for an ``echo $?``)."""
    lines = ["exec 2>&1", "__mark() { local status=$?; printf '\\n%s\\n' \"$1\"; return $status; }"]
    for mark, step in zip(marks, example.steps):
        command = step.command
        for shown, real in example.substitutions:
            command = command.replace(shown, real)
        lines += [f"__mark {mark}", command]
    return "\n".join(lines)


def _bash(script: str, cwd: Path, env: dict[str, str], line: int) -> str:
    """What the script printed; a block still running after TIMEOUT is killed with all it started."""
    with subprocess.Popen(["bash", "-c", script], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                          start_new_session=True) as bash:
        try:
            return bash.communicate(timeout=TIMEOUT)[0]
        except subprocess.TimeoutExpired:
            os.killpg(bash.pid, signal.SIGKILL)
            bash.communicate()
            pytest.fail(f"docs/cli.md:{line}: the block still ran after {TIMEOUT} s; if it cannot end "
                        "(it waits for an editor, or for Ctrl-C), say so: <!-- not run: WHY -->")


def run_example(example: Example, tmp_path: Path) -> list[tuple[Step, list[str]]]:
    """Each step of the block with the lines it printed, run in one bash in a sample vault."""
    vault = copy_sample(tmp_path / "sample-vault")
    home = tmp_path / "home"
    home.mkdir()
    marks = [f"@@netnotes-docs-step-{n}@@" for n in range(len(example.steps))]
    env = user_env(HOME=str(home), VAULT=str(vault), VISUAL=None, EDITOR=None, PAGER=None,
                   PYTHONUNBUFFERED="1",  # stdout and stderr in the order a terminal shows them
                   PATH=f"{NETNOTES.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    out = _bash(_script(example, marks), vault, env, example.line)
    for shown, real in example.substitutions:
        expanded = re.sub(r"\$(\w+)", lambda m: env.get(m[1], m[0]), real)
        if os.path.isabs(expanded):
            out = out.replace(expanded, shown)
    printed: list[list[str]] = []
    rest = out
    for mark, step in zip(marks, example.steps):
        before, found, rest = rest.partition(f"\n{mark}\n")
        assert found, f"docs/cli.md:{example.line}: bash stopped before `$ {step.command}`:\n{out}"
        if printed:
            printed[-1] = before.split("\n")
        printed.append([])
    printed[-1] = rest.split("\n")
    return list(zip(example.steps, printed))


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_the_example_prints_what_the_docs_say(example: Example, tmp_path: Path) -> None:
    if example.not_run is not None:
        pytest.skip(f"docs/cli.md:{example.line}: not run: {example.not_run}")
    assert not example.comment or example.substitutions, \
        f"docs/cli.md:{example.line - 1}: `{example.comment}` is neither `<!-- not run: WHY -->` nor `<!-- run with: ... -->`"
    for step, lines in run_example(example, tmp_path):
        actual, expected = _trim(lines), _trim(step.expected)
        assert matches(actual, expected), (
            f"docs/cli.md:{example.line}: `$ {step.command}` printed\n" + "\n".join(actual)
            + "\n---- the docs say ----\n" + "\n".join(expected))


def test_the_examples_are_found_and_few_are_not_run() -> None:
    assert len(EXAMPLES) >= 30
    not_run = [e for e in EXAMPLES if e.not_run is not None]
    assert len(not_run) <= 5, [f"line {e.line}: {e.not_run}" for e in not_run]


@pytest.mark.parametrize("actual,expected,ok", [
    (["a", "b", "c"], ["a", "...", "c"], True),
    (["a", "c"], ["a", "...", "c"], True),
    (["a", "b"], ["a", "...", "c"], False),
    (["a", "b", "c", "d"], ["...", "d"], True),
    (["a"], ["a", "b"], False),
    ([], ["..."], True),
])
def test_an_elision_stands_for_any_lines(actual, expected, ok):
    assert matches(actual, expected) is ok


def test_a_here_document_belongs_to_its_command_and_a_comment_before_the_fence_is_read():
    text = ("<!-- run with: ~/Notes = $VAULT -->\n```\n$ cat > a.txt <<'EOF'\n$ not a command\nEOF\n"
            "$ cat a.txt\nx\n```\n<!-- not run: waits -->\n```\n$ netnotes watch\n```\n"
            "```toml\n[vault]\n```\n")
    first, second = examples(text)
    assert first.steps == (Step("cat > a.txt <<'EOF'\n$ not a command\nEOF", ()),
                           Step("cat a.txt", ("x",)))
    assert first.substitutions == (("~/Notes", "$VAULT"),) and first.line == 2
    assert second.not_run == "waits" and second.steps == (Step("netnotes watch", ()),)


def test_a_block_is_one_shell_that_keeps_variables_status_and_the_order_of_both_streams(tmp_path):
    text = ("<!-- run with: /home/dana = $HOME -->\n```\n$ X=1; (exit 3)\n$ echo $? $X\n3 1\n"
            "$ echo out; echo err >&2; echo out; echo ~\nout\nerr\nout\n/home/dana\n```\n")
    (example,) = examples(text)
    printed = run_example(example, tmp_path)
    assert [_trim(lines) for _, lines in printed] == [[], ["3 1"], ["out", "err", "out", "/home/dana"]]
