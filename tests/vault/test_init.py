"""`netnotes init` (netnotes.vault.init): writes its own two files, merges Obsidian's property types
(netnotes.vault.obsidian), touches nothing else."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_netnotes, tree_hashes, write_vault
from netnotes.vault.obsidian import PROPERTY_TYPES

NOTES = {
    "People/Ann Lee.md": "---\nname: Ann Lee\nphone: 0612345678\n---\nBody\r\n",
    "Daily/2026-11-20.md": "Coffee with [[Ann Lee]].",
    "README.txt": "not a note",
}


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_init_writes_config_and_gitignore_and_nothing_else(tmp_path):
    vault = write_vault(tmp_path / "notes", NOTES, marker=False)
    before = tree_hashes(vault)
    result = run_cli(["init", str(vault)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "created  .netnotes/config.toml",
        "created  .netnotes/.gitignore",
        f"vault ready: {vault}",
    ]
    after = tree_hashes(vault)
    assert {k: v for k, v in after.items() if not k.startswith(".netnotes/")} == before
    assert sorted(k for k in after if k.startswith(".netnotes/")) == [".netnotes/.gitignore", ".netnotes/config.toml"]
    config = (vault / ".netnotes" / "config.toml").read_text(encoding="utf-8")
    assert config == (ROOT / "templates" / "config.toml").read_text(encoding="utf-8")
    assert "cache/" in (vault / ".netnotes" / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_init_twice_changes_nothing(tmp_path):
    vault = write_vault(tmp_path / "notes", {**NOTES, ".obsidian/app.json": "{}"}, marker=False)
    assert run_cli(["init", str(vault)]).exit_code == 0
    hashes, mtimes = tree_hashes(vault), _mtimes(vault)
    result = run_cli(["init", str(vault)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == ["kept     .netnotes/config.toml", "kept     .netnotes/.gitignore",
                                              "kept     .obsidian/types.json"]
    assert tree_hashes(vault) == hashes
    assert _mtimes(vault) == mtimes


def test_init_keeps_an_edited_config(tmp_path):
    vault = write_vault(tmp_path / "notes", {".netnotes/config.toml": '[tiers]\nGold = "2w"\n'}, marker=False)
    assert run_cli(["init", str(vault)]).exit_code == 0
    assert (vault / ".netnotes" / "config.toml").read_text() == '[tiers]\nGold = "2w"\n'
    assert (vault / ".netnotes" / ".gitignore").is_file()


def test_init_defaults_to_the_current_folder(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "notes", NOTES, marker=False)
    monkeypatch.chdir(vault)
    assert run_cli(["init"]).exit_code == 0
    assert (vault / ".netnotes" / "config.toml").is_file()


def test_init_merges_obsidian_types_keeping_the_users(tmp_path):
    users = {"types": {"phone": "number", "mood": "text", "tags": "multitext"}, "version": 3}
    vault = write_vault(tmp_path / "notes", {".obsidian/types.json": json.dumps(users)}, marker=False)
    result = run_cli(["init", str(vault)])
    assert result.exit_code == 0
    assert "updated  .obsidian/types.json" in result.stdout
    merged = json.loads((vault / ".obsidian" / "types.json").read_text(encoding="utf-8"))
    assert merged["version"] == 3
    types = merged["types"]
    assert types["phone"] == "number" and types["tags"] == "multitext" and types["mood"] == "text"
    for key, kind in PROPERTY_TYPES.items():
        if key not in users["types"]:
            assert types[key] == kind
    assert list(types)[:3] == ["phone", "mood", "tags"]  # the user's entries first, in their order


def test_init_creates_types_json_in_an_obsidian_vault(tmp_path):
    vault = write_vault(tmp_path / "notes", {".obsidian/app.json": "{}"}, marker=False)
    result = run_cli(["init", str(vault)])
    assert "created  .obsidian/types.json" in result.stdout
    types = json.loads((vault / ".obsidian" / "types.json").read_text())["types"]
    assert types["met"] == "date" and types["email"] == "multitext"


def test_init_does_not_create_obsidian_folder(tmp_path):
    vault = write_vault(tmp_path / "notes", NOTES, marker=False)
    run_cli(["init", str(vault)])
    assert not (vault / ".obsidian").exists()


def test_init_refuses_to_overwrite_a_broken_types_json(tmp_path):
    for broken in ('{"types": {"phone": "text",', '["a list"]', '{"types": ["not", "an object"]}'):
        vault = write_vault(tmp_path / f"v{len(broken)}", {".obsidian/types.json": broken}, marker=False)
        result = run_cli(["init", str(vault)], expect_error=True)
        assert result.exit_code == 2
        assert "error: .obsidian/types.json cannot be read" in result.stderr
        assert "left unchanged" in result.stderr and "hint:" in result.stderr
        assert "Traceback" not in result.output
        assert (vault / ".obsidian" / "types.json").read_text() == broken


def test_init_creates_a_missing_folder_but_not_over_a_file(tmp_path):
    result = run_cli(["init", str(tmp_path / "new" / "notes")])
    assert result.exit_code == 0
    assert (tmp_path / "new" / "notes" / ".netnotes" / "config.toml").is_file()
    (tmp_path / "a-file").write_text("x")
    result = run_cli(["init", str(tmp_path / "a-file")], expect_error=True)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (tmp_path / "a-file").read_text() == "x"


def test_init_as_a_real_process(tmp_path):
    vault = write_vault(tmp_path / "notes", NOTES, marker=False)
    proc = run_netnotes(["init", "notes"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (vault / ".netnotes" / "config.toml").read_bytes() == (ROOT / "templates" / "config.toml").read_bytes()
    # the new vault is found from inside it, and its notes validate
    proc = run_netnotes(["validate"], cwd=vault / "People")
    assert proc.returncode == 0
    assert "People/Ann Lee.md:3:8: warning[unquoted-number]" in proc.stdout


def test_init_in_a_read_only_folder_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    vault = write_vault(tmp_path / "ro", {"a.md": ""}, marker=False)
    vault.chmod(0o555)
    try:
        result = run_cli(["init", str(vault)], expect_error=True)
        assert result.exit_code == 2
        assert "cannot write" in result.stderr
    finally:
        vault.chmod(0o755)
