"""Atomic writes (netnotes.vault.atomic): a writer killed with SIGKILL at random points leaves
every card whole, the version before some step or the version after it, never a mix; a card
it wrote whole stays written (the next writer does not put it back); leftover temp files go
with the next write."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_netnotes, temps, write_vault
from netnotes.vault import atomic
from netnotes.edit.write import BOM
from netnotes.notes.note import parse_note
from netnotes.vault.config import Config
from netnotes.edit.spans import append_log, set_property

STEPS = 200
KILLS = 20
BASE = dt.date(2026, 1, 1)
CARDS = {  # file name -> bytes: LF, CRLF with a BOM, comments and no final newline
    "Ann Lee.md": b"---\ncompany: Acme  # since 2020\ntier: B\n---\n\n## Log\n- 2025-01-01 call: a\n"
                  b"- 2025-06-01 coffee: b\n",
    "Bea Roy.md": BOM + b"---\r\n# met at the fair\r\ncompany: 'Beacon'\r\n---\r\n## Log\r\n"
                  b"- 2025-02-01 call: a\r\n- 2025-03-01 email: b\r\n",
    "Cy Doe.md": "---\nname: Çy Døe\ntags: [x, y]\n---\nNotes.\n\n## Log\n- 2025-01-01 call: a\n"
                 "  continued\n- 2025-04-01 call: b".encode(),
}
NAMES = sorted(CARDS)

CHILD = """
import datetime as dt, sys
from pathlib import Path
from netnotes.edit.write import apply_edit
from netnotes.edit.spans import append_log, set_property

folder, start, total, names = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
print("ready", flush=True)  # imported: the edits start now
for i in range(start, total):
    path = folder / names[i % len(names)]
    def edit(text, i=i):
        text = append_log(text, dt.date(2026, 1, 1) + dt.timedelta(days=i), f"note: step {i}")
        return set_property(text, "last_step", i)
    apply_edit(path, path.name, edit)
"""


def _step(text: str, i: int) -> str:
    text = append_log(text, BASE + dt.timedelta(days=i), f"note: step {i}")
    return set_property(text, "last_step", i)


def _versions() -> dict[str, list[bytes]]:
    """Every version each card goes through, in order: versions[name][k] after k steps on it."""
    out = {}
    for n, name in enumerate(NAMES):
        data = CARDS[name]
        bom = data.startswith(BOM)
        text = data[len(BOM) if bom else 0:].decode()
        versions = [data]
        for i in range(n, STEPS, len(NAMES)):
            text = _step(text, i)
            versions.append((BOM if bom else b"") + text.encode())
        out[name] = versions
    return out


def _check(folder: Path, versions: dict[str, list[bytes]], seed: int) -> int:
    """Each card is exactly one of its versions, parses cleanly, and the steps done on all
    cards together are 0..n-1 with no gap. Returns n."""
    done = 0
    for n, name in enumerate(NAMES):
        data = (folder / name).read_bytes()
        assert data in versions[name], f"{name} is not any version of itself (seed {seed})"
        k = versions[name].index(data)
        note = parse_note(f"People/{name}", data, Config())
        assert not [d for d in note.diagnostics if d.severity.value == "error"], (name, note.diagnostics)
        steps = [int(e.text.split()[-1]) for e in note.log if e.text.startswith("step")]
        assert steps == list(range(n, n + len(NAMES) * k, len(NAMES)))  # a prefix of its steps
        assert note.props.get("last_step") == (steps[-1] if steps else None)
        done += k
    for n, name in enumerate(NAMES):  # steps run in turn, so card n has done its share of `done`
        k = versions[name].index((folder / name).read_bytes())
        assert k == len(range(n, done, len(NAMES))), f"steps done out of turn (seed {seed})"
    return done


def test_a_writer_killed_at_random_points_leaves_whole_cards(tmp_path):
    print(crash_run(tmp_path, random.randrange(1 << 30)))


def crash_run(tmp: Path, seed: int, seconds: float = 40) -> str:
    """The crash test in a new vault under ``tmp``: KILLS children SIGKILLed at moments drawn
    from ``seed``, then one that finishes; after each, every card is whole and the steps done
    are 0..n-1 (``_check``). An AssertionError names the seed. Returns what happened. Also
    run by hand, many seeds at once, by ``benchmarks/stress.py --only crash``."""
    rng = random.Random(seed)
    vault = write_vault(tmp / "v", {f"People/{name}": data for name, data in CARDS.items()})
    folder = vault / "People"
    versions = _versions()
    done, kills, left_temps, progress = 0, 0, 0, []
    deadline = time.monotonic() + seconds
    while done < STEPS:
        assert time.monotonic() < deadline, f"the crash test ran too long (seed {seed})"
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(done), str(STEPS), *NAMES],
                                 stdout=subprocess.PIPE)
        if kills < KILLS:
            # kill among its first edits, whatever its imports took (60-150 ms, machine to machine):
            # an edit takes a few ms, and a card edited less than QUIET s ago waits for it first
            child.stdout.readline()
            time.sleep(rng.uniform(0, 0.35))
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait(timeout=60)  # reaped: its pid is gone, as after a crash
        child.stdout.close()
        done = _check(folder, versions, seed)
        progress.append(done)
        left_temps = max(left_temps, len(temps(folder)))
    assert done == STEPS
    assert [p.read_bytes() for p in sorted(folder.glob("*.md"))] == [versions[n][-1] for n in NAMES]
    # one more write in the folder takes away whatever a killed writer left behind
    proc = run_netnotes(["log", "Ann Lee", "call: after the crashes", "--date", "2026-12-31"], vault=vault)
    assert proc.returncode == 0, proc.stderr
    assert temps(vault) == []
    return f"seed {seed}: {kills} kills, steps done after each: {progress}; up to {left_temps} temp files left at once"


DYING_CHILD = """
import os, signal, sys
from pathlib import Path
from netnotes.vault import history
from netnotes.edit.write import apply_edit
from netnotes.edit.spans import set_property

record = history.record
if sys.argv[2] == "before the rename":  # the undo record saved, the card not yet renamed into place
    def hook(*args):
        record(*args)
        os.kill(os.getpid(), signal.SIGKILL)
    history.record = hook
else:  # the card renamed into place, its undo record not yet marked done
    history.written = lambda token: os.kill(os.getpid(), signal.SIGKILL)
path = Path(sys.argv[1])
apply_edit(path, path.name, lambda text: set_property(text, "tier", "A"))
"""


@pytest.mark.parametrize("moment", ["before the rename", "after the rename"])
def test_a_card_written_whole_by_a_killed_writer_stays_written(tmp_path, moment):
    """The one-card write a killed process left: the card holds the old version or the new one,
    whole, and the next writer keeps whichever it is; the new one is an undoable change."""
    vault = write_vault(tmp_path / "v", {f"People/{name}": CARDS[name] for name in NAMES[:2]})
    card = vault / "People/Ann Lee.md"
    child = subprocess.run([sys.executable, "-c", DYING_CHILD, str(card), moment])
    assert child.returncode == -signal.SIGKILL
    new = moment == "after the rename"
    assert (b"tier: A" in card.read_bytes()) == new
    left = card.read_bytes()
    proc = run_netnotes(["log", "Bea Roy", "call: the next writer", "--date", "2026-12-31"], vault=vault)
    assert proc.returncode == 0, proc.stderr
    assert card.read_bytes() == left
    assert "put back" not in proc.stderr
    listed = run_netnotes(["undo", "--list", "--json"], vault=vault)
    kept = json.loads(listed.stdout)
    assert [(c["command"], c["state"]) for c in kept] == \
        [("write People/Bea Roy.md", "done")] + [("write People/Ann Lee.md", "done")] * new
    if new:  # the killed writer's edit is undone like any other
        assert run_netnotes(["undo", kept[1]["id"]], vault=vault).returncode == 0
        assert card.read_bytes() == CARDS["Ann Lee.md"]


STOPPING_CHILD = """
import os, signal, sys
from pathlib import Path
from netnotes.vault import atomic
from netnotes.edit.write import apply_edit
from netnotes.edit.spans import set_property

def replace(src, dst):  # stop just before the rename, the temp file written and fsynced
    os.kill(os.getpid(), signal.SIGSTOP)

class OS:
    def __getattr__(self, name):
        return replace if name == "replace" else getattr(os, name)

atomic.os = OS()
path = Path(sys.argv[1])
apply_edit(path, path.name, lambda text: set_property(text, "tier", "A"))
"""


def test_a_temp_file_left_by_a_killed_writer_goes_with_the_next_write(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": CARDS["Ann Lee.md"]})
    card = vault / "People/Ann Lee.md"
    child = subprocess.Popen([sys.executable, "-c", STOPPING_CHILD, str(card)])
    try:
        _, status = os.waitpid(child.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status)
        left = temps(vault)
        assert len(left) == 1 and f".{child.pid}." in left[0]
        assert atomic.remove_stale_temps(card.parent) == 0  # its writer is alive: not stale yet
        assert temps(vault) == left
    finally:
        child.kill()
        child.wait()
    assert card.read_bytes() == CARDS["Ann Lee.md"]  # the old version, whole
    assert temps(vault) == left
    proc = run_netnotes(["followup", "Ann Lee", "2027-01-15"], vault=vault)
    assert proc.returncode == 0, proc.stderr
    assert temps(vault) == []
    assert b"next_followup: 2027-01-15\n---" in card.read_bytes()


@pytest.mark.parametrize("name", ["Dr. J. 2000.md", "a.1.b.md"])
def test_stale_temp_files_are_recognised_whatever_the_card_name(tmp_path, name):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".{name}.{dead.pid}.k3j_x9q2{atomic.TEMP_SUFFIX}"
    mine = tmp_path / f".{name}.{os.getpid()}.abcdefgh{atomic.TEMP_SUFFIX}"
    other = tmp_path / f"{name}.bak"
    for p in (stale, mine, other):
        p.write_text("x")
    assert atomic.remove_stale_temps(tmp_path) == 1
    assert not stale.exists() and mine.exists() and other.exists()
