"""Your own asks: for each person you want to meet, whom to ask.

Direct: a contact who offers it. One hop: a contact who knows someone who offers it,
through a recorded introduction, an ``introduced_by``, or a group both belong to. The
weekly review asks only a handful of people, and not the same ones every week: who was
suggested when is read from the review pages already written (their ``asked`` property).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netnotes.base.text import name_sort_key
from netnotes.notes.note import Note
from netnotes.base.errors import NetnotesError
from netnotes.reports.introductions import FIELDS, depth
from netnotes.reports.owner import Owner, owner
from netnotes.reports.facts import Facts, history, opted_out
from netnotes.reports.relationships import stage_of, tier_of
from netnotes.index.session import Session
from netnotes.notes.terms import Vocabulary
from netnotes.base.isoweek import Week


@dataclass(frozen=True)
class Ask:
    need: str
    person: Note  # whom to ask
    target: Note  # who offers it (the person themselves when direct)
    offer: str
    how: str  # the one-line reason
    score: float

    @property
    def direct(self) -> bool:
        return self.person.rel == self.target.rel

    def to_json(self) -> dict:
        return {"need": self.need, "ask": self.person.name, "ask_path": self.person.rel,
                "offers": self.target.name, "offers_path": self.target.rel, "offer": self.offer,
                "direct": self.direct, "how": self.how, "score": round(self.score, 3),
                "tier": tier_of(self.person) or None, "stage": stage_of(self.person) or None}


def acquaintances(session: Session, facts: Facts, contacts: list[Note] | None = None,
                  groups: dict[str, list[str]] | None = None
                  ) -> tuple[dict[str, dict[str, str]], dict[str, list[Note]]]:
    """Who knows whom. First: contact rel -> {other contact rel: how the first knows the other,
    said of the first}, from introductions and ``introduced_by`` (sure acquaintances). Second:
    group name -> its members, for the weaker "both belong to" kind, looked up on demand (a
    group of hundreds would make far too many pairs to list).

    ``contacts`` (every contact) and ``groups`` (contact rel -> its groups) when the caller has
    them; the ties come from the index's rows while the notes are not read."""
    contacts = contacts if contacts is not None else session.contacts_with(FIELDS)
    groups = groups if groups is not None else _groups(session, facts, contacts)
    out: dict[str, dict[str, str]] = {}

    def know(a: Note, b: Note, how_a: str, how_b: str) -> None:
        """how_a: how a knows b, said of a; how_b: said of b."""
        if a.rel == b.rel:
            return
        out.setdefault(a.rel, {}).setdefault(b.rel, how_a)
        out.setdefault(b.rel, {}).setdefault(a.rel, how_b)

    def intro(n: Note, other: Note, direction: str) -> None:
        if direction == "received":
            know(n, other, f"introduced you to {other.name}", f"was introduced to you by {n.name}")
        else:
            know(n, other, f"you introduced them to {other.name}", f"you introduced them to {n.name}")

    if session._in_index():
        from netnotes.index.acquaintances import ties

        by_rel = {n.rel: n for n in contacts}
        for t in ties(session.index.conn, facts.today):
            n, other = by_rel[t.rel], by_rel.get(t.other) if t.other_kind == "contact" else None
            if other is None:
                continue
            if t.how == "introduced_by":
                know(other, n, f"introduced you to {n.name}", f"was introduced to you by {other.name}")
            else:
                intro(n, other, t.how)
    else:
        for n in contacts:
            for e in history(n, facts.today):
                if e.kind != "intro":
                    continue
                for t in e.links:
                    other = facts.resolve_name(t)
                    if other is not None and other.kind == "contact":
                        intro(n, other, e.direction)
            for link in n.prop_links("introduced_by"):
                other = facts.resolve_name(link.target)
                if other is not None and other.kind == "contact":
                    know(other, n, f"introduced you to {n.name}", f"was introduced to you by {other.name}")
    by_group: dict[str, list[Note]] = {}
    for n in contacts:
        for g in groups[n.rel]:
            by_group.setdefault(g, []).append(n)
    return out, by_group


def _groups(session: Session, facts: Facts, contacts: list[Note]) -> dict[str, list[str]]:
    """contact rel -> the groups it belongs to (``Facts.groups_of``), from the index's resolved
    links while the notes are not read."""
    member = session.memberships()
    if member is not None:
        return {rel: found[0] for rel, found in member.items()}
    return {n.rel: facts.groups_of(n)[0] for n in contacts}


GROUP_TARGETS = 20  # offerers, per need, whose fellow group members are considered
GROUP_ASKERS = 10  # fellow members considered per offerer


def asks(session: Session, today: dt.date, facts: Facts | None = None, me: Owner | None = None) -> list[Ask]:
    """Every way to reach what you need: per need (in your order), those who offer it first,
    then those who know them through an introduction, then through a group; within each,
    the deepest relationship first. One entry per (need, person to ask). Through groups, only
    the closest members around the best-known offerers are considered."""
    me = me or owner(session)
    if me is None or not me.needs:
        return []
    facts = facts or Facts(session, today)
    vocab = Vocabulary(session.vault.config.synonyms)
    everyone = session.contacts_with(FIELDS)
    groups_of = _groups(session, facts, everyone)
    contacts = [n for n in everyone if not opted_out(n)]
    by_rel = {n.rel: n for n in contacts}
    known, by_group = acquaintances(session, facts, everyone, groups_of)
    best: dict[tuple[str, str], tuple[tuple, Ask]] = {}

    def offer(order: int, need: str, person: Note, target: Note, how: str, strength: int) -> None:
        score = depth(person, facts)
        rank = (order, -strength, -score, name_sort_key(person.name), target.rel)
        slot = (need, person.rel)
        if slot not in best or rank < best[slot][0]:
            best[slot] = (rank, Ask(need, person, target, offered[target.rel], how, score))

    for order, need in enumerate(me.needs):
        key = vocab.key(need)
        offered: dict[str, str] = {}
        for target in contacts:
            match = next((o for o in target.props.get("offers") or []
                          if isinstance(o, str) and vocab.key(o) == key), None)
            if match:
                offered[target.rel] = match
        targets = sorted((by_rel[r] for r in offered), key=lambda t: (-depth(t, facts), t.rel))
        for target in targets:
            what = offered[target.rel]
            offer(order, need, target, target, f"{target.name} offers {what}", 2)
            for rel in known.get(target.rel, {}):
                person = by_rel.get(rel)
                how = known.get(rel, {}).get(target.rel, "")
                if person is not None and how:
                    offer(order, need, person, target, f"{person.name} {how}, who offers {what}", 1)
        for target in targets[:GROUP_TARGETS]:
            what = offered[target.rel]
            for group in groups_of.get(target.rel, []):
                members = sorted((m for m in by_group.get(group, []) if m.rel != target.rel and m.rel in by_rel),
                                 key=lambda m: (-depth(m, facts), m.rel))
                for person in members[:GROUP_ASKERS]:
                    offer(order, need, person, target,
                          f"{person.name} knows {target.name} from {group}, who offers {what}", 0)
    return [ask for _, ask in sorted(best.values(), key=lambda x: x[0])]


def asked_history(session: Session, before: Week) -> dict[str, Week]:
    """contact rel -> the latest week before ``before`` whose review page asked them (the page's
    ``week`` and ``asked`` properties: from the index's rows while the notes are not read)."""
    out: dict[str, Week] = {}

    def asked(label: object, person: str) -> None:
        try:
            week = Week.parse(str(label)) if label else None
        except NetnotesError:
            week = None
        if week is None or week.start >= before.start:
            return
        if person not in out or out[person].start < week.start:
            out[person] = week

    if session._in_index():
        from netnotes.index.acquaintances import asked as asked_rows

        for label, person in asked_rows(session.index.conn):
            asked(label, person)
        return out
    for n in session.notes:
        if n.kind != "review":
            continue
        label = n.props.get("week")
        for link in n.prop_links("asked"):
            person = session.resolver.resolve(link.target).note
            if person is not None:
                asked(label, person.rel)
    return out


def asks_this_week(session: Session, week: Week, today: dt.date, facts: Facts | None = None) -> list[Ask]:
    """At most ``[asks] max`` asks, each to a different person: people never suggested first,
    then the least recently suggested; people suggested in the last ``[asks] rest_weeks``
    weeks only when nobody else is left."""
    config = session.vault.config
    all_asks = asks(session, today, facts)
    history = asked_history(session, week)
    rested, recent, chosen_people = [], [], set()
    for a in sorted(all_asks, key=lambda a: (not a.direct, -a.score)):
        if a.person.rel in chosen_people:
            continue
        chosen_people.add(a.person.rel)
        last = history.get(a.person.rel)
        since = last.start if last else dt.date.min
        if last is None or (week.start - last.start).days // 7 > config.ask_rest_weeks:
            rested.append((since, a))
        else:
            recent.append((since, a))
    # never asked first, then the least recently asked; the sort is stable, so within the
    # same week the better ask stays ahead
    rested.sort(key=lambda x: x[0])
    recent.sort(key=lambda x: x[0])
    return [a for _, a in rested + recent][:config.max_asks]
