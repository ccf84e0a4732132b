"""What ``netnotes search`` looks in, and how it ranks what it finds.

At sync time each note's searchable fields are written as text into ``search_fields``; the
full-text index (``fts``) reads them, with the note's name and body, through the view
``search_text``, so the body is stored once. A search is two steps: the ids of the best notes
(ranked by the best field any word is in, contacts first, then by BM25), then, for those few
only, which field matched and a snippet of it. No note is loaded.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from netnotes.index.schema import FTS_COLUMNS
from netnotes.notes.fields import texts
from netnotes.notes.note import Note

# the property a generated review page records its lines in (render.review_page.RECORD_KEY;
# the index sits below render, so the name is written here too and a test keeps them equal)
GENERATED_KEYS = ("generated_lines", "generated")
# the columns of each rank, best first: a name or alias hit comes before a company hit,
# which comes before an offer, which comes before a word of the body
TIERS = (("name", "aliases", "title"), ("company", "role", "email", "phone", "digits"),
         ("offers", "needs", "tags"), ("body",))
WEIGHTS = {"name": 10.0, "aliases": 10.0, "title": 8.0, "body": 1.0, "offers": 3.0, "needs": 3.0, "tags": 3.0}
REPORTED = {"digits": "phone"}  # a column found under another field's name
OPEN, CLOSE = "\ue000", "\ue001"  # marks around a matched word (private-use characters)
MIN_DIGITS = 7  # a phone number matches by any tail of its digits this long or longer


def field_texts(note: Note) -> tuple[int, str, str, str, str, str, str, str, str, str, str]:
    """``search_fields``' values for ``note`` after its id: generated, aliases, title, company,
    role, email, phone, digits, offers, needs, tags."""
    p = note.props
    title = ([note.title] if note.title != note.name else []) + texts(p.get("title")) + texts(p.get("job_title"))
    phones = texts(p.get("phone"))
    return (int(is_generated(p)), _join(note.aliases), _join(title), _join(texts(p.get("company"))),
            _join(texts(p.get("role"))), _join(texts(p.get("email"))), _join(phones), " ".join(_digits(phones)),
            _join(texts(p.get("offers"))), _join(texts(p.get("needs"))), _join(list(note.tags)))


def is_generated(props: dict[str, Any]) -> bool:
    """A page netnotes wrote (it records its generated lines, or says ``generated: ...``)."""
    return any(props.get(k) not in (None, False, "", [], {}) for k in GENERATED_KEYS)


def _join(items: list[str]) -> str:
    return ", ".join(i.strip() for i in items if i.strip())


def _digits(phones: list[str]) -> list[str]:
    """Every tail of each number's digits of ``MIN_DIGITS`` or more: ``6135550101`` and
    ``5550101`` both find ``+1 613 555 0101``, which is written with spaces."""
    out: list[str] = []
    for phone in phones:
        d = re.sub(r"\D", "", phone)
        out.extend(d[i:] for i in range(0, len(d) - MIN_DIGITS + 1) if d[i:] not in out)
    return out


def _phrases(text: str) -> list[str]:
    """Each word as a quoted FTS5 phrase (a prefix on the last), so user text never breaks the
    syntax. A word of punctuation only has no token to find (and would empty an OR of phrases)."""
    words = [w.replace('"', '""') for w in text.split() if any(ch.isalnum() for ch in w)]
    return [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}" *'] if words else []


def search(conn: sqlite3.Connection, text: str, limit: int = 20,
           generated: bool = False) -> list[tuple[str, str, str, str, str]]:
    """(rel, kind, name, field, marked snippet) of the notes where every word of ``text`` is
    found, best first; the matched words are between ``OPEN`` and ``CLOSE``. Generated pages
    only with ``generated``."""
    phrases = _phrases(text)
    if not phrases:
        return []
    query = " ".join(phrases)
    whole = phrases[:-1] + [phrases[-1][:-2]]  # the last word as a word, not a prefix: `Al` before `Alvarez`
    tiers = [_any_in(TIERS[0], whole)] + [_any_in(cols, phrases) for cols in TIERS[:-1]]
    rank = " ".join(f"WHEN fts.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?) THEN {i}"
                    for i in range(len(tiers)))
    weights = ", ".join(str(WEIGHTS.get(c, 5.0)) for c in FTS_COLUMNS)
    ids = [nid for (nid,) in conn.execute(
        "SELECT fts.rowid FROM fts JOIN notes n ON n.id = fts.rowid "
        "JOIN search_fields s ON s.note_id = fts.rowid "
        f"WHERE fts MATCH ? {'' if generated else 'AND s.generated = 0'} "
        f"ORDER BY CASE {rank} ELSE {len(tiers)} END, n.kind != 'contact', bm25(fts, {weights}), n.rel LIMIT ?",
        (query, *tiers, limit))]
    if not ids:
        return []
    body = len(FTS_COLUMNS) - 1
    marks = ", ".join(f"highlight(fts, {i}, '{OPEN}', '{CLOSE}')" for i in range(body))
    # the snippets of the hits shown only, in one pass of the query: `+` keeps the ids from
    # becoming lookups, each of which would evaluate the query again (slow for a short prefix)
    found = {row[0]: row[1:] for row in conn.execute(
        f"SELECT fts.rowid, n.rel, n.kind, n.name, s.phone, {marks}, "
        f"snippet(fts, {body}, '{OPEN}', '{CLOSE}', '…', 12) "
        "FROM fts JOIN notes n ON n.id = fts.rowid JOIN search_fields s ON s.note_id = fts.rowid "
        f"WHERE fts MATCH ? AND +fts.rowid IN ({','.join('?' * len(ids))})", (query, *ids))}
    out = []
    for nid in (i for i in ids if i in found):  # a note another process removed meanwhile is left out
        rel, kind, name, phone, *columns = found[nid]
        field = FTS_COLUMNS[matched_column(columns, text)]
        snippet = f"{OPEN}{phone}{CLOSE}" if field == "digits" else columns[FTS_COLUMNS.index(field)]
        out.append((rel, kind, name, REPORTED.get(field, field), snippet))
    return out


def matched_column(marked: tuple[str, ...] | list[str], text: str = "") -> int:
    """The column (of ``FTS_COLUMNS``) to show for a hit, given each column's marked text: the
    one with the most different words found, then with the most found whole (the alias `Al`
    before the name `Alain` for `search al`), then the earlier (the better field)."""
    typed = {w.casefold() for w in text.split()}
    best, most = len(FTS_COLUMNS) - 1, (0, 0)
    for i, marked_text in enumerate(marked):
        words = {w.casefold() for w in re.findall(f"{OPEN}(.*?){CLOSE}", marked_text, re.S)}
        score = (len(words), len(words & typed))
        if score > most:
            best, most = i, score
    return best


def _any_in(columns: tuple[str, ...], phrases: list[str]) -> str:
    """An FTS5 query: any of ``phrases`` in any of ``columns``."""
    return " OR ".join(f"{{{' '.join(columns)}}} : {p}" for p in phrases)
