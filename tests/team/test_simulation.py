"""Ten real clones of the sample vault edit, pull, merge with netnotes' driver and push in
random order (benchmarks/teamsim.py, at a small size; docs/team.md has the figures of the
larger runs made by hand). netnotes' own edits merge without a person, and nothing any clone
wrote is lost."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT
from .helpers import env, needs_git

pytestmark = needs_git


def _simulate(*args: str) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "teamsim.py"), "--json", *args],
                          capture_output=True, text=True, env=env(), timeout=900)
    assert "Traceback" not in proc.stderr, proc.stderr
    figures = json.loads(proc.stdout)
    assert proc.returncode == 0, figures
    return figures


def test_ten_clones_merge_cleanly_and_lose_nothing():
    figures = _simulate("--clones", "10", "--rounds", "2", "--edits", "2", "--seed", "7")
    assert figures["merges"] >= 10  # the clones did diverge and merge
    assert figures["entries_written"] >= 20 and figures["cards_added"] >= 1
    assert figures["entries_lost"] == [] and figures["cards_lost"] == []
    assert figures["not_one_property"] == []  # every conflict a disagreement on one property
    assert figures["clean_share"] >= 0.99, figures
