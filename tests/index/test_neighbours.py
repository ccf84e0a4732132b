"""Differential tests for the fast paths: `show` reads one contact and the notes that link to
it (netnotes.index.neighbours) and looks names up in the index's tables; whole-vault reports
take last touches and properties from SQL (netnotes.index.contacts). Every answer must equal
a straightforward computation over every parsed note."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, copy_sample, run_json, write_vault
from .helpers import differential_vault
from netnotes.base.errors import NetnotesError
from netnotes.index.session import load_session, load_session_uncached
from netnotes.index.contacts import last_touches as touches_from_index
from netnotes.notes.touches import last_touches
from netnotes.notes.fields import texts
from netnotes.reports.facts import Facts, Filters, list_contacts, who
from netnotes.reports.followups import followups
from netnotes.reports.reminders import reminders
from netnotes.vault.handle import open_vault

TODAY = dt.date(2026, 11, 20)


def _vault(kind: str, tmp_path: Path) -> Path:
    return differential_vault(kind, tmp_path, 250, 7)


def _answer(lookup, name: str) -> object:
    try:
        note = lookup(name)
    except NetnotesError as e:
        return (type(e).__name__, e.message, e.hint)
    return note.rel


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_one_contact_from_the_index_equals_the_whole_vault(kind, tmp_path):
    root = _vault(kind, tmp_path)
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    everything = Facts(full, TODAY)
    session = load_session(vault, with_body=True)  # as `show` reads it: the card's notes are shown
    try:
        contacts = full.contacts
        assert contacts
        for note in contacts:
            fast = session.lookup(note.rel[:-3])
            assert fast.rel == note.rel
            near = Facts(session.around(fast), TODAY).of(fast).to_json(TODAY)
            assert near == everything.of(note).to_json(TODAY), note.rel
        assert "notes" not in session.__dict__  # the whole vault was never read
    finally:
        session.index.close()


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_typed_names_resolve_as_over_the_whole_vault(kind, tmp_path):
    root = _vault(kind, tmp_path)
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    session = load_session(vault, with_body=False)
    try:
        typed = {"nobody at all", "", "People", "a"}
        for n in full.notes:
            typed |= {n.name, n.title, n.rel, n.rel[:-3], n.name.lower(), n.name.upper(), *n.aliases}
            typed |= {n.name.split()[0]} if n.name.split() else set()
        for kinds in (("contact",), ("contact", "group", "event"), ()):
            for name in sorted(typed):
                want = _answer(lambda x: full.resolver.lookup(x, kinds), name)
                assert _answer(lambda x: session.lookup(x, kinds), name) == want, (name, kinds)
    finally:
        session.index.close()


def test_show_follows_a_rename_elsewhere_in_the_vault(make_vault):
    def last_touch(vault):
        return run_json(["show", "Ann Lee", "--json"], vault, today=TODAY)["last_touch_path"]

    vault = make_vault({
        "People/Ann Lee.md": "---\ntier: A\n---\n",
        "Daily/2026-11-18.md": "Lunch with [[Annie]].\n",
    })
    assert last_touch(vault) is None
    (vault / "People/Ann Lee.md").write_text("---\ntier: A\naliases: [Annie]\n---\n", encoding="utf-8")
    assert last_touch(vault) == "Daily/2026-11-18.md"  # the daily note's link now resolves to her
    (vault / "People/Annie.md").write_text("---\n---\n", encoding="utf-8")
    assert last_touch(vault) is None  # a card named Annie takes the link over
    (vault / "People/Annie.md").unlink()
    assert last_touch(vault) == "Daily/2026-11-18.md"


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_touches_followups_list_and_who_from_sql_equal_the_whole_vault(kind, tmp_path):
    root = _vault(kind, tmp_path)
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    session = load_session(vault, with_body=False)
    try:
        for today in (dt.date(2025, 1, 1), TODAY, dt.date(2026, 11, 18), dt.date(2030, 1, 1)):
            want = last_touches(full.notes, full.resolver, vault.config, today)
            assert touches_from_index(session.index.conn, vault.config, today) == want, today
            for within in (0, 7, 400):
                fast = [f.to_json() for f in followups(session, today, within)]
                assert fast == [f.to_json() for f in followups(full, today, within)], (today, within)
                fast = [r.to_json() for r in reminders(session, today, within)]
                assert fast == [r.to_json() for r in reminders(full, today, within)], (today, within)
            groups = sorted({g for n in full.contacts for g in Facts(full, today).groups_of(n)[0]})[:5]
            tags = sorted({t for n in full.contacts for t in n.tags})[:3]
            for filters in (Filters(), Filters(overdue=True), Filters(groups=tuple(groups[:1])),
                            Filters(groups=("no such group",)), Filters(tags=tuple(tags[:1])),
                            Filters(tiers=("A",), stages=("like", "trust")), Filters(pipelines=("none", "lead")),
                            Filters(met_before=dt.date(2026, 6, 1)), Filters(met_after=dt.date(2025, 1, 1))):
                fast = [r.to_json(today) for r in list_contacts(session, filters, today)]
                assert fast == [r.to_json(today) for r in list_contacts(full, filters, today)], (today, filters)
            terms = {t for n in full.contacts for t in texts(n.props.get("offers"))} | {"tax", "web", "zzz"}
            for term in sorted(terms)[:60]:
                fast = [r.to_json(today) for r in who(session, term, today)]
                assert fast == [r.to_json(today) for r in who(full, term, today)], (today, term)
        assert "notes" not in session.__dict__  # answered from the rows, never every note
    finally:
        session.index.close()
