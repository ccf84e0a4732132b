"""Introductions to make: one person needs what another offers.

Matching is on normalised terms and the config's synonyms (``netnotes.notes.terms``): the same
term, not a partial one, so that each suggestion is worth a call. Pairs already introduced,
people who opted out, and a person with themselves are never suggested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.notes.note import Note
from netnotes.notes.fields import as_list
from netnotes.reports.facts import Facts, opted_out
from netnotes.reports.relationships import stage_of, stage_rank, tier_of, tier_rank
from netnotes.index.session import Session
from netnotes.notes.terms import Vocabulary


@dataclass(frozen=True, slots=True)  # slots: a big vault makes tens of thousands
class NeedMatch:
    needer: Note
    need: str
    offerer: Note
    offer: str


@dataclass(frozen=True, slots=True)
class Introduction:
    a: Note
    b: Note
    matches: tuple[NeedMatch, ...]
    score: float

    @property
    def why(self) -> str:
        parts = [f"{m.needer.name} needs {m.need}; {m.offerer.name} offers {m.offer}" for m in self.matches]
        return " / ".join(parts)

    @property
    def pair(self) -> tuple[str, str]:
        """The two paths, sorted: the same pair whichever way round it was found."""
        x, y = sorted((self.a.rel, self.b.rel))
        return x, y

    def to_json(self) -> dict:
        return {"a": _person(self.a), "b": _person(self.b), "score": round(self.score, 3), "why": self.why,
                "matches": [{"needs": m.needer.name, "need": m.need, "offers": m.offerer.name, "offer": m.offer}
                            for m in self.matches]}


def _person(n: Note) -> dict:
    return {"name": n.name, "path": n.rel, "tier": tier_of(n) or None, "stage": stage_of(n) or None}


def depth(note: Note, facts: Facts) -> float:
    """How deep a relationship is: stage (0-4) counts twice, tier (0-n) once, plus up to 1
    for recency (1 within 30 days of a touch, 0.5 within 90). Remembered per Facts."""
    known = facts.depths.get(note.rel)
    if known is not None:
        return known
    value = _depth(note, facts)
    facts.depths[note.rel] = value
    return value


def _depth(note: Note, facts: Facts) -> float:
    touch = facts.touches.get(note.rel)
    recent = 0.0
    if touch:
        days = (facts.today - touch.date).days
        recent = 1.0 if days <= 30 else 0.5 if days <= 90 else 0.0
    return 2 * stage_rank(stage_of(note)) + tier_rank(tier_of(note), facts.config) + recent


def _already_introduced(session: Session, facts: Facts) -> set[tuple[str, str]]:
    """Pairs (by path) that the logs (up to today) or ``introduced_by`` say already know each
    other: from the index's rows while the notes are not read (``index.acquaintances``)."""
    if session._in_index():
        from netnotes.index.acquaintances import ties

        return {_pair(t.rel, t.other) for t in ties(session.index.conn, facts.today)}
    pairs: set[tuple[str, str]] = set()
    for n in session.contacts:
        for e in n.log:
            if e.kind != "intro" or e.date > facts.today:
                continue
            for target in e.links:
                other = facts.resolve_name(target)
                if other is not None and other.rel != n.rel:
                    pairs.add(_pair(n.rel, other.rel))
        for link in n.prop_links("introduced_by"):
            other = facts.resolve_name(link.target)
            if other is not None and other.rel != n.rel:
                pairs.add(_pair(n.rel, other.rel))
    return pairs


def _pair(x: str, y: str) -> tuple[str, str]:
    """Two paths as one key, whichever way round (a tuple: cheaper than a frozenset, and
    never tracked by the garbage collector)."""
    return (x, y) if x < y else (y, x)


# what introductions and asks read of a card (besides its name and path)
FIELDS = ("name", "offers", "needs", "tier", "stage", "opt_out")


PER_NEED = 3  # offerers suggested to each person for each need


def _suggestions(session: Session, facts: Facts, for_note: Note | None) -> dict[tuple[str, str], list[NeedMatch]]:
    """Each pair (``_pair``) -> its matches, the first one found first: its needer is the
    suggestion's ``a``, its offerer ``b``."""
    vocab = Vocabulary(session.vault.config.synonyms)
    key = vocab.key
    contacts = [n for n in session.contacts_with(FIELDS) if not opted_out(n)]
    deep = {n.rel: depth(n, facts) for n in contacts}
    offers: dict[str, list[tuple[Note, str]]] = {}
    for n in contacts:
        for o in as_list(n.props.get("offers")):
            if isinstance(o, str) and o.strip():
                offers.setdefault(key(o), []).append((n, o))
    for items in offers.values():
        items.sort(key=lambda item: (-deep[item[0].rel], item[0].rel))
    done = _already_introduced(session, facts)
    found: dict[tuple[str, str], list[NeedMatch]] = {}
    cap = None if for_note is not None else PER_NEED
    only = for_note.rel if for_note is not None else None
    for n in contacts:
        rel = n.rel
        for need in as_list(n.props.get("needs")):
            if not isinstance(need, str) or not need.strip():
                continue
            taken = 0
            for other, offer in offers.get(key(need), ()):
                if cap is not None and taken >= cap:
                    break
                if other.rel == rel:
                    continue
                if only is not None and only != rel and only != other.rel:
                    continue
                pair = (rel, other.rel) if rel < other.rel else (other.rel, rel)
                if pair in done:
                    continue
                taken += 1
                m = NeedMatch(n, need, other, offer)
                ms = found.get(pair)
                if ms is None:
                    found[pair] = [m]
                elif m not in ms:
                    ms.append(m)
    return found


def _ranked(found: dict[tuple[str, str], list[NeedMatch]], facts: Facts) -> list[tuple]:
    """Sort keys, best first: (-score, a's name, b's name, a's path, b's path, pair)."""
    keys = []
    deep = facts.depths  # every contact's, filled by _suggestions
    names: dict[str, str] = {}
    for pair, ms in found.items():
        a, b = ms[0].needer, ms[0].offerer
        score = deep[a.rel] + deep[b.rel] + 0.5 * (len(ms) - 1)
        fa = names.get(a.rel)
        if fa is None:
            fa = names[a.rel] = a.name.casefold()
        fb = names.get(b.rel)
        if fb is None:
            fb = names[b.rel] = b.name.casefold()
        keys.append((-score, fa, fb, a.rel, b.rel, pair))
    return keys


def introductions(session: Session, today: dt.date, for_note: Note | None = None,
                  facts: Facts | None = None) -> list[Introduction]:
    """Suggested pairs, best first: the sum of both relationships' depth.

    For each need of each person, the ``PER_NEED`` offerers with the deepest relationships
    are suggested (all of them with ``for_note``), so that a vault with a thousand
    bookkeepers still gives a list a person can act on."""
    facts = facts or Facts(session, today)
    found = _suggestions(session, facts, for_note)
    return [_introduction(found[k[5]], k) for k in sorted(_ranked(found, facts))]


def top_introductions(session: Session, today: dt.date, k: int, facts: Facts | None = None
                      ) -> tuple[list[Introduction], int]:
    """The k best suggestions, and how many there are in all (for the weekly review)."""
    import heapq

    facts = facts or Facts(session, today)
    found = _suggestions(session, facts, None)
    keys = _ranked(found, facts)
    return [_introduction(found[key[5]], key) for key in heapq.nsmallest(k, keys)], len(keys)


def _introduction(ms: list[NeedMatch], key: tuple) -> Introduction:
    return Introduction(ms[0].needer, ms[0].offerer, tuple(ms), -key[0])
