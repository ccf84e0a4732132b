"""Leads: who in your network needs what you offer (the owner's ``offers``, ``reports.owner``).

Networking is marketing: it generates leads, and leads must be followed through. A lead is a
contact whose ``needs`` match one of your offers on whole terms, after the config's synonyms
(``notes.terms``, as introductions match), ranked like introductions by the depth of the
relationship (``reports.introductions.depth``). Contacts who opted out, and your customers
(``pipeline: customer``: they buy from you already), are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.base.text import name_sort_key
from netnotes.index.session import Session
from netnotes.notes.fields import as_list
from netnotes.notes.note import Note
from netnotes.notes.terms import Vocabulary
from netnotes.reports.facts import Facts, opted_out
from netnotes.reports.introductions import FIELDS, depth
from netnotes.reports.owner import Owner, owner
from netnotes.reports.relationships import stage_of, tier_of

KEYS = FIELDS + ("pipeline",)  # what a lead reads of a card


@dataclass(frozen=True)
class Lead:
    note: Note
    matches: tuple[tuple[str, str], ...]  # (their need, your offer), each as written
    score: float

    @property
    def pipeline(self) -> str:
        """Their pipeline stage, "" for none (``pipeline: none`` too)."""
        stage = _stage(self.note)
        return self.note.props["pipeline"].strip() if stage and stage != "none" else ""

    @property
    def reason(self) -> str:
        """``needs N; you offer O`` for each match, joined with `` / ``."""
        return " / ".join(f"needs {need}; you offer {offer}" for need, offer in self.matches)

    @property
    def why(self) -> str:
        return " / ".join(f"{self.note.name} needs {need}; you offer {offer}" for need, offer in self.matches)

    def to_json(self) -> dict:
        n = self.note
        return {"name": n.name, "path": n.rel, "tier": tier_of(n) or None, "stage": stage_of(n) or None,
                "pipeline": self.pipeline or None, "score": round(self.score, 3), "why": self.why,
                "matches": [{"need": need, "offer": offer} for need, offer in self.matches]}


def leads(session: Session, today: dt.date, facts: Facts | None = None, me: Owner | None = None) -> list[Lead]:
    """Every lead, best first: score = depth + 0.5 × (matches − 1), then name and path.
    None when the vault does not say what you offer (no ``type: me`` note, no ``[me]``)."""
    facts = facts or Facts(session, today)
    me = me or owner(session)
    if me is None or not me.offers:
        return []
    vocab = Vocabulary(session.vault.config.synonyms)
    mine: dict[str, str] = {}
    for offer in me.offers:
        mine.setdefault(vocab.key(offer), offer)
    found: list[Lead] = []
    for n in session.contacts_with(KEYS):
        if opted_out(n) or _stage(n) == "customer" or (me.note is not None and n.rel == me.note.rel):
            continue
        matches: list[tuple[str, str]] = []
        for need in as_list(n.props.get("needs")):
            if isinstance(need, str) and need.strip():
                offer = mine.get(vocab.key(need))
                if offer is not None and (need, offer) not in matches:
                    matches.append((need, offer))
        if matches:
            found.append(Lead(n, tuple(matches), depth(n, facts) + 0.5 * (len(matches) - 1)))
    found.sort(key=lambda x: (-x.score, name_sort_key(x.note.name), x.note.rel))
    return found


def _stage(n: Note) -> str:
    value = n.props.get("pipeline")
    return value.strip().casefold() if isinstance(value, str) else ""
