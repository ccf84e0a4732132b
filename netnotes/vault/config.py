"""The vault's ``.netnotes/config.toml``: defaults, loading and validation.

Every problem in the file is collected and reported together with its line; unknown keys
are warnings. An empty table means "the defaults" (``netnotes init`` writes the headers with
every option commented out).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from netnotes.base.dates import parse_duration
from netnotes.base.diagnostics import Diagnostic, Severity
from netnotes.base.errors import ConfigError
from netnotes.base.text import NotUtf8, decode_text
from netnotes.vault.obsidian import dataview_installed, unknown_tokens

CONFIG_DIR = ".netnotes"
CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class KindRule:
    """How notes of one kind are recognised."""

    folders: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    ignore: tuple[str, ...] = ()
    currency: str = ""
    phone_region: str = ""  # ISO 3166 country whose numbers `add --phone` reads without a +
    date_order: str = ""  # "dmy", "mdy" or "ymd": how a numeric date such as 01.02.2027 reads; "" refuses it
    log_heading: str = "Log"
    extra_fields: tuple[str, ...] = ()
    type_field: str = "type"
    category_field: str = "categories"
    contact: KindRule = KindRule(("People",), ("person", "contact"), ("person", "contact"), ("People", "Contacts"))
    group: KindRule = KindRule(("Groups",), ("group",), ("group",), ("Groups",))
    event: KindRule = KindRule(("Events",), ("event",), ("event",), ("Events",))
    tiers: dict[str, int] = field(default_factory=lambda: {"A": 21, "B": 60, "C": 180})
    tier_cadence_text: dict[str, str] = field(default_factory=lambda: {"A": "3w", "B": "2m", "C": "6m"})
    default_cadence: int | None = None
    going_cold_tiers: tuple[str, ...] = ("A",)
    going_cold_after: float = 2.0
    after_event: int = 2  # days from an event to the first follow-up of the people met there
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stalled_after: int = 30
    max_introductions: int = 5
    reviews_folder: str = "Reviews"
    record_ticks: bool = True  # ticked review tasks are logged on the cards they name
    supersede_old_tasks: bool = True  # open generated tasks of older review pages become [-]
    per_person: bool = False  # each person's pages in a folder of their own (a team vault, docs/team.md)
    sign_entries: bool = False  # log entries netnotes writes end with [by:: NAME] (docs/team.md)
    daily_note_formats: tuple[str, ...] = ("YYYY-MM-DD",)
    date_properties: tuple[str, ...] = ("date",)
    people_properties: tuple[str, ...] = ("people", "attendees", "with")
    reminder_properties: tuple[str, ...] = ("birthday", "anniversary", "work_anniversary")
    reminder_days: int = 7
    max_asks: int = 3
    ask_rest_weeks: int = 2
    open_with: str = "editor"  # `netnotes open`: "editor" ($VISUAL/$EDITOR) or "obsidian" (its URI)
    open_editor: str = ""  # the editor command of `netnotes open`; "" means $VISUAL, else $EDITOR
    me: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # a property name as written -> netnotes' field
    dataview: bool = False  # Dataview inline fields (`key:: value`) are properties
    warnings: tuple[Diagnostic, ...] = ()

    def kind_rules(self) -> list[tuple[str, KindRule]]:
        return [("contact", self.contact), ("group", self.group), ("event", self.event)]


def _str_list(v: Any) -> tuple[str, ...] | None:
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(v)
    return None


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _region(v: Any) -> str | None:
    """A two-letter country code (``"FR"``, ``"ca"``), upper-cased; ``""`` for none."""
    if isinstance(v, str) and (v == "" or re.fullmatch(r"[A-Za-z]{2}", v.strip())):
        return v.strip().upper()
    return None


def _date_order(v: Any) -> str | None:
    """``"dmy"``, ``"mdy"`` or ``"ymd"`` (any case); ``""`` for ISO only."""
    return v.strip().lower() if isinstance(v, str) and v.strip().lower() in ("", "dmy", "mdy", "ymd") else None


def _folder(v: Any) -> str | None:
    """A folder inside the vault: relative, without ``..``, not a drive (``C:``)."""
    if not isinstance(v, str) or not v.strip() or ".." in Path(v.replace("\\", "/")).parts \
            or v.strip().startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:", v.strip()):
        return None
    return v.strip().strip("/")


def _folders(v: Any) -> tuple[str, ...] | None:
    items = _str_list(v)
    if items is None:
        return None
    out = tuple(_folder(x) for x in items)
    return None if any(x is None for x in out) else out


def _heading(v: Any) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() and "\n" not in v else None


def _number(v: Any) -> float | None:
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= MAX_COUNT
    return float(v) if ok else None


def _nonempty_cadence(v: Any) -> str | None:
    return v if isinstance(v, str) and parse_duration(v) is not None else None


MAX_COUNT = 10_000  # the most any count or factor of the config may be (days, suggestions...)


def _count(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_COUNT else None


def _bool(v: Any) -> bool | None:
    return v if isinstance(v, bool) else None


def _open_with(v: Any) -> str | None:
    return v if v in ("editor", "obsidian") else None


def _cadence(v: Any) -> str | None:
    return v if isinstance(v, str) and (v == "" or parse_duration(v) is not None) else None


# key -> (converter returning None when invalid, what is expected)
_Spec = dict[str, tuple[Callable[[Any], Any], str]]
_LIST = (_str_list, "a list of strings, like [\"a\", \"b\"]")
_TEXT = (_str, "a string in quotes")
_KIND: _Spec = {"folders": (_folders, "a list of folders inside the vault, like [\"People\"] (relative, no `..`)"),
                "types": _LIST, "tags": _LIST, "categories": _LIST}
OPTIONS: dict[str, _Spec | None] = {
    "vault": {"ignore": _LIST, "log_heading": (_heading, "a heading's text in quotes, such as \"Log\""),
              "extra_fields": _LIST, "currency": _TEXT,
              "phone_region": (_region, "a two-letter country code such as \"FR\" or \"CA\""),
              "date_order": (_date_order, "one of \"dmy\", \"mdy\" or \"ymd\"")},
    "kinds": {"type_field": _TEXT, "category_field": _TEXT},
    "kinds.contact": _KIND,
    "kinds.group": _KIND,
    "kinds.event": _KIND,
    "tiers": None,  # free keys, each a cadence
    "followups": {"default_cadence": (_cadence, "a cadence such as \"6w\", or \"\""),
                  "going_cold_tiers": _LIST,
                  "going_cold_after": (_number, "a positive number up to 10000, such as 2.0"),
                  "after_event": (_nonempty_cadence, "a duration such as \"2d\" or \"1w\"")},
    "synonyms": None,  # free keys, each a list of strings
    "properties": None,  # free keys, each the netnotes field that property name means
    "dataview": {"inline_fields": (_bool, "true or false (absent: on where the Dataview plugin is installed)")},
    "pipeline": {"stalled_after": (_nonempty_cadence, "a duration such as \"30d\" or \"6w\"")},
    "reviews": {"folder": (_folder, "a folder inside the vault, such as \"Reviews\""),
                "max_introductions": (_count, "a whole number from 1 to 10000, such as 5"),
                "record_ticks": (_bool, "true or false"),
                "supersede_old_tasks": (_bool, "true or false"),
                "per_person": (_bool, "true or false")},
    "last_touch": {"daily_note_formats": _LIST, "date_properties": _LIST, "people_properties": _LIST},
    "reminders": {"properties": _LIST, "days": (_count, "a whole number of days from 1 to 10000, such as 7")},
    "asks": {"max": (_count, "a whole number from 1 to 10000, such as 3"),
             "rest_weeks": (_count, "a whole number of weeks, such as 2")},
    "open": {"with": (_open_with, "\"editor\" or \"obsidian\""), "editor": _TEXT},
    "me": {"name": _TEXT, "offers": _LIST, "needs": _LIST, "ideal_customer": _TEXT},
    "team": {"sign_entries": (_bool, "true or false")},
}


def config_path(vault: Path) -> Path:
    return vault / CONFIG_DIR / CONFIG_NAME


def load_config(vault: Path, obsidian_daily_format: str | None = None) -> Config:
    """Read the vault's config (defaults when absent). Raises ConfigError listing every error."""
    path = config_path(vault)
    rel = f"{CONFIG_DIR}/{CONFIG_NAME}"
    if not path.exists() and not path.is_symlink():
        return _with_dataview(_with_daily(Config(path=None), obsidian_daily_format), vault)
    if path.is_symlink() and not path.exists():
        raise ConfigError(f"{rel} is a symbolic link to nothing ({os.readlink(path)}); "
                          "point it at your config, or remove it to use the defaults")
    from netnotes.base.files import NotRegular, read_regular

    try:
        text = decode_text(read_regular(path, limit=1024 * 1024)[0])
    except NotRegular as e:
        raise ConfigError(f"{rel} is {e.strerror.split(';')[0]}, not a file; remove it to use the defaults, "
                          "or run `netnotes init` after moving it away") from None
    except NotUtf8 as e:
        raise ConfigError(f"{rel}: not valid UTF-8 (byte {e.offset}); save it as UTF-8") from None
    except OSError as e:
        raise ConfigError(f"{rel}: cannot be read: {e.strerror}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        msg = re.sub(r"\s*\(at line.*\)$", "", str(e)) or "invalid TOML"
        diag = Diagnostic.make(rel, line, col, "config", f"TOML syntax error: {msg}",
                               _line(text, line))
        raise ConfigError(f"{rel} has errors", [diag]) from None
    errors, warnings, cfg = _build(raw, text, rel)
    if errors:
        raise ConfigError(f"{rel} has {len(errors)} error{'s' * (len(errors) != 1)}", errors + warnings)
    warnings.extend(_format_warnings(cfg.get("daily_note_formats", ()), text, rel))
    config = _with_daily(Config(path=path, warnings=tuple(warnings), **cfg), obsidian_daily_format)
    return config if "dataview" in cfg else _with_dataview(config, vault)


def _format_warnings(formats: tuple[str, ...], text: str, rel: str) -> list[Diagnostic]:
    """A file-name format with letters that are no token never matches: say so."""
    out = []
    for fmt in formats:
        if unknown_tokens(fmt):
            line, col = _locate(text, "last_touch", "daily_note_formats")
            out.append(Diagnostic.make(
                rel, line, col, "config-unknown-key",
                f"daily note format {fmt!r} has {', '.join(map(repr, unknown_tokens(fmt)))}, which netnotes "
                "does not read, so no file name matches it; use YYYY MM DD HH mm (and [text] for letters)",
                _line(text, line), len("daily_note_formats")))
    return out


def _with_dataview(cfg: Config, vault: Path) -> Config:
    """Unless the config says, Dataview's inline fields are read where the plugin is installed."""
    if dataview_installed(vault):
        from dataclasses import replace

        return replace(cfg, dataview=True)
    return cfg


def _with_daily(cfg: Config, fmt: str | None) -> Config:
    if fmt and fmt not in cfg.daily_note_formats:
        from dataclasses import replace

        if unknown_tokens(fmt):  # Obsidian's format, unread: said, not silently never matched
            warning = Diagnostic.make(
                ".obsidian/daily-notes.json", 1, 1, "config-unknown-key",
                f"the Daily notes format {fmt!r} has {', '.join(map(repr, unknown_tokens(fmt)))}, which netnotes "
                "does not read, so daily notes are not dated by their name; add a format netnotes reads to "
                "[last_touch] daily_note_formats")
            return replace(cfg, warnings=cfg.warnings + (warning,))
        return replace(cfg, daily_note_formats=cfg.daily_note_formats + (fmt,))
    return cfg


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _locate(text: str, table: str, key: str | None) -> tuple[int, int]:
    """Line and column of ``key`` in ``[table]`` (or of the table header when key is None)."""
    current = ""
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        m = re.match(r"\[\s*([^\]]+?)\s*\]", s)
        if m and not s.startswith("[["):
            current = re.sub(r"\s*\.\s*", ".", m.group(1)).replace('"', "")
            if key is None and current == table:
                return i, line.index("[") + 1
            continue
        if key is not None and current == table:
            km = re.match(r'\s*"?([^"=]+?)"?\s*=', line)
            if km and km.group(1) == key:
                return i, line.index(km.group(1)) + 1
    return 0, 0


def _build(raw: dict, text: str, rel: str) -> tuple[list[Diagnostic], list[Diagnostic], dict]:
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    values: dict[str, Any] = {}

    def err(table: str, key: str | None, message: str) -> None:
        line, col = _locate(text, table, key)
        errors.append(Diagnostic.make(rel, line, col, "config", message, _line(text, line), len(key or table)))

    def warn(table: str, key: str | None, message: str) -> None:
        line, col = _locate(text, table, key)
        warnings.append(Diagnostic.make(rel, line, col, "config-unknown-key", message, _line(text, line),
                                        len(key or table)))

    def tables(d: dict, prefix: str = "") -> None:
        for name, value in d.items():
            full = f"{prefix}{name}"
            if full in OPTIONS:
                if not isinstance(value, dict):
                    err(prefix.rstrip(".") or full, name, f"`{full}` must be a table: [{full}]")
                    continue
                spec = OPTIONS[full]
                nested = {k: v for k, v in value.items() if isinstance(v, dict) and f"{full}.{k}" in OPTIONS}
                flat = {k: v for k, v in value.items() if k not in nested}
                values[full] = _check_table(full, flat, spec, err, warn)
                tables(nested, f"{full}.")
            else:
                known = ", ".join(sorted(k for k in OPTIONS if k.count(".") == prefix.count(".")))
                warn(prefix.rstrip(".") or full, name if prefix else None,
                     f"unknown config {'table' if isinstance(value, dict) else 'key'} `{full}`; known: {known}")

    tables(raw)
    return errors, warnings, _to_fields(values)


def _check_table(name: str, table: dict, spec: _Spec | None, err, warn) -> dict:
    out: dict[str, Any] = {}
    if spec is None:
        for key, value in table.items():
            if name == "tiers":
                conv = _cadence(value) if isinstance(value, str) and value else None
                if conv is None:
                    err(name, key, f"tier `{key}` needs a cadence such as \"3w\" or \"2m\", not {value!r}")
                else:
                    out[key] = value
            elif name == "properties":
                if not isinstance(value, str) or not value.strip():
                    err(name, key, f"property `{key}` must name a netnotes field in quotes, like \"company\"")
                else:
                    out[key] = value.strip()
            else:  # synonyms
                items = _str_list(value)
                if items is None:
                    err(name, key, f"synonyms `{key}` must be a list of strings, like [\"a\", \"b\"]")
                else:
                    out[key] = items
        return out
    for key, value in table.items():
        if key not in spec:
            warn(name, key, f"unknown key `{key}` in [{name}]; known: {', '.join(spec)}")
            continue
        conv, expected = spec[key]
        converted = conv(value)
        if converted is None:
            err(name, key, f"`{key}` in [{name}] must be {expected}, not {value!r}")
        else:
            out[key] = converted
    return out


def _to_fields(v: dict[str, dict]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    vault = v.get("vault", {})
    for key in ("ignore", "log_heading", "extra_fields", "currency", "phone_region", "date_order"):
        if key in vault:
            out[key] = vault[key]
    kinds = v.get("kinds", {})
    for key in ("type_field", "category_field"):
        if key in kinds:
            out[key] = kinds[key]
    defaults = Config()
    for kind in ("contact", "group", "event"):
        t = v.get(f"kinds.{kind}")
        if t:
            base = getattr(defaults, kind)
            out[kind] = KindRule(**{f: tuple(t.get(f, getattr(base, f))) for f in ("folders", "types", "tags", "categories")})
    if v.get("tiers"):
        out["tiers"] = {k: parse_duration(s) for k, s in v["tiers"].items()}
        out["tier_cadence_text"] = dict(v["tiers"])
    f = v.get("followups", {})
    if "default_cadence" in f:
        out["default_cadence"] = parse_duration(f["default_cadence"]) if f["default_cadence"] else None
    if "going_cold_tiers" in f:
        out["going_cold_tiers"] = f["going_cold_tiers"]
    if "going_cold_after" in f:
        out["going_cold_after"] = f["going_cold_after"]
    if "after_event" in f:
        out["after_event"] = parse_duration(f["after_event"])
    if v.get("synonyms"):
        out["synonyms"] = v["synonyms"]
    if v.get("properties"):
        out["properties"] = dict(v["properties"])
    if "inline_fields" in v.get("dataview", {}):
        out["dataview"] = v["dataview"]["inline_fields"]
    if "folder" in v.get("reviews", {}):
        out["reviews_folder"] = v["reviews"]["folder"]
    for key in ("max_introductions", "record_ticks", "supersede_old_tasks", "per_person"):
        if key in v.get("reviews", {}):
            out[key] = v["reviews"][key]
    if "sign_entries" in v.get("team", {}):
        out["sign_entries"] = v["team"]["sign_entries"]
    if "stalled_after" in v.get("pipeline", {}):
        out["stalled_after"] = parse_duration(v["pipeline"]["stalled_after"])
    rem = v.get("reminders", {})
    if "properties" in rem:
        out["reminder_properties"] = rem["properties"]
    if "days" in rem:
        out["reminder_days"] = rem["days"]
    asks = v.get("asks", {})
    if "max" in asks:
        out["max_asks"] = asks["max"]
    if "rest_weeks" in asks:
        out["ask_rest_weeks"] = asks["rest_weeks"]
    if v.get("me"):
        out["me"] = dict(v["me"])
    for key in ("with", "editor"):
        if key in v.get("open", {}):
            out[f"open_{key}"] = v["open"][key]
    lt = v.get("last_touch", {})
    for key in ("daily_note_formats", "date_properties", "people_properties"):
        if key in lt:
            out[key] = lt[key]
    return out


def default_config_text() -> str:
    """The commented config that ``netnotes init`` writes."""
    from netnotes.vault.templates import template_text

    return template_text("config.toml")


__all__ = ["Config", "KindRule", "load_config", "config_path", "default_config_text", "Severity"]
