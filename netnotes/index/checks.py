"""Every diagnostic of the vault, answered from the index's rows: ``validate``, the review's
problems and ``watch`` without reading every note.

Each file's own diagnostics are kept with its parsed note; the cross-file rules of
``netnotes.notes.checks`` run over the resolved link rows (a link whose target did not resolve
to one note is looked up again, to say why) and over the contacts' matching properties. The
differential tests hold this equal to ``check_vault`` over the parsed notes.
"""

from __future__ import annotations

import os
import sqlite3

from netnotes.base.diagnostics import Diagnostic
from netnotes.index import derived, serialize
from netnotes.index.contacts import contacts_with
from netnotes.index.names import IdTables
from netnotes.notes.checks import LINK_PROPS, broken_link, duplicate_contacts
from netnotes.notes.matching import MATCH_FIELDS
from netnotes.notes.resolve import resolve_in
from netnotes.vault.config import Config


_OWN = """
SELECT n.data FROM notes n WHERE n.id IN (SELECT DISTINCT note_id FROM diagnostics) ORDER BY n.path
"""
_LINKS = """
SELECT n.path, l.target, l.source, l.line, l.col, t.kind FROM links l JOIN notes n ON n.id = l.note_id
LEFT JOIN notes t ON t.id = l.target_id WHERE l.source IN ({props}) ORDER BY n.path, l.seq
"""


def vault_diagnostics(conn: sqlite3.Connection, config: Config) -> list[Diagnostic]:
    """As ``notes.checks.check_vault``: each file's own diagnostics, then the cross-file
    rules, then the config's warnings, sorted."""
    diags: list[Diagnostic] = []
    for (data,) in conn.execute(_OWN):
        diags.extend(serialize.diagnostics(data))
    diags.extend(_broken_links(conn))
    diags.extend(_duplicates(conn))
    diags.extend(config.warnings)
    return sorted(diags)


def _broken_links(conn: sqlite3.Connection) -> list[Diagnostic]:
    tables = IdTables(conn)
    kinds: dict[int, tuple[str, str]] = {}
    found_for: dict[str, tuple[list[tuple[str, str]], str]] = {}

    def targets(target: str) -> list[tuple[str, str]]:
        """(rel, kind) of each note an unresolved target matches, as the resolver orders them."""
        if target not in found_for:
            ids, how = resolve_in(tables, target)
            out = []
            for nid in ids:
                if nid not in kinds:
                    path, kind = conn.execute("SELECT path, kind FROM notes WHERE id=?", (nid,)).fetchone()
                    kinds[nid] = (os.fsdecode(path), kind)
                out.append(kinds[nid])
            found_for[target] = (out, how)
        return found_for[target][0]

    props = ",".join("?" * len(LINK_PROPS))
    out = []
    for path, target, source, line, col, kind in conn.execute(_LINKS.format(props=props), tuple(LINK_PROPS)):
        rel = os.fsdecode(path)
        matched = [(None, kind)] if kind is not None else targets(target)
        d = broken_link(rel, target, source, line, col, matched)
        if d is not None:
            out.append(d)
    return out


def _duplicates(conn: sqlite3.Connection) -> list[Diagnostic]:
    """The duplicate-contact rule over light cards, which know where each property is written;
    kept until some contact's matching properties change (most edits add a log entry, which
    leaves them alone, and the rule is the review's costliest part: every pair of close names)."""
    return derived.kept(conn, "duplicates", derived.column_digest(conn, "match"),
                        lambda: duplicate_contacts(contacts_with(conn, MATCH_FIELDS, positions=True), None, None),
                        serialize.dump_diagnostics, lambda text: list(serialize.load_diagnostics(text)))
