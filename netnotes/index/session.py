"""Everything a command reads: the vault, its notes, the resolver and the diagnostics."""

from __future__ import annotations

import datetime as dt
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
    from netnotes.index.ledger import Ledger
    from netnotes.index.names import NoteTables
    from netnotes.notes.touches import Plan, Touch
    from netnotes.index.sync import Progress, SyncResult


@dataclass
class Session:
    """Notes are read from the index on first use: `netnotes index` never loads them.

    A session may hold only some notes (``around``: one contact and the notes that link to
    it); its names are then looked up in the index, so links resolve exactly as they do
    over the whole vault."""

    vault: Vault
    loaded: list[Note] | None = None
    index: "Index | None" = None
    sync: "SyncResult | None" = None
    with_body: bool = True
    tables: "NoteTables | None" = None  # the vault's name tables, when not every note is loaded

    @cached_property
    def notes(self) -> list[Note]:
        if self.loaded is not None:
            return self.loaded
        assert self.index is not None
        return self.index.notes(self.with_body)

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(tables=self.tables) if self.tables is not None else Resolver(self.notes)

    def lookup(self, name: str, kinds: tuple[str, ...] = ("contact",)) -> Note:
        """The note a typed name means, found in the index without loading every note."""
        if self.index is None or "notes" in self.__dict__:
            return self.resolver.lookup(name, kinds)
        return Resolver(tables=self.index_tables()).lookup(name, kinds)

    def index_tables(self) -> "NoteTables":
        from netnotes.index.neighbours import index_tables

        assert self.index is not None
        if self.tables is None:
            self.tables = index_tables(self.index, self.with_body)
        return self.tables

    def around(self, note: Note) -> "Session":
        """A session of ``note`` and every note that links to it: all that one contact's
        facts (last touch, groups, events, introductions) are computed from."""
        if self.index is None or "notes" in self.__dict__:
            return self
        from netnotes.index.neighbours import backlinking

        return Session(self.vault, [note, *backlinking(self.index, note, self.index_tables())], self.index,
                       self.sync, self.with_body, self.index_tables())

    @cached_property
    def diagnostics(self) -> list[Diagnostic]:
        if self._in_index():
            from netnotes.index.checks import vault_diagnostics

            found = vault_diagnostics(self.index.conn, self.vault.config)
        else:
            from netnotes.notes.checks import check_vault

            found = check_vault(self.notes, self.vault.config, self.resolver)
        return sorted(found + unreadable(self.sync.unreadable if self.sync else []))

    def week_notes(self, start: dt.date, end: dt.date) -> tuple[list[Note], list[Note]]:
        """The contacts met from ``start`` to ``end``, and those with a log entry dated then
        (whole notes: only these few are read from the index)."""
        if self._in_index():
            from netnotes.index.week import logged_between, met_between

            return met_between(self.index.conn, start, end), logged_between(self.index.conn, start, end)
        return self.contacts, self.contacts

    def log_counts(self, start: dt.date, end: dt.date) -> dict[dt.date, int]:
        """How many log entries the contacts have on each day from ``start`` to ``end``."""
        if self._in_index():
            from netnotes.index.week import log_counts

            return log_counts(self.index.conn, start, end)
        per_day: dict[dt.date, int] = {}
        for n in self.contacts:
            for e in n.log:
                if start <= e.date <= end:
                    per_day[e.date] = per_day.get(e.date, 0) + 1
        return per_day

    def count(self, kind: str | None = None) -> int:
        """How many notes (of ``kind``) the vault has."""
        if self._in_index():
            if kind is None:
                return self.index.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
            return self.index.conn.execute("SELECT count(*) FROM notes WHERE kind=?", (kind,)).fetchone()[0]
        return sum(1 for n in self.notes if kind is None or n.kind == kind)

    @property
    def contacts(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "contact"]

    def _in_index(self) -> bool:
        """Whole-vault questions go to the index's rows while the notes are not read."""
        return self.index is not None and self.loaded is None and "notes" not in self.__dict__

    def last_touches(self, today: dt.date) -> "dict[str, Touch]":
        """Each contact's last touch on or before ``today`` (``notes.touches``)."""
        if self._in_index():
            from netnotes.index.contacts import last_touches

            return last_touches(self.index.conn, self.vault.config, today)
        from netnotes.notes.touches import last_touches

        return last_touches(self.notes, self.resolver, self.vault.config, today)

    def next_plans(self, today: dt.date) -> "dict[str, Plan]":
        """Each contact's earliest planned touch dated ``today`` or later (``notes.touches``)."""
        if self._in_index():
            from netnotes.index.contacts import next_plans

            return next_plans(self.index.conn, today)
        from netnotes.notes.touches import next_plans

        return next_plans(self.notes, today)

    def memberships(self) -> "dict[str, tuple[list[str], list[str]]] | None":
        """Each contact's groups and events from the index's rows; None once the notes are
        read (``reports.facts.Facts.groups_of`` then answers from them)."""
        if self._in_index():
            from netnotes.index.contacts import memberships

            return memberships(self.index.conn, self.vault.config)
        return None

    def authored(self, name: str) -> set[str]:
        """The contacts (their paths) with a log entry signed by ``name`` (docs/team.md)."""
        from netnotes.index.authors import same_person

        if self._in_index():
            from netnotes.index.authors import authored

            return authored(self.index.conn, name)
        return {n.rel for n in self.contacts if any(e.by and same_person(e.by, name) for e in n.log)}

    def contacts_with(self, keys: tuple[str, ...]) -> list[Note]:
        """The contacts, for a report that reads only these properties of each (and its name
        and path): read from the index's rows unless the notes are read already. Read once
        per session: a later call for fewer properties gets the same light notes (reports
        read only what they ask for, as they do over whole notes)."""
        if self._in_index():
            from netnotes.index.contacts import contacts_with

            for have, found in self.__dict__.setdefault("_light", []):
                if set(keys) <= have:
                    return found
            found = contacts_with(self.index.conn, keys)
            self._light.append((set(keys), found))
            return found
        return self.contacts

    def ledger(self) -> "Ledger":
        """The session's reader of light notes (``index.ledger``), shared by the reports of
        one command so that the weekly review reads each table once."""
        if "_ledger" not in self.__dict__:
            from netnotes.index.ledger import Ledger

            self._ledger = Ledger(self.index.conn)
        return self._ledger


def unreadable(paths: list[str]) -> list[Diagnostic]:
    """A file or folder the sync could not read: an error, never a note silently missing."""
    out = []
    for rel in sorted(set(paths)):
        what = "folder" if rel.endswith("/") else "file"
        out.append(Diagnostic.make(rel.rstrip("/") or ".", 0, 0, "unreadable",
                                   f"this {what} cannot be read (permission denied); netnotes does not see "
                                   f"what is in it. Give yourself read access (chmod u+r{'x' * (what == 'folder')})"))
    return out


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
