"""What netnotes reads from (and merges into) an Obsidian vault's ``.obsidian/`` folder."""

from __future__ import annotations

import json
from pathlib import Path

# netnotes' properties and the Obsidian property type each one is: a property netnotes may
# write as a list (``import``, ``merge`` and ``add`` write several phones as one) is multitext.
PROPERTY_TYPES = {
    "aliases": "aliases", "tags": "tags", "company": "text", "role": "text", "email": "multitext",
    "phone": "multitext", "website": "multitext", "linkedin": "text", "address": "text", "city": "text",
    "uid": "text", "source": "text", "met": "date", "met_at": "text", "introduced_by": "text", "tier": "text",
    "cadence": "text", "stage": "text", "pipeline": "text", "offers": "multitext",
    "needs": "multitext", "next_followup": "date", "last_contact": "date", "groups": "multitext",
    "opt_out": "checkbox", "birthday": "text", "people": "multitext", "date": "date",
}


def _read_json(path: Path) -> object:
    """The settings file's JSON, or None (absent, unreadable, not JSON, or not a regular file:
    a FIFO there must never block a command)."""
    from netnotes.base.files import read_regular

    try:
        data, _st = read_regular(path, limit=16 * 1024 * 1024)
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None


def ignore_filters(vault: Path) -> tuple[str, ...]:
    """Obsidian's "Excluded files" (``userIgnoreFilters`` in app.json), plus the template
    folders: a template's ``{{date}}`` placeholders and sample properties are not data."""
    data = _read_json(vault / ".obsidian" / "app.json")
    filters = data.get("userIgnoreFilters") if isinstance(data, dict) else None
    own = tuple(f for f in filters if isinstance(f, str)) if isinstance(filters, list) else ()
    return own + tuple(f + "/" for f in template_folders(vault) if f + "/" not in own)


# (settings file under .obsidian/, the key naming the template folder)
TEMPLATE_SETTINGS = (("templates.json", "folder"), ("plugins/templater-obsidian/data.json", "templates_folder"))


def template_folders(vault: Path) -> tuple[str, ...]:
    """The folders of the core Templates plugin and of Templater, vault-relative."""
    out: list[str] = []
    for name, key in TEMPLATE_SETTINGS:
        data = _read_json(vault / ".obsidian" / name)
        folder = data.get(key) if isinstance(data, dict) else None
        if isinstance(folder, str):
            folder = folder.replace("\\", "/").strip().strip("/")
            if folder and ".." not in folder.split("/") and folder not in out:
                out.append(folder)
    return tuple(out)


def dataview_installed(vault: Path) -> bool:
    """Whether the Dataview plugin is installed in the vault (its inline fields are then data)."""
    return (vault / ".obsidian" / "plugins" / "dataview").is_dir()


# moment.js tokens of daily-note and meeting file names, longest first, with the regex each reads
MOMENT_TOKENS: tuple[tuple[str, str], ...] = (
    ("YYYY", r"(?P<Y>\d{4})"), ("MMMM", r"(?P<MMMM>[A-Za-z]+)"), ("MMM", r"(?P<MMM>[A-Za-z]{3})"),
    ("dddd", r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"),
    ("ddd", r"(?:mon|tue|wed|thu|fri|sat|sun)"), ("MM", r"(?P<M>\d{2})"),
    ("DD", r"(?P<D>\d{2})"), ("Do", r"(?P<D>\d{1,2})(?:st|nd|rd|th)"), ("YY", r"(?P<YY>\d{2})"),
    ("HH", r"\d{2}"), ("hh", r"\d{2}"), ("mm", r"\d{2}"), ("ss", r"\d{2}"),
    ("H", r"\d{1,2}"), ("h", r"\d{1,2}"), ("m", r"\d{1,2}"), ("s", r"\d{1,2}"),
    ("A", r"(?:AM|PM)"), ("a", r"(?:am|pm)"),
    ("M", r"(?P<M>\d{1,2})"), ("D", r"(?P<D>\d{1,2})"),
)


def unknown_tokens(fmt: str) -> list[str]:
    """The letters of a file-name format that are no token netnotes reads (``W``, ``Q``,
    ``gggg``...): such a format never matches, so it is worth a warning."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "[":
            j = fmt.find("]", i)
            if j < 0:
                return out + ["[ without ]"]
            i = j + 1
            continue
        token = next((t for t, _rx in MOMENT_TOKENS if fmt.startswith(t, i)), None)
        if token:
            i += len(token)
            continue
        if fmt[i].isascii() and fmt[i].isalpha():
            j = i
            while j < len(fmt) and fmt[j] == fmt[i]:
                j += 1
            out.append(fmt[i:j])
            i = j
            continue
        i += 1
    return out


def daily_note_format(vault: Path) -> str | None:
    """The daily note file-name format (moment.js tokens) from the Daily notes plugin."""
    data = _read_json(vault / ".obsidian" / "daily-notes.json")
    fmt = data.get("format") if isinstance(data, dict) else None
    return fmt if isinstance(fmt, str) and fmt.strip() else None


def merged_types(existing_text: str | None) -> tuple[str, list[str]]:
    """types.json text with netnotes' property types added; the user's entries always win.

    Returns the new text and the properties it added. Raises ValueError on unreadable JSON,
    so that a user's broken file is never overwritten."""
    data: dict = {}
    if existing_text is not None and existing_text.strip():
        data = json.loads(existing_text)
        if not isinstance(data, dict):
            raise ValueError("types.json does not hold a JSON object")
    types = data.get("types")
    if types is None:
        types = {}
    if not isinstance(types, dict):
        raise ValueError("the `types` entry of types.json is not a JSON object")
    present = {str(k).lower() for k in types}  # Obsidian: `Birthday` and `birthday` are one property
    added = [k for k in PROPERTY_TYPES if k.lower() not in present]
    merged = dict(types)
    for k in added:
        merged[k] = PROPERTY_TYPES[k]
    out = dict(data)
    out["types"] = merged
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n", added
