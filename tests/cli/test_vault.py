"""The vault commands as a user sees them (netnotes.cli.vault): `netnotes validate` prints
file:line:col lines with the excerpt and a marker, or JSON, and exits 0, 1 or 2; a corpus of
broken cards is reported and left unchanged. (init: tests/vault/test_init.py; index:
tests/index/test_cache_sync.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli, run_netnotes, tree_hashes, write_vault
from netnotes.base.diagnostics import RULES


def test_text_output_has_location_excerpt_and_marker(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\nname: Ann Lee\nmet: 2026-02-30\ntier: Z\n---\n",
        "People/Bob.md": "---\nname: Bob\nphone: 0612345678\n---\n",
    })
    result = run_cli(["validate"], vault)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "People/Ann Lee.md:3:6: error[invalid-date] `2026-02-30` is not a real date (day is out of range for "
        "month); write an existing day as YYYY-MM-DD",
        "  3 | met: 2026-02-30",
        "    |      ^^^^^^^^^^",
        "People/Ann Lee.md:4:7: error[unknown-tier] tier `Z` is not in the config; known tiers: A, B, C",
        "  4 | tier: Z",
        "    |       ^",
        'People/Bob.md:3:8: warning[unquoted-number] `phone: 0612345678` is read as a number by Obsidian and '
        'other YAML 1.2 tools (the leading 0 is lost); quote it: phone: "0612345678"',
        "  3 | phone: 0612345678",
        "    |        ^^^^^^^^^^",
    ]
    assert "2 notes checked: 2 errors, 1 warning" in result.stderr


def test_marker_lines_up_under_tabs_and_wide_line_numbers(make_vault):
    body = "\n" * 120 + "## Log\n-\t2026-02-30 call: hi\n"
    vault = make_vault({"People/Ann.md": "---\nname: Ann\n---\n" + body})
    lines = run_cli(["validate"], vault).stdout.splitlines()
    assert lines[0].startswith("People/Ann.md:125:3: error[invalid-date]")
    assert lines[1] == "  125 | - 2026-02-30 call: hi"
    assert lines[2] == "      |   ^^^^^^^^^^"


def test_json_output(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\nmet: 2026-02-30\n---\n"})
    result = run_cli(["validate", "--format", "json"], vault)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{
        "path": "People/Ann Lee.md", "line": 3, "col": 6, "code": "invalid-date",
        "message": "`2026-02-30` is not a real date (day is out of range for month); "
                   "write an existing day as YYYY-MM-DD",
        "severity": "error", "excerpt": "met: 2026-02-30",
    }]


def test_clean_vault_exits_0_and_says_so(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\ntier: A\n---\n"})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0
    assert result.stdout == "1 notes checked: 0 errors, 0 warnings\n"
    assert json.loads(run_cli(["validate", "--format", "json"], vault).stdout) == []


def test_warnings_only_exit_0_and_strict_makes_them_errors(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\nphone: 0612345678\nhobby: golf\n---\n"})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0
    assert "warning[unquoted-number]" in result.stdout
    assert "unknown-field" not in result.stdout  # strict only

    strict = run_cli(["validate", "--strict"], vault)
    assert strict.exit_code == 1
    assert "People/Ann Lee.md:3:8: error[unquoted-number]" in strict.stdout
    assert ("People/Ann Lee.md:4:1: error[unknown-field] unknown property `hobby`; list it in [vault] "
            "extra_fields of the config if you use it on purpose") in strict.stdout
    assert "  4 | hobby: golf\n    | ^^^^^" in strict.stdout
    assert "warning" not in strict.stdout


def test_yaml_error_shows_the_file_line_through_the_cli(make_vault):
    vault = make_vault({"People/Ann.md": "---\nname: Ann\ncompany: Acme\noffers: [design, print\ntier: A\n---\n"})
    lines = run_cli(["validate"], vault).stdout.splitlines()
    assert lines[0].startswith("People/Ann.md:4:9: error[yaml-syntax] YAML syntax error:")
    assert lines[1:] == ["  4 | offers: [design, print", "    |         ^"]


# ---- the corpus of broken cards -------------------------------------------------------------
# what each file must at least produce (without --strict)
EXPECTED = {
    "Alain Gervais (tab).md": {"yaml-syntax"},
    "Ben Carter (old card).md": {"unquoted-number"},
    "Ben Carter.md": {"duplicate-contact", "invalid-value"},
    "Bob Tremblay (bom crlf).md": {"invalid-date"},
    "Carla Diaz (unclosed).md": {"unclosed-front-matter"},
    "Chris Tanaka (duplicate key).md": {"duplicate-key"},
    "Daniel Roy (broken links).md": {"broken-link"},
    "Emily Watson (bad log).md": {"log-syntax", "log-kind", "invalid-date"},
    "Evil Import (python tag).md": {"yaml-unsafe"},
    "Fatima Ali (wrong types).md": {"field-type"},
    "Grace Kim (unknown tier).md": {"unknown-tier"},
    "Hélène Côté (latin-1).md": {"encoding"},
    "Ingrid Olsen (norway).md": {"yaml-ambiguous"},
    "Jean-François Roy.md": {"invalid-date"},
    "Laughs (alias bomb).md": {"yaml-unsafe"},
    "Marc Lefebvre (phone number).md": {"unquoted-number"},
    "Nina Kaur (unclosed list).md": {"yaml-syntax"},
    "Omar Haddad (bad stage).md": {"invalid-value"},
    "Priya Shah (unquoted phone).md": {"unquoted-number"},
    "Sam Lee (meeting time).md": {"yaml-ambiguous"},
    "Tom Becker (list front matter).md": {"front-matter-type"},
    "Zoe Martin (bare links).md": {"unquoted-wikilink", "broken-link"},
    "jean francois roy (duplicate).md": {"duplicate-contact"},
}


@pytest.fixture
def corpus_vault(tmp_path: Path) -> Path:
    vault = write_vault(tmp_path / "corpus")
    shutil.copytree(CORPUS, vault / "People")
    return vault


def test_corpus_lists_every_file():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert 15 <= len(EXPECTED) <= 25


@pytest.mark.parametrize("strict", [False, True])
def test_every_broken_card_is_reported_with_a_line_and_left_unchanged(corpus_vault, strict):
    before = tree_hashes(corpus_vault)
    args = ["validate", "--format", "json"] + (["--strict"] if strict else [])
    result = run_cli(args, corpus_vault)  # NETNOTES_DEBUG: an internal error would raise here
    assert result.exit_code == 1
    diags = json.loads(result.stdout)
    found: dict[str, set[str]] = {}
    for d in diags:
        assert d["path"].startswith("People/")
        assert d["line"] >= 1 and d["col"] >= 1, d
        assert d["code"] in RULES
        found.setdefault(d["path"].removeprefix("People/"), set()).add(d["code"])
    for name, codes in EXPECTED.items():
        assert codes <= found.get(name, set()), f"{name}: expected {codes}, got {found.get(name)}"
    if strict:
        assert {d["severity"] for d in diags} == {"error"}
        assert "unknown-field" in found["Ingrid Olsen (norway).md"]
    assert tree_hashes(corpus_vault) == before


def test_corpus_in_a_real_process_has_no_traceback_and_no_hang(corpus_vault):
    before = tree_hashes(corpus_vault)
    proc = run_netnotes(["validate"], cwd=corpus_vault, timeout=30)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "internal error" not in proc.stderr
    assert f"{len(EXPECTED)} notes checked" in proc.stderr
    for name in EXPECTED:
        assert f"People/{name}:" in proc.stdout
    # a second run reads the cache and says the same
    again = run_netnotes(["validate"], cwd=corpus_vault, timeout=30)
    assert (again.returncode, again.stdout) == (proc.returncode, proc.stdout)
    assert tree_hashes(corpus_vault) == before
