"""What ``sync vdir`` remembers between runs: per contact, its ``.vcf`` and the value of each
synced field as of the last sync (the base of the three-way merge), with the file's hash.

One JSON file per vdir under ``.netnotes/sync/`` (named by a digest of the vdir's real path),
beside the cache but not in it: the cache is disposable, this is not (without it every field
both sides changed would read as a first sync). It is this machine's, as the vdir is, so the
folder ignores itself for git, as the undo history does.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.exchange.threeway import Value, from_json, to_json

SYNC_DIR = (".netnotes", "sync")
VERSION = 1


@dataclass(frozen=True)
class Entry:
    file: str  # the .vcf's name in the vdir
    card: str  # the card's path, as of the last sync (for messages once it is gone)
    digest: str  # sha256 of the .vcf's bytes as of the last sync
    mtime_ns: int
    base: dict[str, Value | None] = field(default_factory=dict)
    gone: bool = False  # deleted on the phone: the card stays and is no longer sent

    def to_json(self) -> dict:
        return {"file": self.file, "card": self.card, "sha256": self.digest, "mtime_ns": self.mtime_ns,
                "base": {k: to_json(v) for k, v in sorted(self.base.items()) if v is not None},
                **({"gone": True} if self.gone else {})}


def state_path(root: Path, vdir: Path) -> Path:
    key = hashlib.blake2b(os.path.realpath(vdir).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return root.joinpath(*SYNC_DIR) / f"vdir-{key}.json"


def load_state(root: Path, vdir: Path) -> dict[str, Entry]:
    """The entries by the card's uid; none before the first sync."""
    path = state_path(root, vdir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise NetnotesError(f"{path}: the sync state cannot be read ({e})",
                            "move the file away to start over: every field then syncs as on a first sync, "
                            "and a field that differs is reported as a conflict") from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, dict) or data.get("version") != VERSION:
        raise NetnotesError(f"{path}: not a sync state this netnotes writes",
                            "move the file away to start over (as on a first sync)")
    out = {}
    for uid, e in items.items():
        if not isinstance(e, dict) or not isinstance(e.get("file"), str):
            continue
        base = e.get("base") if isinstance(e.get("base"), dict) else {}
        out[uid] = Entry(e["file"], str(e.get("card", "")), str(e.get("sha256", "")), int(e.get("mtime_ns") or 0),
                         {k: from_json(v) for k, v in base.items()}, bool(e.get("gone")))
    return out


def state_bytes(vdir: Path, entries: dict[str, Entry]) -> bytes:
    data = {"version": VERSION, "vdir": os.path.realpath(vdir),
            "items": {uid: entries[uid].to_json() for uid in sorted(entries)}}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def save_state(root: Path, vdir: Path, entries: dict[str, Entry]) -> bool:
    """Write the state (only when it changed); True if written."""
    from netnotes.vault.atomic import write_if_changed

    path = state_path(root, vdir)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# netnotes' sync state: this machine's, as its vdirs are\n*\n", encoding="utf-8")
    return write_if_changed(path, state_bytes(vdir, entries))
