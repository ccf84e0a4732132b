"""``netnotes open NAME`` and ``netnotes config [KEY]`` (docs/cli.md): the card handed to a
real editor or opener process (small scripts on PATH that write down their argv), and the
effective config with where each value came from."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import one_line_error, run_cli, run_json, run_netnotes, run_ok, write_vault
from netnotes.vault.config import OPTIONS

ANN = "---\ncompany: Acme\ntier: A\n---\n\n## Log\n- 2026-11-01 call: hi\n"
NO_EDITOR = {"VISUAL": None, "EDITOR": None}
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="the fake programs are shell scripts")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "My Vault", {"People/Ann Lee.md": ANN, "People/Zoë d'Arc & Co.md": "",
                                               "Groups/BNI Downtown.md": "---\ntype: group\n---\n"})


def _program(folder: Path, name: str, body: str = "") -> Path:
    """A program on PATH that writes its argv, one per line, to ``<folder>/<name>.argv``."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    out = folder / f"{name}.argv"
    script.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > {shlex.quote(str(out))}\n{body}')
    script.chmod(0o755)
    return out


def _argv(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _path_with(folder: Path) -> str:
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


# ---- open: the editor -------------------------------------------------------------------
@POSIX
def test_open_runs_the_editor_on_the_card_and_waits_for_it(vault, tmp_path):
    bin_ = tmp_path / "bin"
    argv = _program(bin_, "fake-editor", "sleep 1\necho saved >> \"$2\"\n")
    done = run_netnotes(["open", "ann"], vault=vault,
                        env={"PATH": _path_with(bin_), "VISUAL": None, "EDITOR": "fake-editor --wait"})
    assert done.returncode == 0, done.stderr
    assert _argv(argv) == ["--wait", str(vault / "People/Ann Lee.md")]  # the path as one argument
    assert (vault / "People/Ann Lee.md").read_text().endswith("saved\n")  # netnotes waited for it
    assert done.stdout == "" and done.stderr == ""


@POSIX
def test_visual_wins_over_editor_and_the_config_over_both(vault, tmp_path):
    bin_ = tmp_path / "bin"
    visual, editor, configured = (_program(bin_, n) for n in ("vis", "ed", "conf ed"))
    env = {"PATH": _path_with(bin_), "VISUAL": "vis", "EDITOR": "ed"}
    assert run_netnotes(["open", "Zoë d'Arc & Co"], vault=vault, env=env).returncode == 0
    assert _argv(visual) == [str(vault / "People/Zoë d'Arc & Co.md")] and not editor.exists()
    (vault / ".netnotes/config.toml").write_text(f'[open]\neditor = {json.dumps(shlex.quote(str(bin_ / "conf ed")))}\n')
    assert run_netnotes(["open", "zoe"], vault=vault, env=env).returncode == 0
    assert _argv(configured) == [str(vault / "People/Zoë d'Arc & Co.md")]


def test_open_without_an_editor_is_a_clear_error(vault):
    result = run_cli(["open", "Ann Lee"], vault, env=NO_EDITOR, expect_error=True)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == "error: no editor is set"
    assert "hint: set $VISUAL or $EDITOR" in result.stderr


@pytest.mark.parametrize("editor,message", [
    ("no-such-editor-anywhere", "error: cannot run the editor `no-such-editor-anywhere` (from environment "
                                "variable $EDITOR): no such program"),
    ("'unclosed", "error: the editor command in environment variable $EDITOR cannot be read (No closing "
                  "quotation): 'unclosed"),
    ("false", "error: the editor `false` exited with status 1"),
])
def test_an_editor_that_cannot_run_is_a_clear_error(vault, editor, message):
    before = (vault / "People/Ann Lee.md").read_bytes()
    result = run_cli(["open", "Ann Lee"], vault, env={"VISUAL": None, "EDITOR": editor}, expect_error=True)
    assert result.exit_code == 2, result.output
    assert one_line_error(result.stderr) == message
    assert (vault / "People/Ann Lee.md").read_bytes() == before


@POSIX
def test_a_card_left_unreadable_is_reported_after_the_editor(vault, tmp_path):
    bin_ = tmp_path / "bin"
    _program(bin_, "breaker", 'printf -- "---\\ntier: [A\\n---\\n" > "$1"\n')
    result = run_cli(["open", "Ann Lee"], vault, env={"PATH": _path_with(bin_), "VISUAL": "breaker"})
    assert result.exit_code == 0
    assert "error[yaml-syntax]" in result.stderr
    assert "People/Ann Lee.md no longer parses; fix it, or run `netnotes validate`" in result.stderr
    assert (vault / "People/Ann Lee.md").read_text() == "---\ntier: [A\n---\n"  # kept as the user saved it


@pytest.mark.parametrize("name,code,text", [("Nobody Here", 3, "no contact, group or event named `Nobody Here`"),
                                            ("", 3, "")])
def test_open_an_unknown_name_exits_3_and_runs_nothing(vault, name, code, text):
    result = run_cli(["open", name], vault, env={"EDITOR": "false"}, expect_error=True)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and text in result.stderr


def test_open_an_ambiguous_name_lists_the_candidates(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Lucia Bianchi.md": "", "People/Marco Bianchi.md": ""})
    result = run_cli(["open", "bianchi"], vault, env={"EDITOR": "false"}, expect_error=True)
    assert result.exit_code == 3
    assert "People/Lucia Bianchi.md" in result.stderr and "People/Marco Bianchi.md" in result.stderr


def test_open_print_prints_the_path_and_needs_no_editor(vault):
    result = run_ok(["open", "--print", "ann"], vault, env=NO_EDITOR)
    assert result.stdout == f"{vault / 'People/Ann Lee.md'}\n"


def test_open_completes_contacts_groups_and_events(vault):
    run_ok(["index"], vault)
    for typed, offered in (("bn", "BNI"), ("an", "Ann")):
        done = run_netnotes([], env={"_NETNOTES_COMPLETE": "bash_complete", "COMP_CWORD": "4",
                                     "COMP_WORDS": f"netnotes --vault {shlex.quote(str(vault))} open {typed}"})
        assert offered in done.stdout, done.stdout


# ---- open: Obsidian ------------------------------------------------------------------------
def test_open_print_obsidian_prints_the_encoded_uri(vault):
    result = run_ok(["open", "--obsidian", "--print", "Zoë d'Arc & Co"], vault)
    assert result.stdout == ("obsidian://open?vault=My%20Vault&file=People%2FZo%C3%AB%20d%27Arc%20%26%20Co.md\n")


def test_the_obsidian_vault_is_the_folder_that_holds_dot_obsidian(tmp_path):
    (tmp_path / "Notes" / ".obsidian").mkdir(parents=True)
    vault = write_vault(tmp_path / "Notes" / "CRM", {"People/Ann Lee.md": ANN})
    result = run_ok(["open", "--obsidian", "--print", "ann"], vault)
    assert result.stdout == "obsidian://open?vault=Notes&file=CRM%2FPeople%2FAnn%20Lee.md\n"


@POSIX
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS opens URIs with `open`")
def test_with_obsidian_in_the_config_the_opener_gets_the_uri(tmp_path):
    bin_ = tmp_path / "bin"
    opened = _program(bin_, "xdg-open")
    vault = write_vault(tmp_path / "v", {"Groups/BNI Downtown.md": "---\ntype: group\n---\n"},
                        config='[open]\nwith = "obsidian"\n')
    (vault / ".obsidian").mkdir()
    done = run_netnotes(["open", "bni downtown"], vault=vault, env={"PATH": _path_with(bin_), **NO_EDITOR})
    assert done.returncode == 0, done.stderr
    assert _argv(opened) == ["obsidian://open?vault=v&file=Groups%2FBNI%20Downtown.md"]
    editor = _program(bin_, "ed")  # --editor wins over the config for one run
    assert run_netnotes(["open", "--editor", "bni downtown"], vault=vault,
                        env={"PATH": _path_with(bin_), "VISUAL": "ed"}).returncode == 0
    assert _argv(editor) == [str(vault / "Groups/BNI Downtown.md")]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the opener looked for is xdg-open")
def test_a_missing_opener_is_a_clear_error(vault, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli(["open", "--obsidian", "ann"], vault, env={"PATH": str(tmp_path / "empty")}, expect_error=True)
    assert result.exit_code == 2
    assert one_line_error(result.stderr).startswith("error: cannot open obsidian://open?vault=My%20Vault&file=")
    assert "`xdg-open` is not installed" in result.stderr and "--print" in result.stderr


def test_a_wrong_open_with_is_a_config_error_with_its_line(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN}, config='[open]\nwith = "vim"\n')
    result = run_cli(["open", "ann"], vault, expect_error=True)
    assert result.exit_code == 2
    assert '.netnotes/config.toml:2:1: error[config] `with` in [open] must be "editor" or "obsidian"' in result.stderr


# ---- config ------------------------------------------------------------------------------
CONFIG = """[vault]
currency = "CAD"

[followups]
after_event = "3 days"
bogus = 1

[tiers]
Gold = "2w"
"""


def test_config_shows_every_value_with_its_source(tmp_path):
    vault = write_vault(tmp_path / "v", config=CONFIG)
    result = run_ok(["config"], vault, env={"VISUAL": None, "EDITOR": "nano -w"})
    lines = result.stdout.splitlines()
    assert re.fullmatch(r'vault\.currency = "CAD" +# \.netnotes/config\.toml:2', lines[3])
    assert any(re.fullmatch(r'vault\.log_heading = "Log" +# default', line) for line in lines)
    assert any(re.fullmatch(r'followups\.after_event = "3 days" +# \.netnotes/config\.toml:5', line) for line in lines)
    assert any(re.fullmatch(r'tiers\.Gold = "2w" +# \.netnotes/config\.toml:9', line) for line in lines)
    assert not any(line.startswith("tiers.A") for line in lines)  # [tiers] is replaced whole
    assert any(re.fullmatch(r'open\.editor = "nano -w" +# environment variable \$EDITOR', line) for line in lines)
    assert "unknown key `bogus` in [followups]" in result.stderr  # the file's ignored keys, on stderr


def test_config_key_prints_one_value(tmp_path):
    vault = write_vault(tmp_path / "v", config=CONFIG)
    assert run_ok(["config", "followups.after_event"], vault).stdout == "3 days\n"
    assert run_ok(["config", "followups.going_cold_tiers"], vault).stdout == '["A"]\n'
    assert run_ok(["config", "reviews.record_ticks"], vault).stdout == "true\n"
    table = run_ok(["config", "kinds.contact"], vault).stdout.splitlines()
    assert [line.split(" =")[0] for line in table] == [f"kinds.contact.{k}" for k in OPTIONS["kinds.contact"]]


def test_config_without_a_file_is_all_defaults(tmp_path):
    vault = write_vault(tmp_path / "v")
    data = run_json(["config", "--json"], vault, env=NO_EDITOR)
    assert data["file"] is None and data["vault"] == str(vault)
    assert {s["source"] for s in data["settings"]} == {"default"}
    after = next(s for s in data["settings"] if s["key"] == "followups.after_event")
    assert after == {"key": "followups.after_event", "value": "2d", "source": "default", "file": None,
                     "line": None, "variable": None}


def test_config_json_names_file_line_and_variable(tmp_path):
    vault = write_vault(tmp_path / "v", config=CONFIG)
    data = run_json(["config", "--json"], vault, env={"VISUAL": "code --wait"})
    by_key = {s["key"]: s for s in data["settings"]}
    assert by_key["vault.currency"] == {"key": "vault.currency", "value": "CAD", "source": "config",
                                        "file": ".netnotes/config.toml", "line": 2, "variable": None}
    assert by_key["open.editor"]["source"] == "environment" and by_key["open.editor"]["variable"] == "VISUAL"
    assert by_key["followups.going_cold_after"]["value"] == 2.0


def test_config_lists_every_option_of_the_config(tmp_path):
    """A key added to config.OPTIONS shows up in `netnotes config` (or this fails)."""
    keys = {s["key"] for s in run_json(["config", "--json"], write_vault(tmp_path / "v"))["settings"]}
    for table, spec in OPTIONS.items():
        expected = {table} if spec is None and table != "tiers" else \
            {f"tiers.{t}" for t in "ABC"} if spec is None else {f"{table}.{k}" for k in spec}
        assert expected <= keys, table


def test_obsidian_daily_note_format_is_shown_as_from_obsidian(tmp_path):
    vault = write_vault(tmp_path / "v")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/daily-notes.json").write_text('{"format": "DD.MM.YYYY"}')
    data = run_json(["config", "last_touch.daily_note_formats", "--json"], vault)
    assert data["settings"] == [{"key": "last_touch.daily_note_formats", "value": ["YYYY-MM-DD", "DD.MM.YYYY"],
                                 "source": "obsidian", "file": ".obsidian/daily-notes.json", "line": None,
                                 "variable": None}]


@pytest.mark.parametrize("key,closest", [("followup.after_event", "followups.after_event, followups.going_cold_after"),
                                         ("after_event", "followups.after_event"),
                                         ("zzzz", None)])
def test_an_unknown_key_is_an_error_with_the_closest_keys(tmp_path, key, closest):
    result = run_cli(["config", key], write_vault(tmp_path / "v"), expect_error=True)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == f"error: unknown config key `{key}`"
    assert (f"hint: closest: {closest}" if closest else "hint: `netnotes config` lists every key") in result.stderr


def test_a_broken_config_is_reported_with_its_line(tmp_path):
    vault = write_vault(tmp_path / "v", config='[followups]\nafter_event = "soon"\n')
    result = run_cli(["config"], vault, expect_error=True)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line_error(result.stderr) == "error: .netnotes/config.toml has 1 error"
    assert ".netnotes/config.toml:2:1: error[config] `after_event` in [followups] must be a duration" in result.stderr


def test_config_outside_a_vault_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(["config"], expect_error=True)
    assert result.exit_code == 2 and "Traceback" not in result.output


# ---- start-up and docs ---------------------------------------------------------------------
def test_the_new_commands_import_nothing_at_start_up():
    code = ("import sys, netnotes.cli; print(','.join(m for m in "
            "('netnotes.vault.launch', 'netnotes.vault.config_sources', 'netnotes.vault.obsidian_uri') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
