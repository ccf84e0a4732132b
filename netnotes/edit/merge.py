"""Merging values into a card, and two cards into one, without losing any of them.

Fields only one side has are kept; lists are united; logs are interleaved by date; a single
value that differs is a conflict, listed for the user to settle (``--prefer KEY=A|B``) and
never dropped silently. Every change goes through the span edits of ``netnotes.edit.spans``, so
the rest of the card keeps its bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from netnotes.notes.note import Note
from netnotes.edit.spans import append_log, set_property, split
from netnotes.notes.fields import FIELDS, LINKS, TEXTS, as_list
from netnotes.notes.log import find_section

LIST_FIELDS = {k for k, v in FIELDS.items() if v in (TEXTS, LINKS)}
NOT_MERGED = {"name", "aliases"}  # handled apart: the other card's name becomes an alias


@dataclass(frozen=True)
class Conflict:
    key: str
    ours: Any
    theirs: Any

    def to_json(self) -> dict:
        return {"key": self.key, "ours": _plain(self.ours), "theirs": _plain(self.theirs)}


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _norm(v: Any) -> Any:
    if isinstance(v, str):
        s = " ".join(v.split()).casefold()
        return s.rstrip("/") if s.startswith(("http://", "https://")) else s  # one profile, with or without /
    if isinstance(v, list):
        return [_norm(x) for x in v]
    return v


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == []


def _item(key: str, v: Any) -> Any:
    """What makes two list items the same: a phone number by its digits, else the text."""
    if key == "phone" and isinstance(v, str):
        from netnotes.notes.matching import phone_key

        return phone_key(v) or _norm(v)
    return _norm(v)


def union(ours: list, theirs: list, key: str = "") -> list:
    out = list(ours)
    seen = [_item(key, x) for x in out]
    for item in theirs:
        if _item(key, item) not in seen:
            out.append(item)
            seen.append(_item(key, item))
    return out


def plan_values(current: dict[str, Any], incoming: dict[str, Any],
                prefer: dict[str, str] | None = None) -> tuple[dict[str, Any], list[Conflict]]:
    """The properties to write so that ``current`` also holds ``incoming``, and the conflicts.

    ``prefer`` maps a key to "A" (keep ours) or "B" (take theirs) for a conflicting value."""
    prefer = prefer or {}
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for key, value in incoming.items():
        if key in NOT_MERGED or _empty(value):
            continue
        ours = current.get(key)
        if _empty(ours):
            changes[key] = value
        elif _norm(ours) == _norm(value):
            continue
        elif key == "uid":
            continue  # the card that stays keeps its identity (exports and sync know it by it)
        elif key == "vcard" and isinstance(ours, dict) and isinstance(value, dict):
            kept = _merged_vcard(ours, value)
            if kept != ours:
                changes[key] = kept
        elif key in LIST_FIELDS or isinstance(ours, list) or isinstance(value, list):
            merged = union(as_list(ours), as_list(value), key)
            if len(merged) != len(as_list(ours)):
                changes[key] = merged
        elif prefer.get(key) == "B":
            changes[key] = value
        elif prefer.get(key) != "A":
            conflicts.append(Conflict(key, ours, value))
    return changes, conflicts


def _merged_vcard(ours: dict, theirs: dict) -> dict:
    """Both cards' kept vCard lines: each property's lines of both, ours first, none twice."""
    out = dict(ours)
    for name, lines in theirs.items():
        if name not in out:
            out[name] = lines
            continue
        mine = as_list(out[name])
        more = [line for line in as_list(lines) if line not in mine]
        if more:
            out[name] = mine + more
    return out


def apply_values(text: str, changes: dict[str, Any]) -> str:
    for key, value in changes.items():
        text = set_property(text, key, value)
    return text


def notes_of(text: str, heading: str) -> str:
    """The card's body without its log section, trimmed (what a merge must not lose)."""
    card = split(text)
    lines = text[card.body_start:].split("\n")
    found = find_section([line.rstrip("\r") for line in lines], heading)
    if found:
        start, end, _ = found
        lines = lines[:start] + lines[end:]
    return "\n".join(line.rstrip("\r") for line in lines).strip()


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\r\n") for p in re.split(r"\n[ \t\r]*\n", text) if p.strip()]


def add_notes(text: str, notes: str, heading: str) -> str:
    """The paragraphs of ``notes`` the card's notes lack, before its log section (or at its end)."""
    have = {" ".join(p.split()) for p in _paragraphs(notes_of(text, heading))}
    notes = "\n\n".join(p for p in _paragraphs(notes) if " ".join(p.split()) not in have)
    if not notes.strip():
        return text
    card = split(text)
    nl = card.newline
    block = nl.join(notes.strip().split("\n")) + nl
    body = text[card.body_start:]
    lines = body.split("\n")
    found = find_section([line.rstrip("\r") for line in lines], heading)
    if found:
        offset = card.body_start + sum(len(line) + 1 for line in lines[:found[0]])
        return text[:offset] + block + nl + text[offset:]
    if not body.strip():
        return text + ("" if not text or text.endswith("\n") else nl) + block
    ending = "" if body.endswith("\n\n") else (nl if body.endswith("\n") else nl + nl)
    return text + ending + block


def merge_cards(a: Note, b: Note, a_text: str, b_text: str, heading: str,
                prefer: dict[str, str] | None = None) -> tuple[str, list[Conflict]]:
    """A's text with everything of B: properties, aliases (B's name among them), log entries
    and notes. Returns the new text of A and the conflicts left for the user."""
    changes, conflicts = plan_values(a.props, b.props, prefer)
    names = [x for x in (b.name, b.title, *b.aliases) if x and x not in (a.name, a.title)]
    aliases = union(a.aliases, names)
    if aliases != a.aliases:
        changes["aliases"] = aliases
    text = apply_values(a_text, changes)
    have = {(e.date, _norm(e.head), _norm(e.text)) for e in a.log + a.planned}
    b_lines = b_text.split("\n")
    planned = set(b.planned)  # unticked tasks stay unticked
    for e in sorted(b.log + b.planned, key=lambda e: (e.date, e.line)):
        if (e.date, _norm(e.head), _norm(e.text)) in have:
            continue
        raw = b_lines[e.line - 1].rstrip("\r")
        entry = raw.split(e.date.isoformat(), 1)[1].strip() if e.date.isoformat() in raw else e.head
        extra = _continuation(b_lines, e.line - 1)
        text = append_log(text, e.date, entry, heading, continuation=extra, planned=e in planned)
    return add_notes(text, notes_of(b_text, heading), heading), conflicts


def _continuation(lines: list[str], i: int) -> list[str]:
    indent = len(lines[i]) - len(lines[i].lstrip())
    out = []
    for line in lines[i + 1:]:
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        out.append(line.rstrip("\r"))
    return out
