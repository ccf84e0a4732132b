"""Edits read front matter with the one YAML loader `netnotes validate` uses: a card that
validate refuses (nesting too deep, an unsafe tag) is refused by every edit too, with the
file and line, exit status 4 and nothing written; never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli, tree_hashes, write_vault

DEEP_CARDS = {  # name -> front matter lines after `name:`; the problem is on file line 3
    "Ann Open": "x: " + "[" * 5000,  # 5,000 unclosed `[`
    "Bo Flow": "x: " + "[" * 150 + "]" * 150,  # balanced, 150 levels
    "Cy Map": "x: " + "{a: " * 150 + "1" + "}" * 150,
    "Di Block": "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 120)) + "  " * 120 + "v: 1",
}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # cards are shown as vault/People/...


def _vault(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return write_vault(tmp_path / "vault", files)


def _run(vault: Path, *args: str):
    # no NETNOTES_DEBUG, and exceptions caught: an internal error shows as exit status 70,
    # as a user sees it
    return run_cli(list(args), vault, today=None if args[0] == "validate" else "2026-11-20",
                   env={"NETNOTES_DEBUG": None}, expect_error=True)


_files = tree_hashes


def _validate(vault: Path) -> list[dict]:
    result = _run(vault, "validate", "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(DEEP_CARDS))
def test_followup_refuses_a_card_nested_too_deep(tmp_path, name):
    rel = f"People/{name}.md"
    vault = _vault(tmp_path, {rel: f"---\nname: {name}\n{DEEP_CARDS[name]}\n---\nMet at the fair.\n"})
    [problem] = _validate(vault)
    assert (problem["path"], problem["code"]) == (rel, "yaml-unsafe")
    before = _files(vault)

    result = _run(vault, "followup", name, "2026-12-01")

    assert result.exit_code == 4, result.output  # the edit was refused: not 70, an internal error
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: vault/{rel}: the front matter does not parse: line {problem['line']}, "
                            f"column {problem['col']}: "), first
    assert problem["message"] in first  # the same words validate uses
    assert "internal error" not in result.stderr
    assert _files(vault) == before  # nothing written, no temp file left


def test_every_property_edit_refuses_the_deep_card(tmp_path):
    rel = "People/Ann Open.md"
    vault = _vault(tmp_path, {rel: "---\nname: Ann Open\nx: " + "[" * 5000 + "\n---\n"})
    before = _files(vault)
    for args in (["followup", "Ann Open", "--clear"], ["followup", "Ann Open", "2026-12-01", "--dry-run"],
                 ["followup", "Ann Open", "in 2 weeks"]):
        result = _run(vault, *args)
        assert result.exit_code == 4, (args, result.output)
        assert f"vault/{rel}: the front matter does not parse: line 3" in result.stderr, args
    assert _files(vault) == before


def test_a_log_entry_still_goes_into_the_body_and_leaves_the_front_matter_as_it_was(tmp_path):
    # `log` changes only the body: it never reads the properties, so it never refuses them
    rel = "People/Ann Open.md"
    front = "---\nname: Ann Open\nx: " + "[" * 5000 + "\n---\n"
    vault = _vault(tmp_path, {rel: front})
    result = _run(vault, "log", "Ann Open", "call: hello")
    assert result.exit_code == 0, result.output
    assert (vault / rel).read_text(encoding="utf-8") == front + "## Log\n- 2026-11-20 call: hello\n"


def test_a_deep_card_with_a_bom_and_crlf_names_the_same_line(tmp_path):
    rel = "People/Bo Flow.md"
    card = "\ufeff---\r\nname: Bo Flow\r\n# a comment\r\nx: " + "[" * 40 + "]" * 40 + "\r\n---\r\n"
    vault = _vault(tmp_path, {rel: card})
    [problem] = _validate(vault)
    assert problem["line"] == 4
    result = _run(vault, "followup", "Bo Flow", "2026-12-01")
    assert result.exit_code == 4, result.output
    assert f"vault/{rel}: the front matter does not parse: line 4, column {problem['col']}:" in result.stderr
    assert (vault / rel).read_bytes() == card.encode("utf-8")


def test_an_unsafe_tag_is_refused_at_its_line(tmp_path):
    rel = "People/Evil.md"
    card = "---\nname: Evil\ncompany: Acme\nx: !!python/object/apply:os.getcwd []\n---\n"
    vault = _vault(tmp_path, {rel: card})
    result = _run(vault, "followup", "Evil", "2026-12-01")
    assert result.exit_code == 4, result.output
    assert f"vault/{rel}: the front matter does not parse: line 4, column 4: the YAML tag" in result.stderr
    assert (vault / rel).read_bytes() == card.encode("utf-8")


def test_a_date_that_does_not_exist_elsewhere_does_not_stop_the_edit(tmp_path):
    # validate reports it; the edit keeps it as written and changes only next_followup
    rel = "People/Fay Date.md"
    vault = _vault(tmp_path, {rel: "---\nname: Fay Date\nmet: 2026-02-30\n---\n"})
    result = _run(vault, "followup", "Fay Date", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert (vault / rel).read_text(encoding="utf-8") == (
        "---\nname: Fay Date\nmet: 2026-02-30\nnext_followup: 2026-12-01\n---\n")


def test_the_same_nesting_at_the_limit_is_still_edited(tmp_path):
    rel = "People/Gil Ok.md"
    value = "[" * 31 + "1" + "]" * 31  # 31 levels under the top-level mapping: within the limit
    vault = _vault(tmp_path, {rel: f"---\nname: Gil Ok\nx: {value}\n---\n"})
    assert _run(vault, "validate").exit_code == 0
    result = _run(vault, "followup", "Gil Ok", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert (vault / rel).read_text(encoding="utf-8") == (
        f"---\nname: Gil Ok\nx: {value}\nnext_followup: 2026-12-01\n---\n")
