"""What netnotes reads from (and merges into) an Obsidian vault's ``.obsidian/`` folder."""

from __future__ import annotations

import json
from pathlib import Path

# netnotes' properties and the Obsidian property type each one is.
PROPERTY_TYPES = {
    "aliases": "aliases", "tags": "tags", "company": "text", "role": "text", "email": "multitext",
    "phone": "text", "met": "date", "met_at": "text", "introduced_by": "text", "tier": "text",
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
    """Obsidian's "Excluded files" (``userIgnoreFilters`` in app.json)."""
    data = _read_json(vault / ".obsidian" / "app.json")
    filters = data.get("userIgnoreFilters") if isinstance(data, dict) else None
    return tuple(f for f in filters if isinstance(f, str)) if isinstance(filters, list) else ()


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
    added = [k for k in PROPERTY_TYPES if k not in types]
    merged = dict(types)
    for k in added:
        merged[k] = PROPERTY_TYPES[k]
    out = dict(data)
    out["types"] = merged
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n", added
