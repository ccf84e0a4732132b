"""Every write stays inside the vault: a symbolic link planted in it (shared through git,
Syncthing or a zip) never makes netnotes overwrite or create a file elsewhere."""

from __future__ import annotations

import os

import pytest

from conftest import copy_sample, one_line_error, run_netnotes


@pytest.fixture()
def victim(tmp_path):
    path = tmp_path / "outside" / "victim.txt"
    path.parent.mkdir()
    path.write_text("precious\n", encoding="utf-8")
    return path


def test_report_does_not_write_through_a_linked_review_page(tmp_path, victim):
    vault = copy_sample(tmp_path / "v")
    page = vault / "Reviews/2026-W47.md"
    page.unlink()
    page.symlink_to(victim)
    done = run_netnotes(["report", "--today", "2026-11-20"], vault=vault)
    assert done.returncode != 0
    assert "leads outside the vault" in one_line_error(done.stderr)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_report_does_not_write_into_a_linked_reviews_folder(tmp_path, victim):
    vault = copy_sample(tmp_path / "v")
    reviews = vault / "Reviews"
    for f in reviews.iterdir():
        f.unlink()
    reviews.rmdir()
    reviews.symlink_to(victim.parent, target_is_directory=True)
    done = run_netnotes(["report", "--today", "2026-11-20"], vault=vault)
    assert done.returncode != 0 and "leads outside the vault" in done.stderr
    assert sorted(os.listdir(victim.parent)) == ["victim.txt"]


def test_add_and_log_refuse_a_linked_people_folder_or_card(tmp_path, victim):
    vault = copy_sample(tmp_path / "v")
    card = vault / "People/Ben Carter.md"
    card.unlink()
    card.symlink_to(victim)
    done = run_netnotes(["log", "Ben Carter", "call: hi"], vault=vault)
    assert done.returncode == 3  # a link out of the vault is never followed, so never read either
    assert victim.read_text(encoding="utf-8") == "precious\n"
    people = vault / "People"
    os.rename(people, vault / "People-real")
    people.symlink_to(victim.parent, target_is_directory=True)
    done = run_netnotes(["add", "Zed New"], vault=vault)
    assert done.returncode != 0 and "leads outside the vault" in done.stderr
    assert sorted(os.listdir(victim.parent)) == ["victim.txt"]


def test_a_linked_cache_folder_is_not_written(tmp_path, victim):
    vault = copy_sample(tmp_path / "v")
    cache = vault / ".netnotes/cache"
    if cache.exists():
        import shutil

        shutil.rmtree(cache)
    cache.symlink_to(victim.parent, target_is_directory=True)
    done = run_netnotes(["list"], vault=vault)
    assert done.returncode == 0, done.stderr
    assert "working without a cache" in done.stderr
    assert sorted(os.listdir(victim.parent)) == ["victim.txt"]


def test_a_link_that_stays_inside_the_vault_is_written_through(tmp_path):
    vault = copy_sample(tmp_path / "v")
    real = vault / "People/Ben Carter.md"
    os.rename(real, vault / "Ben.md")
    real.symlink_to(vault / "Ben.md")
    done = run_netnotes(["log", "Ben Carter", "call: hi", "--date", "2026-11-20"], vault=vault)
    assert done.returncode == 0, done.stderr
    assert "2026-11-20 call: hi" in (vault / "Ben.md").read_text(encoding="utf-8")
    assert real.is_symlink()
