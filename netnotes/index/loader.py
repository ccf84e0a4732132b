"""Reading every note of a vault into ``Note`` values (the index caches this)."""

from __future__ import annotations

from netnotes.notes.note import Note, parse_note
from netnotes.vault.handle import Vault
from netnotes.vault.discover import walk


def read_bytes(path) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None  # vanished or unreadable between walk and read: skipped this time


def load_notes(vault: Vault) -> list[Note]:
    notes = []
    for vf in walk(vault.root, vault.ignore):
        data = read_bytes(vf.path)
        if data is not None:
            notes.append(parse_note(vf.rel, data, vault.config))
    return notes
