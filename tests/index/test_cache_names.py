"""File names that are hard for the index cache (netnotes.index.cache): not UTF-8, NFC beside
NFD, names differing only by case, symlink loops and links that leave the vault (issue 3)."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from conftest import run_cli, run_netnotes

from .helpers import assert_index_fresh, counts, snapshot, sync, uncached

TODAY = "2026-11-23"
JOSE = "José Álvarez"
NFC, NFD = unicodedata.normalize("NFC", JOSE), unicodedata.normalize("NFD", JOSE)


def write_bytes_name(root: Path, rel: bytes, data: bytes) -> None:
    fd = os.open(os.fsencode(root) + b"/" + rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def list_json(root: Path) -> list[dict]:
    result = run_cli(["list", "--json", "--today", TODAY], root)
    assert result.exit_code == 0, result.output
    # undecodable file names are printed as their bytes (as `ls` does): decode them back the same way
    return json.loads(result.stdout_bytes.decode("utf-8", "surrogateescape"))


def test_non_utf8_file_name(make_vault) -> None:
    root = make_vault({"People/Ann.md": "---\ncompany: Acme\n---\n",
                       "Daily/2026-11-20.md": "Coffee with [[Ann]].\n"})
    write_bytes_name(root, b"People/Caf\xe9 Owner.md", b"---\ncompany: Bistro\n---\nLatin-1 file name.\n")
    write_bytes_name(root, b"People/\xff\xfe.md", b"---\ncompany: Odd\n---\n")
    result = assert_index_fresh(root)
    assert counts(result) == (4, 0, 0, 0)
    rows = list_json(root)
    assert sorted(r["company"] for r in rows) == ["Acme", "Bistro", "Odd"]
    paths = {os.fsencode(r["path"]) for r in rows}
    assert b"People/Caf\xe9 Owner.md" in paths  # the exact bytes of the file name
    text = run_cli(["list", "--today", TODAY], root)
    assert text.exit_code == 0 and b"Caf\xe9 Owner" in text.stdout_bytes
    shown = run_cli(["show", "Caf\udce9 Owner", "--today", TODAY], root)
    assert shown.exit_code == 0 and b"Bistro" in shown.stdout_bytes
    # edits and removal of such a file are tracked like any other
    write_bytes_name(root, b"People/Caf\xe9 Owner.md", b"---\ncompany: Bistro Two\n---\n")
    assert counts(assert_index_fresh(root)) == (0, 1, 0, 3)
    os.unlink(os.fsencode(root) + b"/People/\xff\xfe.md")
    assert counts(assert_index_fresh(root)) == (0, 0, 1, 3)
    proc = run_netnotes(["list", "--today", TODAY], cwd=root)
    assert proc.returncode == 0 and "Bistro Two" in proc.stdout and "Traceback" not in proc.stderr


def test_nfc_and_nfd_names_of_one_person(make_vault) -> None:
    root = make_vault({f"People/{NFC}.md": "---\ncompany: Casa NFC\n---\n",
                       f"People/{NFD}.md": "---\ncompany: Casa NFD\n---\n",
                       "Daily/2026-11-20.md": f"Lunch with [[{NFD}]].\n"})
    assert counts(assert_index_fresh(root)) == (3, 0, 0, 0)
    rows = list_json(root)
    assert sorted(r["company"] for r in rows) == ["Casa NFC", "Casa NFD"]
    assert {unicodedata.normalize("NFC", r["name"]) for r in rows} == {NFC}
    shown = run_cli(["show", NFC, "--today", TODAY], root)
    assert shown.exit_code == 0 and "Casa NFC" in shown.stdout
    # the checker says they look like one person
    checked = run_cli(["validate", "--format", "json"], root)
    assert "duplicate-contact" in checked.stdout
    os.unlink(root / f"People/{NFD}.md")
    assert counts(assert_index_fresh(root)) == (0, 0, 1, 2)
    assert [r["last_touch"] for r in list_json(root)] == ["2026-11-20"]  # the NFD link finds the NFC card


def test_names_differing_only_by_case(make_vault) -> None:
    root = make_vault({"People/Alice.md": "---\ncompany: Upper\n---\n",
                       "People/alice.md": "---\ncompany: lower\n---\n"})
    if len({p.name for p in (root / "People").iterdir()}) < 2:
        pytest.skip("case-insensitive file system")
    assert counts(assert_index_fresh(root)) == (2, 0, 0, 0)
    assert sorted(r["company"] for r in list_json(root)) == ["Upper", "lower"]
    exact = run_cli(["show", "alice", "--today", TODAY], root)
    assert exact.exit_code == 0 and "lower" in exact.stdout
    ambiguous = run_cli(["show", "ALICE", "--today", TODAY], root)
    assert ambiguous.exit_code == 3 and ambiguous.stdout == ""
    assert "People/Alice.md" in ambiguous.stderr and "People/alice.md" in ambiguous.stderr
    os.unlink(root / "People/alice.md")
    assert counts(assert_index_fresh(root)) == (0, 0, 1, 1)


def test_symlink_loops_are_not_followed(make_vault) -> None:
    root = make_vault({"People/Ann.md": "---\ncompany: Acme\n---\n"})
    os.symlink("..", root / "People/up")  # back to the vault root
    os.symlink(".", root / "People/here")  # to itself
    os.symlink("self", root / "People/self")  # a link to itself: ELOOP
    os.symlink("b", root / "a")
    os.symlink("a", root / "b")  # a two-link cycle
    result = assert_index_fresh(root)
    assert counts(result) == (1, 0, 0, 0)
    assert [n.rel for n in uncached(root)] == ["People/Ann.md"]
    assert [r["name"] for r in list_json(root)] == ["Ann"]
    proc = run_netnotes(["index"], cwd=root)
    assert proc.returncode == 0 and proc.stdout == "1 notes: 0 added, 0 modified, 0 removed, 1 unchanged\n"


def test_links_that_leave_the_vault_are_not_followed(make_vault, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "People").mkdir(parents=True)
    (outside / "People/Mallory.md").write_text("---\ncompany: Elsewhere\n---\n", encoding="utf-8")
    (outside / "Eve.md").write_text("---\ncompany: Elsewhere\n---\n", encoding="utf-8")
    root = make_vault({"People/Ann.md": "---\ncompany: Acme\n---\n"})
    os.symlink(outside / "People", root / "Imported")
    os.symlink(outside / "Eve.md", root / "People/Eve.md")
    os.symlink(os.path.relpath(outside, root / "People"), root / "People/rel-out")
    os.symlink(root / "People/Ann.md", root / "People/Ann again.md")  # inside: allowed
    assert sorted(n.rel for n in uncached(root)) == ["People/Ann again.md", "People/Ann.md"]
    assert_index_fresh(root)
    assert "Elsewhere" not in run_cli(["list", "--today", TODAY], root).stdout


def test_symlink_to_a_folder_inside_the_vault_does_not_hide_it(make_vault) -> None:
    root = make_vault({"People/Ann.md": "---\ncompany: Acme\n---\n"})
    os.symlink("People", root / "Contacts shortcut")
    assert "People/Ann.md" in [n.rel for n in uncached(root)]


def test_file_vanishing_and_dangling_links(make_vault) -> None:
    root = make_vault({"People/Ann.md": "---\ncompany: Acme\n---\n"})
    os.symlink(root / "People/Gone.md", root / "People/Dangling.md")
    assert counts(assert_index_fresh(root)) == (1, 0, 0, 0)
    (root / "People/Gone.md").write_text("---\ncompany: Back\n---\n", encoding="utf-8")
    result, notes, _, _ = sync(root)
    assert sorted(n.rel for n in notes) == ["People/Ann.md", "People/Dangling.md", "People/Gone.md"]
    assert snapshot(notes) == snapshot(uncached(root))
