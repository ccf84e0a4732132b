"""Introductions to make: one person needs what another offers.

Matching is on normalised terms and the config's synonyms (``netnotes.notes.terms``): the same
term, not a partial one, so that each suggestion is worth a call. Pairs already introduced,
people who opted out, and a person with themselves are never suggested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.base.text import name_sort_key
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
            fa = names[a.rel] = name_sort_key(a.name)
        fb = names.get(b.rel)
        if fb is None:
            fb = names[b.rel] = name_sort_key(b.name)
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


# ---- introductions made, and what came of them ------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    date: dt.date
    outcome: str  # one of notes.log.OUTCOMES
    text: str  # the entry's text, as written (it starts with the outcome)

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "outcome": self.outcome, "text": self.text}


@dataclass(frozen=True)
class IntroductionMade:
    """One introduction you made (``intro`` entries on one card or both, the same day), and
    the outcomes recorded after it (``intro outcome`` entries), oldest first."""

    a: Note
    b: Note
    date: dt.date
    note: str  # what the introduction was about: the entry's text
    outcomes: tuple[Outcome, ...]

    @property
    def outcome(self) -> Outcome | None:
        """What came of it as last recorded (on one day, the worthier word wins)."""
        return self.outcomes[-1] if self.outcomes else None

    def to_json(self) -> dict:
        last = self.outcome
        return {"a": _person(self.a), "b": _person(self.b), "date": self.date.isoformat(), "note": self.note,
                "outcome": last.outcome if last else None, "outcome_date": last.date.isoformat() if last else None,
                "outcomes": [o.to_json() for o in self.outcomes]}


def introductions_made(session: Session, today: dt.date, facts: Facts | None = None) -> list[IntroductionMade]:
    """Every introduction made by ``today``, newest first, each with what came of it.

    An ``intro`` entry (not ``intro received``) linking to another contact is an
    introduction of the two; entries of one pair on one day, on either card, are one. An
    ``intro outcome`` entry belongs to the pair's latest introduction on or before its day
    (one dated before any introduction of the pair belongs to none). Answered from the
    index's rows while the notes are not read (``index.acquaintances.intro_lines``)."""
    from netnotes.notes.log import OUTCOMES, outcome_of

    facts = facts or Facts(session, today)
    lines, people = _intro_lines(session, facts)
    intros: dict[tuple[str, str], dict[dt.date, str]] = {}
    outcomes: dict[tuple[str, str], list[tuple[dt.date, str, str]]] = {}
    for line in lines:
        pair = _pair(line.rel, line.other)
        if line.kind == "intro":
            notes = intros.setdefault(pair, {})
            if not notes.get(line.date):
                notes[line.date] = line.text
        else:
            word = outcome_of(line.text)
            if word is not None:
                outcomes.setdefault(pair, []).append((line.date, word, line.text))
    out: list[IntroductionMade] = []
    for pair, by_day in intros.items():
        days = sorted(by_day)
        found: dict[dt.date, list[tuple[dt.date, str, str]]] = {d: [] for d in days}
        for when, word, text in outcomes.get(pair, ()):
            earlier = [d for d in days if d <= when]
            if earlier and (when, word) not in {(w, o) for w, o, _t in found[earlier[-1]]}:
                found[earlier[-1]].append((when, word, text))
        for d in days:
            got = sorted(found[d], key=lambda o: (o[0], OUTCOMES.index(o[1])))
            out.append(IntroductionMade(people[pair[0]], people[pair[1]], d, by_day[d],
                                        tuple(Outcome(*o) for o in got)))
    out.sort(key=lambda m: (-m.date.toordinal(), name_sort_key(m.a.name), name_sort_key(m.b.name), m.a.rel, m.b.rel))
    return out


def _intro_lines(session: Session, facts: Facts) -> tuple[list, dict[str, Note]]:
    """The links of every introduction made and outcome recorded (``IntroLine``), and the
    contacts they name, by path."""
    from netnotes.index.acquaintances import IntroLine, intro_lines

    if session._in_index():
        lines = intro_lines(session.index.conn, facts.today)
        named = {x for line in lines for x in (line.rel, line.other)}
        return lines, {n.rel: n for n in session.contacts_with(FIELDS) if n.rel in named}
    lines = []
    people: dict[str, Note] = {}
    for n in session.contacts:
        for e in n.log:
            if e.date > facts.today or not (e.kind == "outcome" or e.kind == "intro" and e.direction != "received"):
                continue
            for target in e.links:
                other = facts.resolve_name(target)
                if other is not None and other.kind == "contact" and other.rel != n.rel:
                    lines.append(IntroLine(n.rel, e.line, e.date, e.kind, e.text, other.rel))
                    people[n.rel], people[other.rel] = n, other
    return lines, people
