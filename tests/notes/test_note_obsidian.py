"""Cards as an Obsidian vault writes them: the kind property, tags and aliases split as Obsidian
splits them, Markdown links, and where an unknown list property is reported."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, strategies as st

from conftest import codes, diagnostics_json, parse, where, write_vault

from netnotes.notes.fields import split_aliases, split_tags
from netnotes.vault.config import Config


def test_type_as_a_list_of_links_is_no_error_when_the_kind_property_is_another():
    cfg = replace(Config(), type_field="kind")
    n = parse('---\ncategories:\n  - "[[People]]"\ntype:\n  - "[[Authors]]"\n---\n', config=cfg)
    assert n.kind == "contact"
    assert "field-type" not in codes(n) and n.props["type"] == ["[[Authors]]"]


def test_the_kind_property_accepts_a_link_or_a_list():
    n = parse('---\ntype: ["[[Authors]]"]\n---\n', rel="Notes/Ann.md")
    assert n.kind == "note" and codes(n) == []
    assert parse('---\ntype: "[[Person]]"\n---\n', rel="Notes/Ann.md").kind == "contact"
    assert parse("---\ntype: [author, person]\n---\n", rel="Notes/Ann.md").kind == "contact"
    n = parse('---\ntype: ["[[Authors]]"]\n---\n')
    assert n.kind == "contact" and codes(n) == []


def test_a_vault_with_type_links_validates(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": '---\ntype: ["[[Authors]]"]\n---\n',
                                         "Books/B.md": '---\ntype: ["[[Books]]"]\n---\n'})
    assert diagnostics_json(vault) == []


def test_tags_in_one_string_are_split_on_blanks_and_commas():
    n = parse("---\ntags: type/person role/tk\n---\n", rel="Notes/Gina.md")
    assert n.tags == ("type/person", "role/tk")
    cfg = replace(Config(), contact=replace(Config().contact, tags=("type/person",)))
    assert parse("---\ntags: type/person, role/tk\n---\n", rel="Notes/Gina.md", config=cfg).kind == "contact"


def test_aliases_in_one_string_are_split_on_commas():
    n = parse("---\naliases: Gigi, G. Gray\n---\n")
    assert n.aliases == ["Gigi", "G. Gray"]
    assert parse("---\naliases: [Gigi, G. Gray]\n---\n").aliases == ["Gigi", "G. Gray"]


@given(st.lists(st.text("abcxyz/_-0123", min_size=1, max_size=8), max_size=6),
       st.sampled_from([" ", ", ", ",", "  ", " , "]))
def test_split_tags_reads_back_the_tags_joined(tags, sep):
    assert split_tags(sep.join(tags)) == tags
    assert split_tags(["#" + t for t in tags]) == tags


@given(st.lists(st.text("abc XYZ.'-", min_size=1, max_size=10).map(str.strip).filter(bool), max_size=5))
def test_split_aliases_reads_back_the_names_joined(names):
    assert split_aliases(", ".join(names)) == names
    assert split_aliases(names) == names


def test_markdown_links_to_notes_are_links():
    n = parse("---\nwith: \"[Ann](People/Ann%20Lee.md)\"\n---\nSaw [Bo](<../People/Bo Brandt.md>) "
              "and [a site](https://example.com) and ![pic](pic.png).\n", rel="Meetings/2024-01-05 Sync.md")
    assert [(lk.target, lk.source, lk.line) for lk in n.links] == [
        ("People/Ann Lee", "with", 2), ("People/Bo Brandt", "body", 4)]


def test_strict_reports_an_unknown_list_property_at_its_key():
    n = parse("---\ncompany: Acme\nhobbies:\n  - chess\n  - go\n---\n")
    assert where(n, "unknown-field") == [(3, 1)]


def test_a_template_placeholder_outside_the_templates_folder_is_one_clear_problem():
    n = parse("---\ncreated: {{date}}\ntitle: {{title}}\n---\n")
    assert [(d.line, d.col) for d in n.diagnostics] == [(2, 10), (3, 8)]
    assert "`{{date}}` is a template placeholder" in n.diagnostics[0].message
    assert "Templates plugin's folder" in n.diagnostics[0].message
    assert n.props["created"] is None
