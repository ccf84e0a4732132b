"""Finding the vault and walking its files (netnotes.vault.discover): which vault, and which
of its files netnotes reads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli, run_netnotes, write_vault
from netnotes.vault.handle import open_vault
from netnotes.base.errors import VaultNotFound
from netnotes.vault.discover import find_vault, walk

ANN = "---\nname: Ann Lee\ntype: person\n---\n"
BROKEN = "---\nname: [Broken\ntype: person\n---\n"  # a yaml-syntax error wherever it is read


# ---- discovery ---------------------------------------------------------------------------
def test_explicit_vault_wins_over_env_and_cwd(tmp_path):
    a, b, c = (write_vault(tmp_path / n, {".netnotes/config.toml": ""}) for n in "abc")
    assert find_vault(str(a), {"NETNOTES_VAULT": str(b)}, c) == a
    assert find_vault(None, {"NETNOTES_VAULT": str(b)}, c) == b
    assert find_vault(None, {}, c) == c
    assert find_vault(None, {"NETNOTES_VAULT": ""}, c) == c  # an empty variable is unset


def test_relative_vault_is_taken_from_cwd(tmp_path):
    write_vault(tmp_path / "notes", {"x.md": ""}, marker=False)
    assert find_vault("notes", {}, tmp_path) == tmp_path / "notes"


@pytest.mark.parametrize("marker", [".netnotes", ".obsidian"])
def test_walks_up_to_the_nearest_marker(tmp_path, marker):
    (tmp_path / "outer" / ".netnotes").mkdir(parents=True)
    inner = tmp_path / "outer" / "vault"
    (inner / marker).mkdir(parents=True)
    deep = inner / "People" / "2026"
    deep.mkdir(parents=True)
    assert find_vault(None, {}, deep) == inner


def test_a_file_named_like_a_marker_does_not_count(tmp_path):
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / ".obsidian").write_text("not a folder")
    with pytest.raises(VaultNotFound):
        find_vault(None, {}, tmp_path / "v")


def test_no_vault_is_a_clear_error_with_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(["list"], expect_error=True)
    assert result.exit_code == 2
    assert f"error: no vault found in {tmp_path}" in result.stderr
    assert "--vault" in result.stderr and "NETNOTES_VAULT" in result.stderr and "netnotes init" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["option", "env"])
def test_missing_vault_folder_says_where_it_came_from(tmp_path, how):
    missing = tmp_path / "nope"
    if how == "option":
        result = run_cli(["--vault", str(missing), "validate"], expect_error=True)
        source = "--vault"
    else:
        result = run_cli(["validate"], expect_error=True, env={"NETNOTES_VAULT": str(missing)})
        source = "$NETNOTES_VAULT"
    assert result.exit_code == 2
    assert f"vault folder not found: {missing} (from {source})" in result.stderr
    assert "Traceback" not in result.output


def test_vault_option_after_the_command_and_as_validate_argument(make_vault, tmp_path, monkeypatch):
    vault = make_vault({"People/Ann Lee.md": ANN})
    monkeypatch.chdir(tmp_path)
    for args in (["--vault", str(vault), "list", "--json"], ["list", "--vault", str(vault), "--json"]):
        rows = json.loads(run_cli(args).stdout)
        assert [r["name"] for r in rows] == ["Ann Lee"]
    result = run_cli(["validate", str(vault)])
    assert result.exit_code == 0
    assert "1 notes checked" in result.output


def test_real_process_from_a_subfolder_finds_the_vault(make_vault):
    vault = make_vault({"People/Ann Lee.md": ANN, "People/Bad.md": BROKEN})
    proc = run_netnotes(["validate"], cwd=vault / "People")
    assert proc.returncode == 1
    assert "People/Bad.md:2:7: error[yaml-syntax]" in proc.stdout
    assert "2 notes checked: 1 error, 0 warnings" in proc.stderr


def test_real_process_without_a_vault(tmp_path):
    proc = run_netnotes(["validate"], cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no vault found")
    assert "hint:" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


# ---- which files are read ------------------------------------------------------------------
def _read(vault: Path) -> list[str]:
    v = open_vault(str(vault))
    return sorted(f.rel for f in walk(v.root, v.ignore))


def test_dot_folders_are_skipped(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": ANN,
        ".obsidian/snippets/x.md": BROKEN,
        ".trash/Old.md": BROKEN,
        ".git/info/x.md": BROKEN,
        ".netnotes/notes.md": BROKEN,
        ".stversions/People/Ann Lee~1.md": BROKEN,
        "People/.hidden.md": BROKEN,
        "People/not-markdown.txt": BROKEN,
        "People/image.png": b"\x89PNG\r\n",
    })
    assert _read(vault) == ["People/Ann Lee.md"]
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0
    assert "1 notes checked: 0 errors, 0 warnings" in result.output


def test_obsidian_excluded_files_are_skipped(make_vault):
    vault = make_vault({
        ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/", "/^Templates/.*\\.md$/", "Scratch.md"],
                                          "alwaysUpdateLinks": True}),
        "People/Ann Lee.md": ANN,
        "Archive/Old Ann.md": BROKEN,
        "Archive/2020/Older.md": BROKEN,
        "Templates/Contact.md": BROKEN,
        "Scratch.md": BROKEN,
        "Notes/Templates/kept.md": ANN.replace("Ann Lee", "Kept"),
    })
    assert _read(vault) == ["Notes/Templates/kept.md", "People/Ann Lee.md"]


def test_broken_obsidian_app_json_is_ignored(make_vault):
    vault = make_vault({".obsidian/app.json": "{not json", "People/Ann Lee.md": ANN})
    assert _read(vault) == ["People/Ann Lee.md"]


def test_config_ignore_globs(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": ANN,
        "People/Bob.draft.md": BROKEN,
        "Archive/2019/x.md": BROKEN,
        "Attachments/readme.md": BROKEN,
        "Projects/Attachments/also.md": BROKEN,
        "Projects/plan.md": "plan",
    }, config='[vault]\nignore = ["*.draft.md", "Archive/**", "Attachments/"]\n')
    assert _read(vault) == ["People/Ann Lee.md", "Projects/plan.md"]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symlinks")
def test_symlink_loop_and_links_leaving_the_vault_are_not_followed(make_vault, tmp_path):
    outside = write_vault(tmp_path / "elsewhere", {"Secret.md": BROKEN, "sub/Deep.md": BROKEN}, marker=False)
    vault = make_vault({"People/Ann Lee.md": ANN, "Groups/BNI.md": "---\ntype: group\n---\n"})
    (vault / "People" / "loop").symlink_to(vault / "People")          # People/loop/loop/loop/...
    (vault / "People" / "up").symlink_to("..")                         # back to the root
    (vault / "Shared").symlink_to(outside)                             # a folder outside
    (vault / "People" / "Secret.md").symlink_to(outside / "Secret.md")  # a file outside
    (vault / "People" / "dangling.md").symlink_to(tmp_path / "gone.md")
    (vault / "People" / "BNI link.md").symlink_to(vault / "Groups" / "BNI.md")  # inside: read
    files = _read(vault)
    assert files.count("People/Ann Lee.md") == 1
    assert not any("Secret" in f or "Deep" in f or "dangling" in f for f in files)
    assert not any("loop/" in f or "up/" in f for f in files), files
    assert "People/BNI link.md" in files
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names")
def test_non_utf8_file_name_is_read_and_printed(make_vault):
    vault = make_vault({"People/Ann Lee.md": ANN})
    bad = os.fsencode(str(vault / "People")) + b"/Ren\xe9.md"
    with open(bad, "wb") as f:
        f.write(BROKEN.encode())
    proc = run_netnotes(["validate"], cwd=vault)
    assert proc.returncode == 1
    assert "error[yaml-syntax]" in proc.stdout
    assert "Traceback" not in proc.stderr
