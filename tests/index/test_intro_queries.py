"""Differential tests for `introductions` and `asks` answered from the index's rows
(netnotes.index.acquaintances, Session.contacts_with, memberships, last_touches): every answer
equals the same report computed over every parsed note, on the sample vault, the hostile
corpus, a generated vault and hypothesis-made vaults (names that collide, aliases, folders,
opt-outs, links that resolve to nothing or to two notes, intro entries in every shape the log
grammar allows, post-dated entries, review pages that asked people).

The reference reads the notes in the index's order (by path bytes), as `netnotes` itself does:
the reports' tie-breaks follow reading order, and a walk of the folders orders "People/x.md"
after "People 2.md" where path bytes order it before.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, copy_sample, run_json, write_vault
from .helpers import differential_vault
from netnotes.base.isoweek import Week
from netnotes.index.acquaintances import ties
from netnotes.index.session import Session, load_session, load_session_uncached
from netnotes.reports.asks import acquaintances, asked_history, asks, asks_this_week
from netnotes.reports.facts import Facts
from netnotes.reports.introductions import _already_introduced, introductions, top_introductions
from netnotes.reports.owner import owner
from netnotes.vault.handle import open_vault

TODAY = dt.date(2026, 11, 20)
DAYS = (dt.date(2025, 1, 1), TODAY, dt.date(2030, 1, 1))


def _vault(kind: str, tmp_path: Path) -> Path:
    return differential_vault(kind, tmp_path, 300, 3)


def reference(root: Path) -> Session:
    """Every note parsed from its file, in the order the index reads them."""
    notes = load_session_uncached(open_vault(str(root))).notes
    return Session(open_vault(str(root)), sorted(notes, key=lambda n: os.fsencode(n.rel)))


def _owner(session: Session) -> tuple | None:
    me = owner(session)
    return None if me is None else (me.name, me.offers, me.needs, me.ideal_customer,
                                    me.note.rel if me.note else None, me.note.props if me.note else None)


def assert_same(root: Path, days: tuple[dt.date, ...] = DAYS, people: int = 6) -> None:
    """Every answer of the two reports (and of what the weekly review calls) from the rows
    equals the one computed over the parsed notes, and the rows never read the whole vault."""
    full = reference(root)
    session = load_session(open_vault(str(root)), with_body=False)
    try:
        assert _owner(session) == _owner(full)
        contacts = sorted(full.contacts, key=lambda n: n.rel)
        for today in days:
            fast_facts, full_facts = Facts(session, today), Facts(full, today)
            assert _already_introduced(session, fast_facts) == _already_introduced(full, full_facts), today
            assert {tuple(sorted((t.rel, t.other))) for t in ties(session.index.conn, today)} == \
                _already_introduced(full, full_facts)
            assert _known(session, fast_facts) == _known(full, full_facts), today
            want = [i.to_json() for i in introductions(full, today, None, full_facts)]
            assert [i.to_json() for i in introductions(session, today, None, fast_facts)] == want, today
            for k in (1, 5):
                fast, total = top_introductions(session, today, k, fast_facts)
                best, count = top_introductions(full, today, k, full_facts)
                assert ([i.to_json() for i in fast], total) == ([i.to_json() for i in best], count), (today, k)
            for person in contacts[:: max(1, len(contacts) // people)]:
                want = [i.to_json() for i in introductions(full, today, person, full_facts)]
                got = [i.to_json() for i in introductions(session, today, person, fast_facts)]
                assert got == want, (today, person.rel)
            assert [a.to_json() for a in asks(session, today, fast_facts)] == \
                [a.to_json() for a in asks(full, today, full_facts)], today
            week = Week.of(today)
            assert asked_history(session, week) == asked_history(full, week)
            assert [a.to_json() for a in asks_this_week(session, week, today, fast_facts)] == \
                [a.to_json() for a in asks_this_week(full, week, today, full_facts)], today
        assert "notes" not in session.__dict__  # answered from the rows, never every note
    finally:
        session.index.close()


def _known(session: Session, facts: Facts) -> tuple:
    """``acquaintances``, its groups' members by path (the rows hold light notes)."""
    known, by_group = acquaintances(session, facts)
    return known, {g: [n.rel for n in ms] for g, ms in by_group.items()}


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_introductions_and_asks_from_rows_equal_the_parsed_notes(kind, tmp_path):
    assert_same(_vault(kind, tmp_path))


def test_the_walk_order_gives_the_same_answers_on_the_sample_vault(tmp_path):
    """Where no folder name is a prefix of a sibling's, the walk's order is the index's."""
    root = copy_sample(tmp_path / "sample")
    walked = load_session_uncached(open_vault(str(root)))
    ordered = reference(root)
    assert [i.to_json() for i in introductions(walked, TODAY)] == \
        [i.to_json() for i in introductions(ordered, TODAY)]
    assert [a.to_json() for a in asks(walked, TODAY)] == [a.to_json() for a in asks(ordered, TODAY)]


def test_the_commands_read_the_rows_and_print_what_the_notes_say(make_vault):
    vault = make_vault({
        "Me.md": "---\ntype: me\nneeds: [web design]\n---\n",
        "People/Ann Lee.md": "---\nneeds: [web design]\noffers: [tax]\n---\n",
        "People/Bob.md": "---\noffers: [web design]\nstage: like\n---\n",
        "People/Cy.md": "---\noffers: [web design]\n---\n## Log\n- 2026-11-01 intro [[Ann Lee]]: coffee\n",
        "People/Dee.md": "---\nneeds: [tax]\n---\n## Log\n- 2026-10-01 intro\n  then [[Bob]] too\n",
        "People/Eve.md": "---\nneeds: [tax]\n---\n## Log\n- 2027-01-01 intro [[Ann Lee]]\n",
    })
    intros = run_json(["introductions", "--json"], vault, today=TODAY)
    pairs = [(i["a"]["name"], i["b"]["name"]) for i in intros]
    assert ("Ann Lee", "Cy") not in pairs and ("Ann Lee", "Bob") in pairs  # Cy introduced Ann already
    assert ("Dee", "Ann Lee") in pairs and ("Eve", "Ann Lee") in pairs  # Eve's intro is post-dated
    only = run_json(["introductions", "--for", "Eve", "--json"], vault, today=TODAY)
    assert [(i["a"]["name"], i["b"]["name"]) for i in only] == [("Eve", "Ann Lee")]
    asked = run_json(["asks", "--json"], vault, today=TODAY)
    assert [(a["ask"], a["direct"]) for a in asked] == [("Bob", True), ("Cy", True), ("Dee", False),
                                                         ("Ann Lee", False)]
    assert asked[2]["how"] == "Dee you introduced them to Bob, who offers web design"  # a continuation's link
    assert asked[3]["how"] == "Ann Lee you introduced them to Cy, who offers web design"


# ---- generated vaults ----------------------------------------------------------------------
NAMES = ["Ann Lee", "ann lee", "Bob", "Bobby", "Cy", "Zoë", "Chamber", "Nobody", "People/Bob", "Cy#Work"]
TERMS = ["web design", "Web-Design", "tax", "bookkeeping", "accountant", "realtor", "x"]
FOLDERS = ["People/", "People/Sub/", "People 2/", "Clients/", ""]
CONFIG = '[synonyms]\n"bookkeeping" = ["accountant"]\n'


def _link(draw) -> str:
    name = draw(st.sampled_from(NAMES))
    return draw(st.sampled_from([f"[[{name}]]", f"[[{name}|shown]]", f"![[{name}]]", "[[#Heading]]",
                                 f"[[{name}#Log]]"]))


@st.composite
def log_lines(draw) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        day = f"20{draw(st.sampled_from(['25', '26', '27']))}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
        kind = draw(st.sampled_from(["intro", "intro received", "introduction by", "intro", "call", "Intro"]))
        head = " ".join([kind] + [_link(draw) for _ in range(draw(st.integers(0, 2)))])
        text = draw(st.sampled_from(["", ": coffee", f": met {_link(draw)}", ": [[Ann", ": a: b"]))
        box = draw(st.sampled_from(["- ", "- ", "- [x] ", "- [ ] ", "* "]))
        lines.append(f"{box}{day} {head}{text}")
        shape = draw(st.sampled_from(["none"] * 4 + ["more", "fence", "fence-more", "lesser", "bad-item"]))
        if shape == "more":
            lines.append(f"  and {_link(draw)} too")
        elif shape == "fence":
            lines.append("```")
        elif shape == "fence-more":
            lines.append("  ```")
            lines.append(f"  {_link(draw)}")
        elif shape == "lesser":
            lines.append("plain words")
            lines.append(f"    {_link(draw)}")
        elif shape == "bad-item":
            lines.append(f"- not a date {_link(draw)}")
            lines.append(f"  {_link(draw)}")
    return lines


@st.composite
def contact(draw) -> str:
    props = []
    if draw(st.booleans()):
        props.append(f"name: {draw(st.sampled_from(NAMES[:6]))}")
    if draw(st.booleans()):
        props.append(f"aliases: [{draw(st.sampled_from(NAMES[:6]))}]")
    if draw(st.booleans()):
        props.append("type: person")
    for key in ("offers", "needs"):
        if draw(st.booleans()):
            items = draw(st.lists(st.sampled_from(TERMS + ["2026-01-01", "3", "[[Bob]]"]), max_size=3))
            props.append(f"{key}: [{', '.join(items)}]")
    if draw(st.booleans()):
        props.append(f"tier: {draw(st.sampled_from(['A', 'B', 'C', 'Z']))}")
    if draw(st.booleans()):
        props.append(f"stage: {draw(st.sampled_from(['met', 'know', 'like', 'trust', 'best']))}")
    if draw(st.booleans()):
        props.append(f"opt_out: {draw(st.sampled_from(['true', 'false', 'yes', '1']))}")
    if draw(st.booleans()):
        props.append(f'introduced_by: "{_link(draw)}"')
    if draw(st.booleans()):
        props.append('groups: ["[[Chamber]]"]')
    if draw(st.booleans()):
        props.append(f"last_contact: 2026-{draw(st.integers(1, 12)):02d}-10")
    body = ["Notes."]
    if draw(st.booleans()):
        body.append(f"See {_link(draw)}.")
    lines = draw(log_lines())
    if lines or draw(st.booleans()):
        body += ["", "## Log", *lines]
        if draw(st.booleans()):
            body += ["", "## After", f"Later {_link(draw)}."]
    return "---\n" + "\n".join(props) + "\n---\n" + "\n".join(body) + "\n"


@st.composite
def vaults(draw) -> dict[str, str]:
    files: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 7))):
        folder = draw(st.sampled_from(FOLDERS))
        name = draw(st.sampled_from(["Ann Lee", "ann lee", "Bob", "Cy", "Zoë", "Dee", "People A"]))
        text = draw(contact())
        if folder in ("", "People 2/", "Clients/"):
            text = text.replace("---\n", "---\ntype: person\n", 1)
        files[f"{folder}{name}.md"] = text
    if draw(st.booleans()):
        files["Groups/Chamber.md"] = "---\ntype: group\n---\n"
    if draw(st.booleans()):
        needs = draw(st.lists(st.sampled_from(TERMS), max_size=3))
        files["Me.md"] = f"---\ntype: me\nname: Dana\nneeds: [{', '.join(needs)}]\n---\n" + \
            draw(st.sampled_from(["", "## Log\n- 2026-01-05 intro [[Bob]]\n"]))  # the owner's log is no contact's
    for week in draw(st.lists(st.sampled_from(["2026-W45", "2026-W46", "2026-W47", "2026-W50", "bad"]),
                              max_size=2, unique=True)):
        people = ", ".join(f'"{_link(draw)}"' for _ in range(draw(st.integers(0, 2))))
        files[f"Reviews/{week}.md"] = f"---\ntype: review\nweek: {week}\nasked: [{people}]\n---\n"
    return files


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_generated_vaults(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp) / "vault", files, CONFIG)
        assert_same(root, days=(TODAY, dt.date(2027, 6, 1)), people=3)
