"""Where each effective config value came from, for ``netnotes config``.

Every key of ``config.OPTIONS`` is listed, defaults included, so a key added there shows up
here by itself; its value is the one commands use, written as TOML would write it, with its
source: a default, a line of ``.netnotes/config.toml``, Obsidian's settings, or an
environment variable (the editor of ``netnotes open``, as git reads $VISUAL and $EDITOR).
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass, replace
from typing import Any, Mapping

from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text
from netnotes.vault.config import (CONFIG_DIR, CONFIG_NAME, OPTIONS, Config, _cadence, _locate,
                                   _nonempty_cadence, _str_list)

FILE = f"{CONFIG_DIR}/{CONFIG_NAME}"
DEFAULT, FROM_FILE, OBSIDIAN, ENVIRONMENT = "default", "config", "obsidian", "environment"
EDITOR_VARIABLES = ("VISUAL", "EDITOR")

# the Config field of each key whose field is not named as the key is
_FIELDS = {"reviews.folder": "reviews_folder", "reminders.properties": "reminder_properties",
           "reminders.days": "reminder_days", "asks.max": "max_asks", "asks.rest_weeks": "ask_rest_weeks",
           "open.with": "open_with", "open.editor": "open_editor", "dataview.inline_fields": "dataview"}
# what Obsidian's settings add when the file does not say (config.load_config reads them)
_OBSIDIAN = {"last_touch.daily_note_formats": ".obsidian/daily-notes.json",
             "dataview.inline_fields": ".obsidian/plugins/dataview/"}
_DURATIONS = (_cadence, _nonempty_cadence)  # kept as days in Config: shown as written


@dataclass(frozen=True)
class Setting:
    """One effective value and where it came from."""

    key: str  # dotted, as in the file: "followups.after_event", "tiers.A"
    value: Any  # as TOML writes it: "2d", ["A"], 2.0, true
    source: str  # DEFAULT, FROM_FILE, OBSIDIAN or ENVIRONMENT
    file: str | None = None  # the file it was read from, vault-relative
    line: int | None = None  # its line in that file, when known
    variable: str | None = None  # the environment variable it was read from

    @property
    def origin(self) -> str:
        """Where it came from, in words: "default", ".netnotes/config.toml:12", "$EDITOR"."""
        if self.variable:
            return f"environment variable ${self.variable}"
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return DEFAULT

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "source": self.source, "file": self.file,
                "line": self.line, "variable": self.variable}

    def to_text(self) -> str:
        """The value alone, for ``netnotes config KEY``: a string as it is, others as TOML."""
        return self.value if isinstance(self.value, str) else toml_value(self.value)


def config_settings(config: Config, env: Mapping[str, str]) -> list[Setting]:
    """Every effective value of ``config``, in the order of docs/config.md."""
    text = _file_text(config)
    raw = tomllib.loads(text) if text else {}
    out: list[Setting] = []
    for table, spec in OPTIONS.items():
        written = _table(raw, table)
        if spec is None:
            out += _free_table(config, table, written, text)
            continue
        for key, (conv, _expected) in spec.items():
            full = f"{table}.{key}"
            line = _locate(text, table, key)[0] or None if key in written else None
            if full == "open.editor":
                editor = editor_setting(config, env)
                out.append(replace(editor, line=line) if editor.source == FROM_FILE else editor)
            elif key in written:
                value = written[key] if conv in _DURATIONS else _shown(config, table, key, conv)
                out.append(Setting(full, value, FROM_FILE, FILE, line))
            else:
                value, default = _shown(config, table, key, conv), _shown(Config(), table, key, conv)
                out.append(Setting(full, value, DEFAULT) if value == default else
                           Setting(full, value, OBSIDIAN, _OBSIDIAN.get(full, ".obsidian/")))
    return out


def editor_variable(env: Mapping[str, str]) -> str | None:
    """$VISUAL if set, else $EDITOR if set (an empty variable is not set)."""
    return next((name for name in EDITOR_VARIABLES if env.get(name, "").strip()), None)


def editor_setting(config: Config, env: Mapping[str, str]) -> Setting:
    """The editor ``netnotes open`` runs: [open] editor, else $VISUAL, else $EDITOR ("": none)."""
    if config.open_editor.strip():
        return Setting("open.editor", config.open_editor, FROM_FILE, FILE)
    name = editor_variable(env)
    return Setting("open.editor", env[name], ENVIRONMENT, variable=name) if name else \
        Setting("open.editor", config.open_editor, DEFAULT)


def find_settings(settings: list[Setting], key: str) -> list[Setting]:
    """The setting ``key`` names, or every setting of the table it names (``followups``);
    an unknown key is an error listing the closest ones."""
    exact = [s for s in settings if key in (s.key, s.key.replace('"', ""))]
    if exact:
        return exact
    inside = [s for s in settings if s.key.startswith(f"{key}.")]
    if inside:
        return inside
    names = [s.key for s in settings] + list(OPTIONS)
    same_tail = [n for n in names if n.split(".")[-1] == key.split(".")[-1]]
    close = list(dict.fromkeys(same_tail + difflib.get_close_matches(key, names, n=3, cutoff=0.6)))[:3]
    hint = f"closest: {', '.join(close)}" if close else "`netnotes config` lists every key"
    raise NetnotesError(f"unknown config key `{key}`", hint)


def settings_text(settings: list[Setting]) -> str:
    """``key = value  # source`` lines, the sources aligned where the lines are short."""
    lines = [f"{s.key} = {toml_value(s.value)}" for s in settings]
    width = min(max((len(line) for line in lines), default=0), 44)
    return "\n".join(f"{line.ljust(width)}  # {s.origin}" for line, s in zip(lines, settings))


def toml_value(value: Any) -> str:
    """``value`` as it is written in a TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # JSON's escapes are TOML's, but for DEL, which TOML escapes too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _file_text(config: Config) -> str:
    """The config file's text as it was loaded (empty when there is none)."""
    if config.path is None:
        return ""
    from netnotes.base.files import read_regular

    try:
        text = decode_text(read_regular(config.path, limit=1024 * 1024)[0])
        tomllib.loads(text)
    except (OSError, ValueError):
        raise NetnotesError(f"{FILE} changed while netnotes read it", "run the command again") from None
    return text


def _table(raw: dict, table: str) -> dict:
    for part in table.split("."):
        raw = raw.get(part, {}) if isinstance(raw, dict) else {}
    return raw if isinstance(raw, dict) else {}


def _free_table(config: Config, table: str, written: dict, text: str) -> list[Setting]:
    """``[tiers]``, ``[synonyms]``...: keys of the user's choosing, the table replaced whole."""
    values = _toml(config.tier_cadence_text if table == "tiers" else getattr(config, table))
    if not written:
        return [Setting(_dotted(table, k), v, DEFAULT) for k, v in values.items()] or [Setting(table, {}, DEFAULT)]
    return [Setting(_dotted(table, k), v, FROM_FILE, FILE, _locate(text, table, k)[0] or None)
            for k, v in values.items()]


def _dotted(table: str, key: str) -> str:
    """``tiers.A``, ``synonyms."HR consulting"``: a key quoted where TOML would quote it."""
    return f"{table}.{key}" if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f"{table}.{toml_value(key)}"


def _shown(config: Config, table: str, key: str, conv: Any) -> Any:
    """The value commands use, as the file would write it (a duration in days as "30d")."""
    if table.startswith("kinds."):
        value = getattr(getattr(config, table.split(".", 1)[1]), key)
    elif table == "me":
        value = config.me.get(key, [] if conv is _str_list else "")
    else:
        name = _FIELDS.get(f"{table}.{key}", key)
        value = getattr(config, name if hasattr(config, name) else f"{table}_{key}")
    if conv in _DURATIONS:
        return f"{value}d" if value is not None else ""
    return _toml(value)


def _toml(value: Any) -> Any:
    """A Config value as the file writes it: tuples as lists."""
    if isinstance(value, tuple):
        return [_toml(v) for v in value]
    if isinstance(value, dict):
        return {k: _toml(v) for k, v in value.items()}
    return value
