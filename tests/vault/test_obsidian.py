"""What netnotes reads from .obsidian/: template folders (skipped), Dataview, property types."""

from __future__ import annotations

import json

from conftest import diagnostics_json, run_cli, run_json, run_ok, write_vault

from netnotes.vault.obsidian import merged_types, template_folders

TEMPLATE = "---\ncategories:\n  - \"[[People]]\"\ncreated: {{date}}\nbirthday: {{date:YYYY-MM-DD}}\n---\n# {{title}}\n"


def _vault(tmp_path, settings: dict[str, str], config: str | None = None):
    files = {"People/Ann Lee.md": "---\ncompany: Acme\n---\n", "Templates/Person.md": TEMPLATE,
             "Meta/Tpl/Meeting.md": "---\ndate: {{date}}\npeople: []\n---\n"}
    vault = write_vault(tmp_path / "v", files, config=config)
    for rel, text in settings.items():
        (vault / ".obsidian" / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / ".obsidian" / rel).write_text(text)
    return vault


def test_the_core_templates_folder_and_templaters_are_skipped(tmp_path):
    vault = _vault(tmp_path, {"templates.json": '{"folder": "Templates"}',
                              "plugins/templater-obsidian/data.json": '{"templates_folder": "/Meta/Tpl/"}'})
    assert template_folders(vault) == ("Templates", "Meta/Tpl")
    assert diagnostics_json(vault) == []
    assert [r["name"] for r in run_json(["list", "--json"], vault)] == ["Ann Lee"]


def test_templates_are_data_without_the_settings_and_config_ignore_skips_them(tmp_path):
    vault = _vault(tmp_path, {})
    assert run_cli(["validate"], vault).exit_code == 1  # no settings: the templates are read as cards
    vault = _vault(tmp_path, {}, config='[vault]\nignore = ["Templates/", "Meta/Tpl/"]\n')
    assert diagnostics_json(vault) == []


def test_broken_template_settings_are_no_folder(tmp_path):
    vault = _vault(tmp_path, {"templates.json": "{not json", "plugins/templater-obsidian/data.json": '{"templates_folder": 3}'})
    assert template_folders(vault) == ()


def test_a_property_type_is_never_added_under_another_case():
    text, added = merged_types(json.dumps({"types": {"Birthday": "date", "EMAIL": "text"}}))
    types = json.loads(text)["types"]
    assert "birthday" not in types and "email" not in types and "birthday" not in added
    assert types["Birthday"] == "date" and types["company"] == "text"


def test_init_keeps_a_capitalised_type(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": "---\nBirthday: 1980-04-02\n---\n"}, marker=False)
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/types.json").write_text('{"types": {"Birthday": "date"}}')
    run_ok(["init", str(vault)])
    types = json.loads((vault / ".obsidian/types.json").read_text())["types"]
    assert [k for k in types if k.lower() == "birthday"] == ["Birthday"]
