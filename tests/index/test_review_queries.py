"""Differential tests for the review's own queries: every diagnostic (validate, the review's
problems, watch) from the index's rows, the week's new people and interactions, and the whole
weekly review, each equal to the straightforward computation over every parsed note."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, copy_sample, run_cli, write_vault
from .helpers import differential_vault
from netnotes.base.isoweek import Week
from netnotes.index.checks import vault_diagnostics
from netnotes.index.session import load_session, load_session_uncached
from netnotes.notes.checks import check_vault
from netnotes.reports.weekly import weekly_review
from netnotes.vault.handle import open_vault


def _vault(kind: str, tmp_path: Path) -> Path:
    return differential_vault(kind, tmp_path, 250, 11)


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_diagnostics_and_the_review_from_rows_equal_the_whole_vault(kind, tmp_path):
    root = _vault(kind, tmp_path)
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    session = load_session(vault, with_body=False)
    try:
        want = check_vault(full.notes, vault.config, full.resolver)
        got = vault_diagnostics(session.index.conn, vault.config)
        assert [(d, d.severity, d.excerpt, d.span) for d in got] == [(d, d.severity, d.excerpt, d.span) for d in want]
        assert session.count() == len(full.notes)
        for today in (dt.date(2026, 11, 20), dt.date(2026, 11, 16), dt.date(2026, 3, 4), dt.date(2030, 1, 1)):
            for week in (Week.of(today), Week.of(today - dt.timedelta(days=7)), Week.of(today + dt.timedelta(days=7))):
                met, logged = session.week_notes(week.start, min(week.end, today))
                want_met = [n.rel for n in full.contacts if _met_in(n, week, today)]
                assert [n.rel for n in met if _met_in(n, week, today)] == want_met
                want_logged = [n.rel for n in full.contacts if any(week.start <= e.date <= min(week.end, today)
                                                                   for e in n.log)]
                assert [n.rel for n in logged] == want_logged
        assert "notes" not in session.__dict__  # never every note
    finally:
        session.index.close()
    for today in (dt.date(2026, 11, 20), dt.date(2030, 1, 1)):
        for week in (Week.of(today), Week.of(today - dt.timedelta(days=7))):
            session = load_session(vault, with_body=False)
            try:
                assert weekly_review(session, week, today).to_json() == weekly_review(full, week, today).to_json()
                assert "notes" not in session.__dict__  # the whole review from the rows, never every note
            finally:
                session.index.close()


def _met_in(note, week: Week, today: dt.date) -> bool:
    from netnotes.base.dates import as_date

    met = as_date(note.props.get("met"))
    return bool(met and week.start <= met <= min(week.end, today))


def test_validate_names_broken_and_ambiguous_links_from_the_index(tmp_path):
    root = write_vault(tmp_path / "v", {
        "People/Ann Lee.md": "---\nname: Ann Lee\nmet_at: \"[[Nowhere]]\"\ngroups: [\"[[Sam]]\"]\n"
                             "introduced_by: \"[[Bo]]\"\n---\n",
        "People/Sam.md": "---\nname: Sam\n---\n",
        "People/A/Bo.md": "---\nname: Bo\n---\n",
        "People/B/Bo.md": "---\nname: Bo\nemail: ann@example.com\n---\n",
        "People/Bo Twin.md": "---\nname: Bo Twin\nemail: Ann@Example.com\n---\n",
    })
    out = run_cli(["validate"], root, expect_error=False)
    text = out.output
    assert "People/Ann Lee.md:3:9: warning[broken-link] `met_at` links to [[Nowhere]], which has no note" in text
    assert "[[Sam]], which is a contact, not a group" in text
    assert "[[Bo]] matches 2 notes (People/A/Bo.md, People/B/Bo.md)" in text
    assert "People/Bo Twin.md:3:8: warning[duplicate-contact]" in text
    assert "5 notes checked: 0 errors, 5 warnings" in text
    # one of the two Bos removed: the link resolves, and nobody shares an email any more
    (root / "People/B/Bo.md").unlink()
    again = run_cli(["validate"], root, expect_error=False).output
    assert "ambiguous-link" not in again and "duplicate-contact" not in again
    assert "4 notes checked: 0 errors, 2 warnings" in again


def test_a_date_where_text_is_expected_reads_from_rows_as_from_the_card(tmp_path):
    """JSON keeps a date as its text: a card's `tier: 2026-01-01` (a date, so no tier) must not
    come back from the rows as the tier "2026-01-01"."""
    from netnotes.reports.facts import Filters, list_contacts

    root = write_vault(tmp_path / "v", {"People/Ann.md": "---\nname: Ann\ntier: 2026-01-01\nstage: 2026-02-02\n---\n",
                                        "People/Bo.md": "---\nname: Bo\ntier: A\ncompany: \"2026-03-03\"\n---\n"})
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    session = load_session(vault, with_body=False)
    try:
        today = dt.date(2026, 11, 20)
        fast = [r.to_json(today) for r in list_contacts(session, Filters(), today)]
        assert fast == [r.to_json(today) for r in list_contacts(full, Filters(), today)]
        assert [r["tier"] for r in fast] == [None, "A"] and fast[1]["company"] == "2026-03-03"
    finally:
        session.index.close()
