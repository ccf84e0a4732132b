"""Config values out of range or out of the vault are refused at their line, never a crash; a
config that is a folder or a dangling link is an error, not silently the defaults."""

from __future__ import annotations

import os

import pytest

from conftest import one_line_error, run_netnotes, write_vault

CARD = {"People/Ann.md": "---\nname: Ann\ntier: A\n---\n"}


@pytest.mark.parametrize("config, where, says", [
    ('[kinds.contact]\nfolders = ["../outside"]\n', ":2:", "folders inside the vault"),
    ('[kinds.contact]\nfolders = ["/etc"]\n', ":2:", "folders inside the vault"),
    ('[tiers]\nA = "99999999y"\n', ":2:", "needs a cadence"),
    ('[reminders]\ndays = 1000000000000\n', ":2:", "from 1 to 10000"),
    ('[followups]\ngoing_cold_after = 1e300\n', ":2:", "up to 10000"),
    ('[vault]\nlog_heading = ""\n', ":2:", "a heading's text"),
])
def test_a_value_out_of_range_is_refused_at_its_line(tmp_path, config, where, says):
    vault = write_vault(tmp_path / "v", CARD, config=config)
    for args in (["validate"], ["followups", "--today", "2026-11-20"], ["add", "Bo"]):
        done = run_netnotes(args, vault=vault)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        assert f".netnotes/config.toml{where}" in done.stderr and says in done.stderr, done.stderr
    assert not (tmp_path / "outside").exists()


def test_a_config_that_is_a_folder_or_a_dangling_link_is_an_error(tmp_path):
    vault = write_vault(tmp_path / "v", CARD)
    (vault / ".netnotes/config.toml").mkdir()
    done = run_netnotes(["list"], vault=vault)
    assert done.returncode == 2 and "config.toml is a folder" in one_line_error(done.stderr)
    (vault / ".netnotes/config.toml").rmdir()
    os.symlink(tmp_path / "nowhere.toml", vault / ".netnotes/config.toml")
    done = run_netnotes(["list"], vault=vault)
    assert done.returncode == 2 and "symbolic link to nothing" in one_line_error(done.stderr)


def test_init_with_vault_initialises_that_folder(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    done = run_netnotes(["--vault", str(there), "init"], cwd=here)
    assert done.returncode == 0, done.stderr
    assert (there / ".netnotes/config.toml").is_file() and not (here / ".netnotes").exists()
