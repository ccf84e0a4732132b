"""Dataview inline fields read as properties: on where the plugin is installed, or by config."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, strategies as st

from conftest import diagnostics_json, parse, run_json, write_vault

from netnotes.notes.inline import inline_fields, split_value
from netnotes.vault.config import Config, load_config

DATAVIEW = replace(Config(), dataview=True)


def test_fields_on_their_own_line_in_a_list_and_in_brackets():
    body = ["last-contact:: 2024-01-05", "- **Company**:: Acme", "Met [met:: 2023-03-01] at (where:: [[BNI]]).",
            "```", "code:: not a field", "```", "`inline:: code`", "Note: not:: a field? no, `::` inside",
            "attendees:: [[Ann]], [[Bo Li|Bo]]"]
    fields = inline_fields(body, 10)
    assert [(f.key, f.value, f.line, f.col) for f in fields] == [
        ("last-contact", "2024-01-05", 10, 16), ("Company", "Acme", 11, 17), ("met", "2023-03-01", 12, 12),
        ("where", "[[BNI]]", 12, 36), ("attendees", ["[[Ann]]", "[[Bo Li|Bo]]"], 18, 13)]


@given(st.text("abcdefgh ", min_size=1, max_size=10).map(str.strip).filter(bool),
       st.text("abcxyz 0123-.", min_size=1, max_size=20).map(str.strip).filter(bool))
def test_a_field_line_reads_back_its_key_and_value(key, value):
    (f,) = inline_fields([f"{key}:: {value}"], 1)
    assert (f.key, f.value, f.col) == (key, value, len(key) + 4)


@given(st.lists(st.text("abcAB xy", min_size=1, max_size=8).map(str.strip).filter(bool), min_size=2, max_size=5))
def test_links_separated_by_commas_are_a_list(names):
    links = [f"[[{n}]]" for n in names]
    assert split_value(", ".join(links)) == links
    assert split_value(links[0]) == links[0]


def test_inline_fields_are_properties_of_a_card_and_problems_point_at_them():
    n = parse("# Eve\n\ncompany:: Initech\nlast-contact:: 2024-13-45\n", config=DATAVIEW)
    assert n.props["company"] == "Initech"
    (d,) = [d for d in n.diagnostics if d.code == "invalid-date"]
    assert (d.line, d.col) == (4, 16)
    assert n.prop_pos["last_contact"] == (4, 16, 10)


def test_front_matter_wins_over_an_inline_field_of_the_same_name():
    n = parse("---\nCompany: Acme\n---\ncompany:: Other\n", config=DATAVIEW)
    assert n.props["company"] == "Acme"


def test_off_by_default_without_the_plugin():
    n = parse("company:: Initech\n")
    assert "company" not in n.props


def test_on_where_dataview_is_installed_and_off_by_config(tmp_path):
    files = {"People/Eve.md": "company:: Initech\nlast-contact:: 2024-01-05\n",
             "Meetings/Review.md": "date:: 2024-02-01\nattendees:: [[Eve]]\n"}
    vault = write_vault(tmp_path / "v", files)
    (vault / ".obsidian/plugins/dataview").mkdir(parents=True)
    assert load_config(vault).dataview
    (row,) = run_json(["list", "--json"], vault, today="2026-11-20")
    assert (row["company"], row["last_touch"]) == ("Initech", "2024-02-01")
    assert diagnostics_json(vault, "--strict") == []
    off = write_vault(tmp_path / "off", files, config="[dataview]\ninline_fields = false\n")
    (off / ".obsidian/plugins/dataview").mkdir(parents=True)
    (row,) = run_json(["list", "--json"], off, today="2026-11-20")
    assert (row["company"], row["last_touch"]) == (None, None)
    on = write_vault(tmp_path / "on", files, config="[dataview]\ninline_fields = true\n")
    assert load_config(on).dataview


def test_strict_names_an_unknown_inline_field_at_its_key():
    n = parse("Intro.\n- **Hobby**:: chess\n", config=DATAVIEW)
    (d,) = [d for d in n.diagnostics if d.code == "unknown-field"]
    assert (d.line, d.col) == (2, 5)
