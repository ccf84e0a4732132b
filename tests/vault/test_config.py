"""The vault's `.netnotes/config.toml` (netnotes.vault.config): defaults, every error reported
together with its line, unknown keys warn, and the values are used."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import parse, run_cli
from netnotes.vault.config import Config, KindRule, default_config_text, load_config
from netnotes.base.errors import ConfigError


def _settings(cfg: Config) -> dict:
    return {f.name: getattr(cfg, f.name) for f in dataclasses.fields(Config) if f.name not in ("path", "warnings")}


def test_defaults_when_there_is_no_config(make_vault):
    cfg = load_config(make_vault({}))
    assert cfg.path is None
    assert _settings(cfg) == _settings(Config())
    assert cfg.tiers == {"A": 21, "B": 60, "C": 180}


def test_the_file_init_writes_parses_to_the_defaults(make_vault):
    vault = make_vault({})
    assert run_cli(["init", str(vault)]).exit_code == 0
    cfg = load_config(vault)
    assert cfg.path == vault / ".netnotes" / "config.toml"
    assert cfg.warnings == ()
    assert _settings(cfg) == _settings(Config())


def test_every_commented_option_is_its_default(make_vault):
    """Uncommenting each `# key = value` line of the init file changes nothing (the file says
    the truth about defaults). [synonyms] holds an example and [me] has no defaults."""
    text = default_config_text()
    out, table = [], ""
    for line in text.splitlines():
        header = re.match(r"\[([^\]]+)\]", line)
        if header:
            table = header.group(1)
        option = re.match(r"# ([A-Za-z_]+ = .*)$", line)
        out.append(option.group(1) if option and table not in ("synonyms", "me") else line)
    uncommented = "\n".join(out) + "\n"
    assert uncommented.count("\n") == text.count("\n")
    assert sum(1 for a, b in zip(uncommented.splitlines(), text.splitlines()) if a != b) >= 20
    cfg = load_config(make_vault({}, config=uncommented))
    assert cfg.warnings == ()
    assert _settings(cfg) == _settings(Config())


def test_toml_syntax_error_names_file_and_line(make_vault):
    vault = make_vault({}, config='[vault]\nignore = ["Archive/**"\nlog_heading = "Log"\n')
    with pytest.raises(ConfigError) as err:
        load_config(vault)
    (d,) = err.value.diagnostics
    assert (d.path, d.line, d.code) == (".netnotes/config.toml", 3, "config")
    assert "TOML syntax error" in d.message

    result = run_cli(["validate"], vault, expect_error=True)
    assert result.exit_code == 2
    assert ".netnotes/config.toml:3:1: error[config] TOML syntax error" in result.stderr
    assert "Traceback" not in result.output


BAD = """\
[vault]
ignore = ["Archive/**"]
colour = "red"

[tiers]
A = "often"
B = "2m"

[reviews]
max_introductions = 0

[kinds.contact]
folders = "People"

[bogus]
x = 1
"""


def test_several_errors_are_reported_together_with_lines(make_vault):
    vault = make_vault({}, config=BAD)
    with pytest.raises(ConfigError) as err:
        load_config(vault)
    got = [(d.line, d.code, d.severity.value) for d in err.value.diagnostics]
    assert got == [(6, "config", "error"), (10, "config", "error"), (13, "config", "error"),
                   (3, "config-unknown-key", "warning"), (15, "config-unknown-key", "warning")]
    msgs = [d.message for d in err.value.diagnostics]
    assert 'tier `A` needs a cadence such as "3w"' in msgs[0] and "'often'" in msgs[0]
    assert "whole number from 1 to 10000" in msgs[1]
    assert "list of folders inside the vault" in msgs[2]
    assert "`colour`" in msgs[3] and "known: ignore" in msgs[3]
    assert "`bogus`" in msgs[4]

    result = run_cli(["validate"], vault, expect_error=True)
    assert result.exit_code == 2
    assert "error: .netnotes/config.toml has 3 errors" in result.stderr
    for line in (6, 10, 13):
        assert f".netnotes/config.toml:{line}:1: error[config]" in result.stderr
    assert "  6 | A = \"often\"" in result.stderr


def test_unknown_keys_only_warn(make_vault):
    vault = make_vault({"People/Ann.md": "---\nname: Ann\n---\n"}, config='[vault]\ncolour = "red"\n')
    cfg = load_config(vault)
    assert [(d.line, d.code) for d in cfg.warnings] == [(2, "config-unknown-key")]
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0
    assert ".netnotes/config.toml:2:1: warning[config-unknown-key] unknown key `colour` in [vault]" in result.stdout
    assert run_cli(["validate", "--strict"], vault).exit_code == 1


def test_config_values_are_used(make_vault):
    vault = make_vault({}, config="""\
[vault]
ignore = ["Archive/**"]
extra_fields = ["spouse"]
[tiers]
Gold = "2w"
Silver = "3m"
[reviews]
folder = "Weekly"
[kinds.contact]
folders = ["Contacts"]
""")
    cfg = load_config(vault)
    assert cfg.tiers == {"Gold": 14, "Silver": 90}
    assert cfg.reviews_folder == "Weekly"
    assert cfg.contact == KindRule(("Contacts",), ("person", "contact"), ("person", "contact"), ("People", "Contacts"))
    assert cfg.ignore == ("Archive/**",)
    note = parse("---\nname: Ann\ntier: Gold\nspouse: Bob\n---\n", rel="Contacts/Ann.md", config=cfg)
    assert note.kind == "contact"
    assert note.diagnostics == ()
    other = parse("---\ntier: A\n---\n", rel="Contacts/B.md", config=cfg)
    assert [d.code for d in other.diagnostics] == ["unknown-tier"]
    assert parse("---\nname: Ann\n---\n", rel="People/Ann.md", config=cfg).kind == "note"


def test_empty_tables_are_the_defaults(make_vault):
    text = "".join(f"[{t}]\n" for t in ("vault", "kinds", "kinds.contact", "tiers", "followups", "synonyms",
                                         "pipeline", "reviews", "last_touch"))
    cfg = load_config(make_vault({}, config=text))
    assert _settings(cfg) == _settings(Config())


def test_config_that_is_not_utf8_is_a_clear_error(make_vault):
    vault = make_vault({})
    (vault / ".netnotes" / "config.toml").write_bytes(b'[me]\nname = "Ren\xe9"\n')
    result = run_cli(["validate"], vault, expect_error=True)
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.output
