"""Merging two cards into one (netnotes.edit.merge): no value is lost in any merge, a
property-based test over random pairs of cards.

Every property value, list item, alias, log entry and note paragraph of both cards is in the
merged card, or (for a single value both cards set differently) reported as a conflict, with
the first card's value kept.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netnotes.notes.note import Note, parse_note
from netnotes.vault.config import Config
from netnotes.edit.spans import emit
from netnotes.notes.fields import as_list
from netnotes.notes.matching import phone_key
from netnotes.edit.merge import merge_cards, notes_of

HEADING = "Log"
SINGLE = ("company", "role", "linkedin", "city", "met", "stage", "pipeline", "tier", "birthday")
LISTS = ("email", "phone", "website", "tags", "offers", "needs")

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéèçôñ", min_size=1, max_size=9)
phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)
texts = st.one_of(phrase, st.sampled_from(["Gervais Consulting", "Côté Coaching, Inc.", "O'Neil & Sons",
                                           "Owner", "Broker, owner", "yes", "12", "2026-01-02"]))
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
emails = st.sampled_from(["ann@lee.example", "Ann@Lee.example", "al@gervais.example", "info@x.example",
                          "helene@cote.example"])
phones = st.builds(lambda fmt, n: fmt.format(n=n), st.sampled_from(["+1 613 555 {n:04d}", "(613) 555-{n:04d}",
                                                                     "613.555.{n:04d}", "613-555-{n:04d} x12"]),
                   st.integers(100, 104))
websites = st.sampled_from(["https://gervais.example", "https://gervais.example/", "https://cote.example"])
tags = st.sampled_from(["referral-partner", "bni", "client", "resource/insurance"])
single_values = {
    "company": texts, "role": texts, "city": texts, "met": days,
    "linkedin": st.sampled_from(["https://www.linkedin.com/in/al", "https://www.linkedin.com/in/al/",
                                 "https://www.linkedin.com/in/ann"]),
    "stage": st.sampled_from(["met", "know", "like", "trust"]),
    "pipeline": st.sampled_from(["none", "lead", "customer", "partner"]),
    "tier": st.sampled_from(["A", "B", "C"]),
    "birthday": st.sampled_from(["--04-12", "1975-05-21", "--12-03"]),
}
list_values = {"email": emails, "phone": phones, "website": websites, "tags": tags, "offers": texts,
               "needs": texts}
names = st.sampled_from(["Alain Gervais", "Al Gervais", "Hélène Côté", "Ann Lee", "Li Wei"])


@st.composite
def cards(draw) -> str:
    """A card's text: some properties (lists written as one value or as a list), notes, a log."""
    lines = ["---"]
    if draw(st.booleans()):
        lines.append(f"name: {emit(draw(names))}")
    aliases = draw(st.lists(names, max_size=2, unique=True))
    if aliases:
        lines.append(f"aliases: {emit(aliases)}")
    for key in draw(st.lists(st.sampled_from(SINGLE), unique=True)):
        lines.append(f"{key}: {emit(draw(single_values[key]))}")
    for key in draw(st.lists(st.sampled_from(LISTS), unique=True)):
        items = draw(st.lists(list_values[key], min_size=1, max_size=3))
        lines.append(f"{key}: {emit(items[0] if len(items) == 1 else items)}")
    lines.append("---")
    paragraphs = draw(st.lists(st.lists(phrase, min_size=1, max_size=2).map("\n".join), max_size=3))
    lines.append("\n\n".join(paragraphs))
    entries = draw(st.lists(st.tuples(days, st.sampled_from(["coffee", "call", "meeting", "note"]), phrase,
                                      st.one_of(st.none(), phrase)), max_size=4))
    if entries or draw(st.booleans()):
        newest_first = draw(st.booleans())
        lines += ["", f"## {HEADING}"]
        for day, kind, text, more in sorted(entries, key=lambda e: e[0], reverse=newest_first):
            lines.append(f"- {day.isoformat()} {kind}: {text}")
            if more:
                lines.append(f"  {more}")
    return "\n".join(lines) + "\n"


def note(rel: str, text: str) -> Note:
    return parse_note(rel, text.encode("utf-8"), Config())


def same(key: str, value: object) -> object:
    """What makes two values one: a phone number by its digits, text without case or a final /."""
    if key == "phone" and isinstance(value, str) and phone_key(value):
        return phone_key(value)
    if isinstance(value, str):
        s = " ".join(value.split()).casefold()
        return s.rstrip("/") if s.startswith("http") else s
    return value


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in notes_of(text, HEADING).split("\n\n") if p.strip()]


def entries(n: Note) -> set[tuple[dt.date, str]]:
    return {(e.date, " ".join(f"{e.head} {e.text}".split())) for e in n.log}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a_text=cards(), b_text=cards())
def test_no_value_is_lost_in_a_merge(a_text: str, b_text: str) -> None:
    a, b = note("People/Card A.md", a_text), note("People/Card B.md", b_text)
    merged_text, conflicts = merge_cards(a, b, a_text, b_text, HEADING)
    m = note("People/Card A.md", merged_text)
    assert not [d for d in m.diagnostics if d.severity.name == "ERROR"], (merged_text, m.diagnostics)
    conflicted = {c.key: c for c in conflicts}

    # A keeps every value it had; single values are never overwritten without --prefer.
    for key, value in a.props.items():
        if key in LISTS or key == "aliases":
            assert {same(key, x) for x in as_list(value)} <= {same(key, x) for x in as_list(m.props.get(key))}
        else:
            assert m.props.get(key) == value, key

    # Every value of B is in the merged card, or is a conflict that names it.
    for key, value in b.props.items():
        if key in ("name", "aliases"):
            continue
        if key in LISTS:
            assert {same(key, x) for x in as_list(value)} <= {same(key, x) for x in as_list(m.props.get(key))}, key
        elif same(key, m.props.get(key)) != same(key, value):
            assert key in conflicted and conflicted[key].theirs == value, (key, value, conflicts)
            assert conflicted[key].ours == a.props[key]
    for key in conflicted:
        assert key in a.props and key in b.props

    # B's name and aliases resolve to the merged card.
    known = {x.casefold() for x in (m.name, m.title, *m.aliases)}
    assert {x.casefold() for x in (b.name, b.title, *b.aliases)} <= known

    # Every log entry of both, and the log stays in date order.
    assert entries(a) | entries(b) <= entries(m)
    dates = [e.date for e in m.log]
    if len(dates) >= 2:
        assert dates == sorted(dates) or dates == sorted(dates, reverse=True), merged_text

    # Every note paragraph of both.
    got = " \n ".join(paragraphs(merged_text))
    for p in paragraphs(a_text) + paragraphs(b_text):
        assert p in got, (p, merged_text)
