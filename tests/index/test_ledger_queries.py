"""Differential tests for reciprocity, groups, pipeline and the referral graph answered from the
index's rows (netnotes.index.ledger): every answer, in every format, equals the same report
computed over every parsed note (``load_session_uncached``), on the sample vault, the hostile
corpus, a generated vault and vaults hypothesis makes (groups, events and ``met_at`` links,
links that do not resolve or are ambiguous, sales in several currencies, entries dated after
today, log lines the parser reads in unusual ways)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, copy_sample, write_vault
from .helpers import differential_vault
from netnotes.index.ledger import LINKED, Ledger
from netnotes.index.session import Session, load_session, load_session_uncached
from netnotes.notes.note import Note
from netnotes.render.jinja import wikilink
from netnotes.render.report_views import render_groups, render_pipeline, render_reciprocity
from netnotes.reports.facts import Facts
from netnotes.reports.graph import build, graph_text, referral_graph
from netnotes.reports.groups import group_stats
from netnotes.reports.pipeline import pipeline
from netnotes.reports.reciprocity import reciprocity
from netnotes.vault.handle import open_vault

TODAYS = (dt.date(2025, 1, 1), dt.date(2026, 11, 20), dt.date(2030, 1, 1))


def answers(session: Session, today: dt.date) -> dict[str, object]:
    """Everything the four reports show: JSON, terminal text, the graph in every format, and
    the links the weekly page makes of each row's note."""
    balances = reciprocity(session, today)
    groups = group_stats(session, today)
    funnel = pipeline(session, today)
    graph = build(session, today)
    out: dict[str, object] = {
        "reciprocity": [b.to_json() for b in balances], "reciprocity text": render_reciprocity(balances),
        "groups": [g.to_json() for g in groups], "groups text": render_groups(groups),
        "pipeline": [p.to_json() for p in funnel], "pipeline text": render_pipeline(funnel),
        "graph": graph.to_json(), "graph edges": [(e.date, type(e.date).__name__) for e in graph.edges],
        "links": [wikilink(r.note) for r in (*balances, *groups, *funnel)],
        "with facts": [p.to_json() for p in pipeline(session, today, Facts(session, today))],
    }
    for fmt in ("mermaid", "dot", "json"):
        out[f"graph {fmt}"] = graph_text(referral_graph(session, today), fmt)
        out[f"graph {fmt} cut"] = graph_text(referral_graph(session, today, max_edges=3), fmt)
    centers = sorted(n for n in graph.nodes if n != "you")[:3]
    out["around"] = [referral_graph(session, today, c, depth=1).to_json() for c in centers]
    return out


KINDS = ("intro", "referral", "sale")
KEYS = ("tier", "stage", "met", "pipeline", "met_at", "date", "aliases")
SOURCES = ("introduced_by", "met_at", "groups", "group", "people", "body")


def light(notes: list[Note], today: dt.date) -> dict[str, tuple]:
    """What the light notes hold, exactly (types too): properties, links, log entries."""
    return {n.rel: (n.title, n.name, n.kind, [(k, type(n.props.get(k)), n.props.get(k)) for k in KEYS],
                    [(link.target, link.source) for link in n.links if link.source in SOURCES],
                    [(e.line, e.date, e.kind, e.direction, e.links if e.kind in LINKED else (), e.amount_cents,
                      e.currency)
                     for e in n.log if e.kind in KINDS and e.date <= today]) for n in notes}


def assert_same_rows(session: Session, full: Session, today: dt.date) -> None:
    """The ledger's light notes hold what the parsed notes hold."""
    book = Ledger(session.index.conn)
    for kinds in (("contact",), ("group", "event")):
        got = book.notes(kinds, KEYS, links=SOURCES, log=KINDS, today=today, entry_links=True)
        assert light(got, today) == light([n for n in full.notes if n.kind in kinds], today), (kinds, today)
    for n in full.notes:
        for link in n.links:
            want = full.resolver.resolve(link.target).note
            got = book.resolve(link.target)
            assert (got.rel, got.name, got.kind) == (want.rel, want.name, want.kind) if want else got is None


def assert_same_answers(root: Path, todays: tuple[dt.date, ...] = TODAYS) -> None:
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    session = load_session(vault, with_body=False)
    try:
        for today in todays:
            fast, want = answers(session, today), answers(full, today)
            for key in want:
                assert fast[key] == want[key], (today, key)
            assert_same_rows(session, full, today)
        assert "notes" not in session.__dict__  # answered from the rows, never every note
    finally:
        session.index.close()


def _vault(kind: str, tmp_path: Path) -> Path:
    return differential_vault(kind, tmp_path, 250, 7)


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_reports_from_the_index_equal_the_whole_vault(kind, tmp_path):
    assert_same_answers(_vault(kind, tmp_path), (*TODAYS, dt.date(2026, 11, 18)))


def test_the_sample_vault_has_something_in_every_report(tmp_path):
    """The comparison above is not between empty answers."""
    session = load_session(open_vault(str(copy_sample(tmp_path / "sample"))), with_body=False)
    try:
        today = dt.date(2026, 11, 20)
        assert any(b.received for b in reciprocity(session, today))
        assert any(g.people_met and g.sales_cents for g in group_stats(session, today))
        assert any(b.business_cents for b in reciprocity(session, today))
        assert any(g.referred_sales_cents for g in group_stats(session, today))
        assert any(p.source for p in pipeline(session, today))
        assert {e.kind for e in build(session, today).edges} == {"referred", "introduced", "met at"}
    finally:
        session.index.close()


# what the rows cannot tell about a log entry's links, and the note's parsed log answers
TRICKY_LOGS = {
    "a line continues the entry": "- 2026-01-01 intro [[Bob]]: hello\n  and then [[Cara]]\n",
    "a comment after the entry": "- 2026-01-01 intro received [[Bob]]\n<!-- [[Cara]] -->\n",
    "a task after the entry": "- 2026-01-01 intro [[Bob]]\n- [ ] 2026-01-05 intro [[Cara]]\n",
    "an entry in a code fence": "- 2026-01-01 call: x\n  ```\n- 2026-01-02 intro [[Bob]]\n",
    "a fence opened by the entry": "- 2026-01-02 intro [[Bob]]\n  ```\n  [[Cara]]\n",
    "a fence after a bad line": "- no date\n  ```\n- 2026-01-02 referral received from [[Bob]]\n",
    "a link to a heading": "- 2026-01-02 intro [[#Notes]] [[Bob]]\n",
    "no link": "- 2026-01-02 referral received: a client\n\n```\ncode\n```\n",
    "another section below": "- 2026-01-02 intro [[Bob]]\n\n## Later\n[[Cara]]\n",
}


@pytest.mark.parametrize("case", sorted(TRICKY_LOGS))
def test_log_links_the_rows_cannot_tell_come_from_the_parsed_note(case, make_vault):
    root = make_vault({
        "People/Ann.md": "---\ntier: A\nintroduced_by: \"[[Bob]]\"\n---\n## Log\n" + TRICKY_LOGS[case],
        "People/Bob.md": "---\nstage: like\n---\n## Log\n- 2026-01-03 intro [[Cara]] and [[Ann]]\n",
        "People/Cara.md": "---\n---\n",
    })
    assert_same_answers(root, (dt.date(2026, 11, 20),))


# ---- generated vaults ----------------------------------------------------------------------
CONTACTS = ["Ann Lee", "ann lee", "Bob", "Cara Diaz", "Dan"]
GROUPS = ["Chamber", "BNI"]
EVENTS = ["2026-10-14 Mixer", "Gala"]
# what links name: titles, names, aliases (Al is two people's), paths, notes that do not exist
TARGETS = ["Ann Lee", "ann lee", "Bob", "Bobby", "Cara Diaz", "Dan", "Al", "People/Bob", "Chamber", "BNI",
           "Groups/Chamber", "2026-10-14 Mixer", "Mixer", "Gala", "Me", "Nobody", "2026-11-19"]
DAYS = ["2025-06-01", "2026-11-18", "2026-11-20", "2026-11-25", "2031-01-01"]

link = st.one_of(st.sampled_from(CONTACTS), st.sampled_from(TARGETS)).map(lambda t: f"[[{t}]]")
day = st.sampled_from(DAYS)


ENTRIES = ["- {d} intro {l}: met for coffee", "- {d} intro received {l} and {l2}", "- {d} intro: to {l}",
           "- {d} referral given to {l}: a client", "- {d} referral received from {l}", "- {d} referral: someone",
           "- {d} intro received: nobody linked", "- {d} intro [[#Notes]] {l}", "- [x] {d} referral received {l}",
           "- {d} 14:00 intro {l}", "- {d} sale $1,200: first job", "- {d} sale 300 EUR", "- {d} sale CAD 80",
           "- {d} sale 45", "- {d} sale: signed", "- {d} call with {l}"]
# what may follow an entry: lines that continue it (links, code fences), and lines the log
# parser reads otherwise (comments, tasks, malformed lines), each of which may hold a link
AFTER = ["  and then {l}", "  ```", "```", "  ~~~", "<!-- {l} -->", "- not dated {l}", "- [ ] {d} intro {l}",
         "said so {l}", "- 2026-02-30 intro {l}", "", "  no link here"]


@st.composite
def log_lines(draw) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        lines.append(draw(st.sampled_from(ENTRIES)).format(d=draw(day), l=draw(link), l2=draw(link)))
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(st.sampled_from(AFTER)).format(d=draw(day), l=draw(link)))
    return lines


@st.composite
def contact(draw, title: str) -> str:
    props = []
    for key, values in (
            ("name", ["Bobby", "  Ann  ", "2026-01-01"]), ("aliases", ["[Al]", "[Annie, Al]"]),
            ("tier", ["A", "B", "Z", "2026-01-01", '"2026-01-01"', "3"]),
            ("stage", ["like", "trust", "met", "LIKE", "2026-01-01"]),
            ("pipeline", ["lead", "prospect", "customer", "partner", "none", "Lead", "bogus"]),
            ("met", ["2026-03-14", "2029-01-01", "2026-03-14 10:00:00", '"2026-03-14"', "soon", "20260314"]),
            ("met_at", ['"{l}"', '["{l}", "{l2}"]', "a conference", '"{l} and {l2}"', "2026-05-05"]),
            ("introduced_by", ['"{l}"', '["{l}", "{l2}"]', "someone"]),
            ("groups", ['["{l}"]', '["{l}", "{l2}"]'])):
        if draw(st.booleans()):
            props.append(f"{key}: " + draw(st.sampled_from(values)).format(l=draw(link), l2=draw(link)))
    body = [f"Notes on {title}, see {draw(link)}."]
    if draw(st.booleans()):
        body += ["", "## Log", *draw(log_lines())]
    if draw(st.booleans()):
        body += ["", "## Later", f"- {draw(day)} intro {draw(link)}", f"  {draw(link)}"]
    return "---\n" + "\n".join(props) + "\n---\n" + "\n".join(body) + "\n"


@st.composite
def place(draw, kind: str) -> str:
    props = [f"type: {kind}"] if draw(st.booleans()) else []
    if draw(st.booleans()):
        props.append(f"date: {draw(st.sampled_from(DAYS + ['someday']))}")
    if kind == "event" and draw(st.booleans()):
        props.append(f'group: "{draw(link)}"')
    if draw(st.booleans()):
        props.append(f'people: ["{draw(link)}", "{draw(link)}"]')
    body = [f"With {draw(link)} and {draw(link)}."] if draw(st.booleans()) else []
    return "---\n" + "\n".join(props) + "\n---\n" + "\n".join(body) + "\n"


@st.composite
def vaults(draw) -> tuple[dict[str, str], str | None]:
    files = {}
    for title in draw(st.lists(st.sampled_from(CONTACTS), min_size=1, unique=True)):
        files[f"People/{title}.md"] = draw(contact(title))
    for title in draw(st.lists(st.sampled_from(GROUPS), unique=True)):
        files[f"Groups/{title}.md"] = draw(place("group"))
    for title in draw(st.lists(st.sampled_from(EVENTS), unique=True)):
        files[f"Events/{title}.md"] = draw(place("event"))
    if draw(st.booleans()):
        files["Me.md"] = "---\ntype: me\nname: Dana\n---\n"
    if draw(st.booleans()):
        files["Daily/2026-11-19.md"] = f"Lunch with {draw(link)}.\n"
    if draw(st.booleans()):  # a card with Windows line ends
        rel = next(iter(files))
        files[rel] = files[rel].replace("\n", "\r\n")
    config = draw(st.sampled_from([None, '[vault]\ncurrency = "CAD"\n', '[vault]\ncurrency = "$"\n']))
    return files, config


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_generated_vaults_answer_from_the_index_as_from_every_note(vault):
    files, config = vault
    with tempfile.TemporaryDirectory() as tmp:
        assert_same_answers(write_vault(Path(tmp) / "vault", files, config))


def test_an_introduction_met_at_a_time_and_logged_on_a_day_is_one_edge(make_vault):
    """``met`` with a time is a datetime, the log's days are dates: the graph compares both."""
    root = make_vault({
        "People/Ann.md": "---\n---\n",
        "People/Bob.md": "---\nmet: 2026-03-14 10:00:00\nintroduced_by: \"[[Ann]]\"\n---\n## Log\n"
                         "- 2025-06-01 intro [[Ann]]: met for coffee\n",
    })
    assert_same_answers(root, (dt.date(2026, 11, 20),))
    edges = build(load_session_uncached(open_vault(str(root))), dt.date(2026, 11, 20)).edges
    assert [(e.source, e.target, e.weight, e.date) for e in edges] == [
        ("People/Ann.md", "People/Bob.md", 3.0, dt.datetime(2026, 3, 14, 10, 0))]
