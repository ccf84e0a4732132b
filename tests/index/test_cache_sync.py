"""The index cache (netnotes.index.cache) syncs incrementally and always equals a fresh rebuild
(issue 3)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import run_cli, run_netnotes
from netnotes.vault.handle import open_vault
from netnotes.index.cache import cache_path, open_synced

from .helpers import (
    assert_index_fresh, by_rel, counts, fresh, rewrite_keeping_mtime, set_mtime, snapshot, sync, uncached,
)

ANN = """---
company: Acme
tier: A
offers: [bookkeeping]
groups: ["[[Chamber]]"]
---
Ann keeps the books for [[Bob Stone]].

## Log
- 2026-10-01 coffee: talked about Acme's year end.
"""
BOB = """---
company: Stone Works
aliases: [Bobby]
---
Mason.
"""
CHAMBER = "---\ntype: group\n---\nThe chamber.\n"
DAILY = "Met [[Ann]] and [[Bobby]] at the breakfast.\n"


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault({"People/Ann.md": ANN, "People/Bob Stone.md": BOB, "Groups/Chamber.md": CHAMBER,
                       "Daily/2026-11-20.md": DAILY})


def index_line(root: Path, *args: str) -> tuple[int, int, int, int, int]:
    """`netnotes index` as printed: (total, added, modified, removed, unchanged)."""
    result = run_cli(["index", *args], root)
    assert result.exit_code == 0, result.output
    m = re.fullmatch(r"(\d+) notes: (\d+) added, (\d+) modified, (\d+) removed, (\d+) unchanged( \(rebuilt\))?\n",
                     result.stdout)
    assert m, result.stdout
    return tuple(int(g) for g in m.groups()[:5])  # type: ignore[return-value]


def test_first_sync_adds_every_note_and_equals_a_direct_parse(vault: Path) -> None:
    result = assert_index_fresh(vault)
    assert counts(result) == (4, 0, 0, 0)
    assert cache_path(open_vault(str(vault))).is_file()
    assert index_line(vault) == (4, 0, 0, 0, 4)


def test_add_edit_delete_rename_each_equal_a_fresh_rebuild(vault: Path) -> None:
    assert_index_fresh(vault)
    people = vault / "People"

    (people / "Cleo.md").write_text("---\ncompany: Cleo Co\n---\nNew.\n", encoding="utf-8")
    assert counts(assert_index_fresh(vault)) == (1, 0, 0, 4)

    (people / "Ann.md").write_text(ANN.replace("Acme", "Acme Books Inc"), encoding="utf-8")
    assert counts(assert_index_fresh(vault)) == (0, 1, 0, 4)

    (people / "Bob Stone.md").unlink()
    assert counts(assert_index_fresh(vault)) == (0, 0, 1, 4)

    os.rename(people / "Cleo.md", people / "Cleo Park.md")
    result = assert_index_fresh(vault)
    assert counts(result) == (1, 0, 1, 3)
    assert result.gone == ["People/Cleo.md"] and result.changed == ["People/Cleo Park.md"]

    # a folder rename moves the note to another kind: its rows must follow
    os.rename(vault / "Groups", vault / "Clubs")
    assert counts(assert_index_fresh(vault)) == (1, 0, 1, 3)
    names = {n.rel: n.kind for n in uncached(vault)}
    assert names["Clubs/Chamber.md"] == "group"  # `type: group` still says so

    # case-only rename (a new path on a case-sensitive disk)
    os.rename(people / "Ann.md", people / "ann.md")
    assert counts(assert_index_fresh(vault)) == (1, 0, 1, 3)


def test_edit_that_keeps_mtime_and_size_is_caught(vault: Path) -> None:
    assert_index_fresh(vault)
    ann = vault / "People/Ann.md"
    before = ann.stat()
    new = ANN.replace("tier: A", "tier: B").encode()
    assert len(new) == before.st_size
    rewrite_keeping_mtime(ann, new)
    assert ann.stat().st_size == before.st_size and ann.stat().st_mtime_ns == before.st_mtime_ns
    result = assert_index_fresh(vault)
    assert counts(result) == (0, 1, 0, 3)
    _, notes, _, _ = sync(vault)
    assert {n.rel: n.props.get("tier") for n in notes}["People/Ann.md"] == "B"
    assert run_cli(["list", "--tier", "B", "--json"], vault).stdout.count('"name"') == 1


def test_swapping_two_files_keeps_each_content_with_its_path(vault: Path) -> None:
    assert_index_fresh(vault)
    people = vault / "People"
    os.rename(people / "Ann.md", people / "tmp.md")
    os.rename(people / "Bob Stone.md", people / "Ann.md")
    os.rename(people / "tmp.md", people / "Bob Stone.md")
    result = assert_index_fresh(vault)
    assert counts(result) == (0, 2, 0, 2)


def test_touch_reparses_nothing(vault: Path, monkeypatch) -> None:
    assert_index_fresh(vault)
    import netnotes.index.sync as index_mod

    parsed: list[str] = []
    real = index_mod.parse_note

    def counting(rel, data, config):
        parsed.append(rel)
        return real(rel, data, config)

    monkeypatch.setattr(index_mod, "parse_note", counting)
    for rel in ("People/Ann.md", "Daily/2026-11-20.md"):
        set_mtime(vault / rel, os.stat(vault / rel).st_mtime_ns + 5_000_000_000)
    result, *_ = sync(vault)
    assert parsed == []
    assert (result.added, result.modified, result.removed) == (0, 0, 0)
    assert result.touched == 2 and result.changed == []
    assert_index_fresh(vault)
    parsed.clear()
    for rel in ("People/Ann.md", "Groups/Chamber.md"):
        set_mtime(vault / rel, os.stat(vault / rel).st_mtime_ns + 5_000_000_000)
    assert index_line(vault) == (4, 0, 0, 0, 4)  # counted as unchanged, not modified
    assert parsed == []

    # after the touch the stored stat is refreshed: the next sync does not even read the files
    result, *_ = sync(vault)
    assert (result.touched, result.unchanged) == (0, 4)

    (vault / "People/Ann.md").write_text(ANN + "\nmore\n", encoding="utf-8")
    sync(vault)
    assert parsed == ["People/Ann.md"]
    assert_index_fresh(vault)


def test_index_command_counts_and_rebuild(vault: Path) -> None:
    assert index_line(vault) == (4, 4, 0, 0, 0)
    assert index_line(vault) == (4, 0, 0, 0, 4)
    (vault / "People/Dee.md").write_text("---\ncompany: D\n---\n", encoding="utf-8")
    (vault / "People/Ann.md").write_text(ANN + "\n- 2026-11-02 call: more\n", encoding="utf-8")
    (vault / "Daily/2026-11-20.md").unlink()
    assert index_line(vault) == (4, 1, 1, 1, 2)
    result = run_cli(["index", "--rebuild"], vault)
    assert result.stdout == "4 notes: 4 added, 0 modified, 0 removed, 0 unchanged (rebuilt)\n"
    assert result.stderr == ""


def test_incremental_index_equals_rebuild_through_the_cli(vault: Path) -> None:
    """The acceptance check, as a user runs it: the answer before and after --rebuild is the same."""
    run_cli(["index"], vault)
    people = vault / "People"
    (people / "Eve.md").write_text("---\ncompany: Eve Ltd\nmet: 2026-01-05\n---\n", encoding="utf-8")
    rewrite_keeping_mtime(people / "Bob Stone.md", BOB.replace("Mason", "Mosan").encode())
    os.rename(people / "Ann.md", people / "Ann Lee.md")
    incremental = run_cli(["list", "--json", "--today", "2026-11-23"], vault).stdout
    vault_obj = open_vault(str(vault))
    index, _ = open_synced(vault_obj)
    inc_notes = index.notes()
    index.close()
    run_cli(["index", "--rebuild"], vault)
    index, _ = open_synced(vault_obj)
    assert by_rel(index.notes()) == by_rel(inc_notes)
    index.close()
    assert run_cli(["list", "--json", "--today", "2026-11-23"], vault).stdout == incremental
    assert snapshot(inc_notes) == snapshot(uncached(vault))


def test_config_change_reindexes_everything(vault: Path) -> None:
    assert_index_fresh(vault)
    (vault / ".netnotes/config.toml").write_text('[last_touch]\npeople_properties = ["who"]\n', encoding="utf-8")
    result = assert_index_fresh(vault)
    assert result.added == 4 and result.unchanged == 0


def test_file_vanishing_between_walk_and_read_is_removed(vault: Path, monkeypatch) -> None:
    assert_index_fresh(vault)
    (vault / "People/Ann.md").write_text(ANN + "x", encoding="utf-8")
    import netnotes.index.sync as index_mod

    real = index_mod.prepare

    def vanish(rel, path, digest, config, *rest):
        if rel == "People/Ann.md":
            os.unlink(path)
        return real(rel, path, digest, config, *rest)

    monkeypatch.setattr(index_mod, "prepare", vanish)
    result, notes, _, _ = sync(vault)
    assert result.removed == 1 and "People/Ann.md" not in {n.rel for n in notes}
    monkeypatch.undo()
    assert counts(assert_index_fresh(vault)) == (0, 0, 0, 3)


def test_subprocess_index_then_list(vault: Path) -> None:
    """The installed entry point in a real process: counts, then an answer from the same cache."""
    first = run_netnotes(["index"], cwd=vault)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "4 notes: 4 added, 0 modified, 0 removed, 0 unchanged\n"
    rewrite_keeping_mtime(vault / "People/Ann.md", ANN.replace("Acme", "Acmf").encode())
    second = run_netnotes(["index"], cwd=vault)
    assert second.stdout == "4 notes: 0 added, 1 modified, 0 removed, 3 unchanged\n"
    shown = run_netnotes(["show", "ann", "--today", "2026-11-23"], cwd=vault)
    assert shown.returncode == 0 and "Acmf" in shown.stdout and shown.stderr == ""
    assert "Traceback" not in first.stderr + second.stderr + shown.stderr
    notes, _, _ = fresh(vault)
    assert snapshot(notes) == snapshot(uncached(vault))


def test_parallel_parse_gives_the_same_index(make_vault, monkeypatch) -> None:
    """Many changed files are parsed on all cores (in chunks); the result is the same, in order."""
    import netnotes.index.sync as index_mod

    monkeypatch.setattr(index_mod, "PARALLEL_MIN", 5)
    monkeypatch.setattr(index_mod, "CHUNK", 3)
    files = {f"People/P{i:02d}.md": f"---\ncompany: C{i}\ntier: {'ABC'[i % 3]}\n---\nSee [[P{(i + 1) % 20:02d}]].\n"
             for i in range(20)}
    files["Daily/2026-11-20.md"] = "[[P03]] [[P07]]\n"
    root = make_vault(files)
    assert counts(assert_index_fresh(root)) == (21, 0, 0, 0)
    for i in range(0, 20, 2):
        (root / f"People/P{i:02d}.md").write_text(f"---\ncompany: New {i}\n---\n", encoding="utf-8")
    os.rename(root / "People/P01.md", root / "People/P99.md")
    (root / "People/P03.md").unlink()
    assert counts(assert_index_fresh(root)) == (1, 10, 2, 9)
    monkeypatch.undo()
    _, serial, _, _ = sync(root, rebuild=True)
    assert by_rel(serial) == by_rel(uncached(root))
