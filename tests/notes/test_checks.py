"""Vault-wide rules (netnotes.notes.checks): what no single file can tell on its own, as
`netnotes validate` reports it: links in link properties that name no note, or two."""

from __future__ import annotations

from conftest import diagnostics_json, run_cli


def test_broken_links_in_link_properties(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": """\
---
name: Ann Lee
met_at: "[[BNI Capital]]"
introduced_by: "[[Bob Smit]]"
groups: ["[[Rotary Club]]", "[[Chamber]]"]
---
Body links to [[Nowhere]] are not checked.
""",
        "People/Bob Smith.md": "---\nname: Bob Smith\n---\n",
        "Groups/BNI Capital.md": "---\ntype: group\n---\n",
        "Groups/Ottawa Chamber.md": "---\ntype: group\naliases: [Chamber]\n---\n",
    })
    diags = diagnostics_json(vault)
    assert [(d["line"], d["col"], d["code"], d["severity"]) for d in diags] == [
        (4, 16, "broken-link", "warning"), (5, 9, "broken-link", "warning")]
    assert "[[Bob Smit]]" in diags[0]["message"] and "create the contact note" in diags[0]["message"]
    assert "[[Rotary Club]]" in diags[1]["message"]
    assert run_cli(["validate"], vault).exit_code == 0
    assert run_cli(["validate", "--strict"], vault).exit_code == 1


def test_ambiguous_link_names_both_notes(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": '---\nname: Ann Lee\ngroups: ["[[BNI]]"]\n---\n',
        "Groups/BNI.md": "---\ntype: group\n---\n",
        "Archive/BNI.md": "old",
    })
    (d,) = diagnostics_json(vault)
    assert d["code"] == "ambiguous-link"
    assert "Archive/BNI.md" in d["message"] and "Groups/BNI.md" in d["message"]


def test_bare_wikilink_is_resolved_by_validate(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\nname: Ann Lee\nmet_at: [[BNI]]\ngroups: [[Rotary]]\n---\n",
        "Groups/BNI.md": "---\ntype: group\n---\n",
    })
    diags = {(d["line"], d["code"]) for d in diagnostics_json(vault)}
    assert diags == {(3, "unquoted-wikilink"), (4, "unquoted-wikilink"), (4, "broken-link")}
