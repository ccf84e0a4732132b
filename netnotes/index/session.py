"""Everything a command reads: the vault, its notes, the resolver and the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from netnotes.notes.note import Note
from netnotes.vault.handle import Vault
from netnotes.base.diagnostics import Diagnostic
from netnotes.base.text import decode_text
from netnotes.notes.resolve import Resolver

if TYPE_CHECKING:
    from netnotes.index.cache import Index
    from netnotes.index.sync import Progress, SyncResult


@dataclass
class Session:
    """Notes are read from the index on first use: `netnotes index` never loads them."""

    vault: Vault
    loaded: list[Note] | None = None
    index: "Index | None" = None
    sync: "SyncResult | None" = None
    with_body: bool = True

    @cached_property
    def notes(self) -> list[Note]:
        if self.loaded is not None:
            return self.loaded
        assert self.index is not None
        return self.index.notes(self.with_body)

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.notes)

    @cached_property
    def diagnostics(self) -> list[Diagnostic]:
        from netnotes.notes.checks import check_vault

        return check_vault(self.notes, self.vault.config, self.resolver)

    @property
    def contacts(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "contact"]


def load_session(vault: Vault, with_body: bool = True, rebuild: bool = False,
                 progress: "Progress | None" = None) -> Session:
    """Sync the index with the files, then read every note from it: no answer is ever stale."""
    from netnotes.index.cache import open_synced

    index, result = open_synced(vault, rebuild, progress)
    return Session(vault, None, index, result, with_body)


def load_session_uncached(vault: Vault) -> Session:
    """Parse every file directly, without the index (for comparisons in tests and benchmarks)."""
    from netnotes.index.loader import load_notes

    return Session(vault, load_notes(vault))


def with_excerpts(diags: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """Fill in the offending line of diagnostics found without it (cross-file rules)."""
    cache: dict[str, list[str]] = {}
    out = []
    for d in diags:
        if d.excerpt or not d.line or d.path.startswith(".netnotes/"):
            out.append(d)
            continue
        if d.path not in cache:
            try:
                text = decode_text((root / d.path).read_bytes(), errors="replace")
                cache[d.path] = [line.rstrip("\r") for line in text.split("\n")]
            except OSError:
                cache[d.path] = []
        lines = cache[d.path]
        out.append(replace(d, excerpt=lines[d.line - 1]) if d.line <= len(lines) else d)
    return out
