"""Groups and events: what each one has produced over the long run.

A person counts for a group when their ``met_at`` names the group or one of its events,
or when they are listed in one of its events; members (``groups``) are counted apart. From
the people met: relationships that reached like or trust, referrals received from them,
customers, repeat customers (two sales or more) and the sum of their sales. Sales through
referrals: what the people that those met there brought you bought (``reports.referrals``),
when the customer was not met there too (then it is already in the sales).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from netnotes.notes.note import Note
from netnotes.base.dates import as_date
from netnotes.base.text import name_sort_key
from netnotes.reports.facts import Facts, history
from netnotes.reports.referrals import add_money, sales, sources
from netnotes.index.session import Session


@dataclass(frozen=True)
class GroupStats:
    note: Note
    kind: str  # group | event
    people_met: tuple[Note, ...]
    members: tuple[Note, ...]
    deepened: tuple[Note, ...]  # reached like or trust
    referrals: int
    customers: tuple[Note, ...]
    repeat_customers: tuple[Note, ...]
    sales_cents: dict[str, int]  # currency ("" when unnamed) -> total
    date: dt.date | None
    referred_customers: tuple[Note, ...] = ()  # customers the people met here brought you
    referred_sales_cents: dict[str, int] = field(default_factory=dict)  # what they bought

    def to_json(self) -> dict:
        names = lambda ns: [n.name for n in ns]  # noqa: E731
        return {"name": self.note.name, "path": self.note.rel, "kind": self.kind,
                "date": self.date.isoformat() if self.date else None,
                "people_met": len(self.people_met), "members": len(self.members),
                "deepened": len(self.deepened), "referrals": self.referrals,
                "customers": len(self.customers), "repeat_customers": len(self.repeat_customers),
                "sales": {k or "unspecified": v / 100 for k, v in sorted(self.sales_cents.items())},
                "people_met_names": names(self.people_met), "deepened_names": names(self.deepened),
                "customer_names": names(self.customers), "repeat_customer_names": names(self.repeat_customers),
                "referred_customers": len(self.referred_customers),
                "referred_sales": {k or "unspecified": v / 100 for k, v in sorted(self.referred_sales_cents.items())},
                "referred_customer_names": names(self.referred_customers)}


# what the report reads of a card, when the index answers (``index.ledger``)
PLACE_KEYS = ("date",)
CONTACT_KEYS = ("met", "stage", "pipeline")


def group_stats(session: Session, today: dt.date, facts: Facts | None = None) -> list[GroupStats]:
    """Read from the index's rows (links, log entries) when the notes are not loaded."""
    if session._in_index():

        book = session.ledger()
        people_keys = session.vault.config.people_properties
        groups = book.notes(("group", "event"), PLACE_KEYS, links=("group", "body", *people_keys))
        contacts = book.notes(("contact",), CONTACT_KEYS, links=("met_at", "groups", "introduced_by"),
                              log=("intro", "referral", "sale"), today=today, entry_links=True)
        resolve = book.resolve
        attended = by_event((ev, target) for ev in groups if ev.kind == "event" for link in ev.links
                            if link.source in people_keys or link.source == "body"
                            for target in (resolve(link.target),)
                            if target is not None and target.kind == "contact")
    else:
        facts = facts or Facts(session, today)
        groups = [n for n in session.notes if n.kind in ("group", "event")]
        contacts, resolve = session.contacts, facts.resolve_name
        attended = facts.attended_by_event()
    met: dict[str, dict[str, Note]] = {g.rel: {} for g in groups}
    members: dict[str, dict[str, Note]] = {g.rel: {} for g in groups}
    event_group: dict[str, str] = {}
    for ev in (g for g in groups if g.kind == "event"):
        for link in ev.prop_links("group"):
            target = resolve(link.target)
            if target is not None and target.kind == "group":
                event_group[ev.rel] = target.rel

    def credit(place: Note, person: Note) -> None:
        when = as_date(place.props.get("date"))
        if when is not None and when > today:
            return  # an event that has not happened yet
        met[place.rel][person.rel] = person
        parent = event_group.get(place.rel)
        if parent:
            met[parent][person.rel] = person

    for n in contacts:
        met_day = as_date(n.props.get("met"))
        for link in n.prop_links("met_at") if met_day is None or met_day <= today else ():
            target = resolve(link.target)
            if target is not None and target.rel in met:
                credit(target, n)
        for link in n.prop_links("groups"):
            target = resolve(link.target)
            if target is not None and target.rel in members:
                members[target.rel][n.rel] = n
    by_rel = {g.rel: g for g in groups}
    for ev_rel, people in attended.items():
        for person in people:
            credit(by_rel[ev_rel], person)
    home = session.vault.config.currency
    spent = {n.rel: sales(n, today, home) for n in contacts}
    places_of: dict[str, list[str]] = {}  # contact rel -> the places they were met
    for place_rel, people in met.items():
        for rel in people:
            places_of.setdefault(rel, []).append(place_rel)
    brought: dict[str, dict[str, None]] = {g.rel: {} for g in groups}  # place -> customers via referrals
    for customer_rel, senders in sources(contacts, today, resolve).items():
        for x in senders:
            for place_rel in places_of.get(x.rel, ()):
                if customer_rel not in met[place_rel]:
                    brought[place_rel][customer_rel] = None
    by_contact = {n.rel: n for n in contacts}
    out = []
    for g in groups:
        people = sorted(met[g.rel].values(), key=lambda n: name_sort_key(n.name))
        deepened = tuple(p for p in people if p.props.get("stage") in ("like", "trust"))
        referrals = sum(1 for p in people for e in history(p, today)
                        if e.kind == "referral" and e.direction == "received")
        total: dict[str, int] = {}
        customers, repeat = [], []
        for p in people:
            add_money(total, spent[p.rel] if p.rel in spent else sales(p, today, home))
            n_sales = sum(1 for e in history(p, today) if e.kind == "sale" and e.amount_cents is not None)
            if n_sales or p.props.get("pipeline") == "customer":
                customers.append(p)
            if n_sales >= 2:
                repeat.append(p)
        referred, referred_total = [], {}
        for rel in brought[g.rel]:
            c = by_contact[rel]  # sources() answers for these contacts only
            if spent[rel] or c.props.get("pipeline") == "customer":
                referred.append(c)
                add_money(referred_total, spent[rel])
        out.append(GroupStats(g, g.kind, tuple(people),
                              tuple(sorted(members[g.rel].values(), key=lambda n: name_sort_key(n.name))),
                              deepened, referrals, tuple(customers), tuple(repeat), total,
                              as_date(g.props.get("date")),
                              tuple(sorted(referred, key=lambda n: name_sort_key(n.name))), referred_total))
    return sorted(out, key=lambda s: (s.kind != "group", -(sum(s.sales_cents.values())), -len(s.people_met),
                                      name_sort_key(s.note.name)))


def by_event(pairs: Iterable[tuple[Note, Note]]) -> dict[str, list[Note]]:
    """event rel -> the contacts it lists, from (event, contact) pairs in the order of the
    events' links: the order ``Facts.attended_by_event`` gives (contacts by the first event
    that lists them, each event once per contact)."""
    events: dict[str, dict[str, Note]] = {}  # contact rel -> event rel -> event
    people: dict[str, Note] = {}
    for ev, person in pairs:
        events.setdefault(person.rel, {}).setdefault(ev.rel, ev)
        people.setdefault(person.rel, person)
    out: dict[str, list[Note]] = {}
    for rel, listed in events.items():
        for ev_rel in listed:
            out.setdefault(ev_rel, []).append(people[rel])
    return out
