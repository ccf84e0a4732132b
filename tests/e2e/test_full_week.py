"""A networker's whole week on a copy of the sample vault, in real processes (issue 15's
acceptance): capture an event with three new people, run the review, tick two follow-ups and
one introduction with a text edit of the page, log a call, record an outcome, re-run `report`
twice and `watch` once. Every card ends with exactly the entries expected, every line the
user wrote on the page is still there, and the page is byte-identical on the second re-run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import NETNOTES, copy_sample, run_netnotes, tree_hashes, user_env
from watch.helpers import collect, interrupt, wait_for

TODAY = "2026-11-20"  # a Friday in 2026-W47
PAGE = "Reviews/2026-W47.md"
TICKED_IN = "(ticked in [[2026-W47]])"

# the user's own lines on the page, and where they go
VOICEMAIL = "  - left a voicemail, try Tuesday"
ERRAND = "- [ ] call the bank about Omar's shop"
DIARY = "A good week: three new people at the breakfast."


def nn(vault: Path, *args: str) -> subprocess.CompletedProcess:
    proc = run_netnotes([*args, "--today", TODAY], vault=vault)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def log_of(path: Path) -> list[str]:
    """The card's log lines, in file order."""
    text = path.read_text(encoding="utf-8")
    log = text.split("\n## Log\n", 1)[1] if "\n## Log\n" in text else ""
    return [line for line in log.splitlines() if line.startswith("- ")]


def front(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n")[1]


def tick_and_write(page: Path) -> None:
    """What the user does in their editor: two follow-ups and one introduction ticked, a line
    under Farah's task, an errand of their own, a sentence under "My notes"."""
    lines = page.read_text(encoding="utf-8").split("\n")
    out = []
    for line in lines:
        for task in ("- [ ] [[Mike Sullivan]]:", "- [ ] [[Nora Quill]]:",
                     "- [ ] Introduce [[Natalie Simard]] and [[Tom Fraser]]:"):
            if line.startswith(task):
                line = line.replace("- [ ]", "- [x]", 1)
        if line == "## Going cold":
            out += [ERRAND, ""]
        out.append(line)
        if line.startswith("- [ ] [[Farah Haddad]]:"):
            out.append(VOICEMAIL)
        if line == "## My notes":
            out.append(DIARY)
    page.write_text("\n".join(out), encoding="utf-8")


def watch_once(vault: Path) -> list[str]:
    """`netnotes watch` until its first status line, then Ctrl-C: its stdout."""
    proc = subprocess.Popen([str(NETNOTES), "--vault", str(vault), "watch", "--today", TODAY, "--debounce", "0.15"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                            env=user_env(PYTHONUNBUFFERED="1"))
    out: list[str] = []
    reader = collect(proc.stdout, out)
    try:
        wait_for(lambda: any(line.startswith("[") for line in out) or proc.poll() is not None,
                 what="watch's first status line")
    finally:
        code = interrupt(proc, (reader,))
    err = proc.stderr.read()
    assert code == 0 and "Traceback" not in err, (code, out, err)
    return out


def test_a_whole_week(tmp_path: Path):
    vault = copy_sample(tmp_path / "vault")
    before = tree_hashes(vault)
    people = vault / "People"

    # Tuesday: a breakfast, three new people
    nn(vault, "event", "Chamber breakfast", "--date", "2026-11-17", "--group", "Ottawa Chamber of Commerce",
       "Nora Quill", "Omar Vance", "Pia Wren")
    # Friday: the review, then ticks, a call, an outcome
    nn(vault, "report")
    page = vault / PAGE
    tick_and_write(page)
    nn(vault, "log", "Omar Vance", "call: talked about his shop", "--date", "2026-11-19")
    nn(vault, "intro", "Natalie Simard", "José Álvarez", "--outcome", "business")
    first = nn(vault, "report").stdout
    assert first.count("recorded: ") == 4, first  # Mike, Nora, and the introduction on both cards
    rerun = page.read_bytes()
    second = nn(vault, "report").stdout
    assert "recorded: " not in second and page.read_bytes() == rerun  # byte-identical, nothing twice
    cards = {rel: digest for rel, digest in tree_hashes(vault).items() if not rel.startswith("Reviews/")}
    status = watch_once(vault)
    assert not any(line.startswith("recorded: ") for line in status), status
    assert page.read_bytes() == rerun
    assert {rel: d for rel, d in tree_hashes(vault).items() if not rel.startswith("Reviews/")} == cards

    # every card has exactly the entries expected
    assert log_of(people / "Nora Quill.md") == [f"- 2026-11-20 note: followed up {TICKED_IN}"]
    assert "next_followup" not in front(people / "Nora Quill.md")  # the tick satisfied it
    assert log_of(people / "Omar Vance.md") == ["- 2026-11-19 call: talked about his shop"]
    assert log_of(people / "Pia Wren.md") == [] and "next_followup: 2026-11-19" in front(people / "Pia Wren.md")
    for name in ("Nora Quill", "Omar Vance", "Pia Wren"):
        assert "met_at: '[[2026-11-17 Chamber breakfast]]'" in front(people / f"{name}.md")
    event = (vault / "Events" / "2026-11-17 Chamber breakfast.md").read_text(encoding="utf-8")
    assert 'people: ["[[Nora Quill]]", "[[Omar Vance]]", "[[Pia Wren]]"]' in event
    sample = copy_sample(tmp_path / "untouched") / "People"
    added = {
        "Mike Sullivan": [f"- 2026-11-20 note: followed up {TICKED_IN}"],
        "Natalie Simard": ["- 2026-11-20 intro [[Tom Fraser]]: ticked in 2026-W47",
                           "- 2026-11-20 intro outcome [[José Álvarez]]: business"],
        "Tom Fraser": ["- 2026-11-20 intro [[Natalie Simard]]: ticked in 2026-W47"],
        "José Álvarez": ["- 2026-11-20 intro outcome [[Natalie Simard]]: business"],
    }
    for name, lines in added.items():
        old, new = log_of(sample / f"{name}.md"), log_of(people / f"{name}.md")
        assert sorted(new) == sorted(old + lines), name
    changed = {rel for rel, digest in tree_hashes(vault).items() if before.get(rel) != digest}
    assert changed == {PAGE, "Events/2026-11-17 Chamber breakfast.md",
                       *(f"People/{n}.md" for n in ("Nora Quill", "Omar Vance", "Pia Wren", *added))}

    # the user's lines are all there, where they wrote them; the ticks stay ticked
    text = page.read_text(encoding="utf-8")
    farah = next(line for line in text.splitlines() if line.startswith("- [ ] [[Farah Haddad]]:"))
    assert f"{farah}\n{VOICEMAIL}\n" in text
    assert f"{ERRAND}\n\n## Going cold" in text
    assert f"## My notes\n{DIARY}" in text
    assert text.count("- [x] ") == 3
    assert "- [ ] [[Pia Wren]]: 1 day late (next_followup on the card)" in text  # not "1 days"

    # and the reports agree: nobody ticked or called is due, the outcome is shown
    due = {row["name"] for row in json.loads(nn(vault, "followups", "--json").stdout)["followups"]}
    assert {"Pia Wren", "Farah Haddad"} <= due and not due & {"Mike Sullivan", "Nora Quill", "Omar Vance"}
    made = json.loads(nn(vault, "introductions", "--made", "--json").stdout)
    pairs = {frozenset((row["a"]["name"], row["b"]["name"])): row for row in made}
    assert pairs[frozenset(("Natalie Simard", "José Álvarez"))]["outcome"] == "business"
    assert frozenset(("Natalie Simard", "Tom Fraser")) in pairs
    suggested = json.loads(nn(vault, "introductions", "--json").stdout)
    assert not any({row["a"]["name"], row["b"]["name"]} == {"Natalie Simard", "Tom Fraser"} for row in suggested)
