"""The index answers adopted Obsidian vaults as a direct parse does: inline fields, property
names in any case, Markdown links, dated file names and skipped templates give the same rows,
diagnostics and last touches either way (tests/fixtures/adopt/, as ``netnotes init`` sets them up)."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, age, run_ok
from .helpers import assert_diagnostics_from_rows, assert_index_fresh, assert_touches_from_rows, uncached


@pytest.mark.parametrize("name", ["minimal", "crm", "dataview", "tagged"])
@pytest.mark.parametrize("init", [False, True], ids=["defaults", "init"])
def test_index_and_direct_parse_agree(tmp_path, name, init):
    vault = tmp_path / name
    shutil.copytree(FIXTURES / "adopt" / name, vault)
    (vault / ".netnotes").mkdir(exist_ok=True)
    if init:
        run_ok(["init", str(vault)])
    for p in vault.rglob("*"):
        if p.is_file():
            age(p)
    assert_index_fresh(vault)
    notes = uncached(vault)
    assert not any(n.rel.startswith(("Templates/", "_templates/", "Extras/Templates/")) for n in notes)
    assert_diagnostics_from_rows(vault, notes)
    assert_touches_from_rows(vault, notes)
