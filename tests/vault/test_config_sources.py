"""Where each config value came from (netnotes.vault.config_sources): every option listed,
values written as TOML writes them, the editor read as git reads it."""

from __future__ import annotations

import tomllib

from hypothesis import given, strategies as st

from conftest import write_vault
from netnotes.vault.config import load_config
from netnotes.vault.config_sources import config_settings, editor_setting, toml_value

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
VALUES = st.recursive(st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
                      | TEXT, lambda inner: st.lists(inner, max_size=4), max_leaves=8)


@given(VALUES)
def test_every_value_shown_reads_back_as_toml(value):
    assert tomllib.loads(f"x = {toml_value(value)}")["x"] == value


@given(st.dictionaries(TEXT.filter(bool), st.lists(TEXT, max_size=3), max_size=3))
def test_a_free_table_key_shown_reads_back_as_toml(synonyms):
    text = "[synonyms]\n" + "".join(f"{toml_value(k)} = {toml_value(v)}\n" for k, v in synonyms.items())
    assert tomllib.loads(text).get("synonyms", {}) == synonyms


def test_the_editor_is_the_config_then_visual_then_editor(tmp_path):
    plain = load_config(write_vault(tmp_path / "a"))
    assert editor_setting(plain, {}).value == "" and editor_setting(plain, {}).origin == "default"
    assert editor_setting(plain, {"EDITOR": "nano"}).origin == "environment variable $EDITOR"
    both = {"VISUAL": "code --wait", "EDITOR": "nano"}
    assert editor_setting(plain, both).value == "code --wait"
    assert editor_setting(plain, {"VISUAL": " ", "EDITOR": "nano"}).value == "nano"  # blank is unset
    configured = load_config(write_vault(tmp_path / "b", config='[open]\neditor = "vim -n"\n'))
    setting = next(s for s in config_settings(configured, both) if s.key == "open.editor")
    assert (setting.value, setting.origin) == ("vim -n", ".netnotes/config.toml:2")


def test_a_duration_is_shown_as_written(tmp_path):
    config = load_config(write_vault(tmp_path / "v", config='[pipeline]\nstalled_after = "6 weeks"\n'))
    by_key = {s.key: s for s in config_settings(config, {})}
    assert by_key["pipeline.stalled_after"].value == "6 weeks"
    assert by_key["followups.after_event"].value == "2d"
