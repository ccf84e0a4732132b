"""`netnotes watch` as a user runs it: the installed script in a real process, an edit, then
Ctrl-C (SIGINT)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import NETNOTES, TODAY, copy_sample, user_env
from watch.helpers import collect, ctrl_c_as_in_a_terminal, interrupt, WEEK, append, oneshot, wait_for

STATUS = re.compile(r"^\[\d\d:\d\d:\d\d\] (indexed \d+ notes|\d+ changed, \d+ removed); "
                    r"(reports unchanged|[^;]+); \d+ problems?; watching \d+ notes$")





def test_watch_prints_a_status_per_cycle_and_stops_cleanly_on_ctrl_c(tmp_path: Path):
    vault = copy_sample(tmp_path / "vault")
    env = user_env(PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([str(NETNOTES), "--vault", str(vault), "watch", "--html",
                             "--today", TODAY.isoformat(), "--debounce", "0.15"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                            env=env, cwd=tmp_path, preexec_fn=ctrl_c_as_in_a_terminal)
    out: list[str] = []
    err: list[str] = []
    readers = [collect(proc.stdout, out), collect(proc.stderr, err)]
    try:
        wait_for(lambda: len(out) >= 1 or proc.poll() is not None, what="the first status line")
        assert proc.poll() is None, f"watch exited early: {out} {err}"
        assert re.search(r"\] indexed \d+ notes; ", out[0]), out
        wait_for(lambda: any(line.startswith("watching ") for line in err), what="watch to be running")

        append(vault / "People" / "Marie Tremblay.md", "- 2026-11-19 call: caught up at last.\n")
        wait_for(lambda: len(out) >= 2, what="a status line for the edit")
        assert "1 changed, 0 removed" in out[1], out
        assert f"Reviews/{WEEK}.md" in out[1] and f"Reviews/{WEEK}.html" in out[1], out
    finally:
        code = interrupt(proc, readers)

    assert code == 0, f"exit status {code}: {out} {err}"
    stderr = "\n".join(err)
    assert "Traceback" not in stderr, stderr
    assert err[-1] == "stopped", err
    assert any(line.startswith("watching ") and line.endswith("(Ctrl-C to stop)") for line in err), err
    assert len(out) == 2 and all(STATUS.match(line) for line in out), out
    page = (vault / "Reviews" / f"{WEEK}.md").read_text(encoding="utf-8")
    assert "caught up at last" in page
    assert page == oneshot(vault)
    assert (vault / "Reviews" / f"{WEEK}.html").read_text(encoding="utf-8") == oneshot(vault, "html")
