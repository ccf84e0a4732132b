"""Link and name resolution (netnotes.notes.resolve), as Obsidian does it: by path, file name,
`name` or alias, in any case; an exact match beats a case-insensitive one."""

from __future__ import annotations

import json

from conftest import diagnostics_json, run_cli


def test_links_resolve_by_file_name_name_alias_and_path_in_any_case(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": """\
---
name: Ann Lee
introduced_by: "[[robert smith]]"
met_at: "[[Events/Spring Gala|the gala]]"
groups: ["[[BNI#Members]]", "[[Groups/Rotary.md]]", "[[Chamber]]"]
---
""",
        "People/Bob.md": "---\nname: Robert Smith\n---\n",
        "Events/Spring Gala.md": "---\ntype: event\n---\n",
        "Groups/BNI.md": "---\ntype: group\n---\n",
        "Groups/Rotary.md": "---\ntype: group\n---\n",
        "Groups/Ottawa Chamber.md": "---\ntype: group\naliases: [chamber]\n---\n",
    })
    assert diagnostics_json(vault) == []


def test_exact_match_beats_case_insensitive(make_vault) -> None:
    root = make_vault({"People/Sam.md": "---\ncompany: Exact\n---\n",
                       "People/Other.md": "---\naliases: [sam]\ncompany: Alias\n---\n"})
    assert shown(root, "Sam")["company"] == "Exact"
    assert shown(root, "sam")["company"] == "Alias"  # an exact alias beats a case-insensitive name


def shown(root, typed: str) -> dict:
    """`netnotes show TYPED --json`, which must succeed without a word on stderr."""
    result = run_cli(["show", typed, "--json"], root)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)
