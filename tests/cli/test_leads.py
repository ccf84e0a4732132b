"""`netnotes leads`: who in the network needs what the owner offers, ranked like introductions,
from the index's rows; and the weekly review's Leads section."""

from __future__ import annotations

import datetime as dt

from conftest import copy_sample, one_line_error, run_cli, run_json, run_ok
from index.test_intro_queries import reference
from netnotes.index.session import load_session
from netnotes.reports.leads import leads
from netnotes.vault.handle import open_vault

FILES = {
    "Me.md": "---\ntype: me\nname: Dana\noffers: [bookkeeping, payroll]\nneeds: [payroll]\n---\n",
    "People/Ann Lee.md": "---\nstage: trust\ntier: A\nneeds: [Accountant, payroll]\n---\n",
    "People/Bob.md": "---\nstage: met\nneeds: [payroll]\npipeline: lead\n---\n",
    "People/Cy.md": "---\nstage: trust\nneeds: [payroll]\nopt_out: true\n---\n",
    "People/Dee.md": "---\nstage: trust\nneeds: [bookkeeping]\npipeline: customer\n---\n",
    "People/Eve.md": "---\nstage: trust\nneeds: [tax]\n---\n",
}
CONFIG = '[synonyms]\nbookkeeping = ["accountant"]\n'


def test_leads_are_ranked_with_reasons(make_vault):
    vault = make_vault(FILES, CONFIG)
    rows = run_json(["leads", "--json"], vault, today="2026-11-20")
    assert [(r["name"], r["why"], r["score"]) for r in rows] == [
        ("Ann Lee", "Ann Lee needs Accountant; you offer bookkeeping / Ann Lee needs payroll; you offer payroll",
         8 + 3 + 0.5),
        ("Bob", "Bob needs payroll; you offer payroll", 2.0)]
    assert rows[1]["pipeline"] == "lead"
    table = run_ok(["leads"], vault, today="2026-11-20").stdout.splitlines()
    assert table[2].split()[:8] == ["Ann", "Lee", "A", "needs", "Accountant;", "you", "offer", "bookkeeping"]
    assert table[3].split() == ["Bob", "lead", "needs", "payroll;", "you", "offer", "payroll"]
    assert max(len(line) for line in table) <= 80


def test_leads_need_the_owner(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nneeds: [payroll]\n---\n"})
    result = run_cli(["leads"], vault, today="2026-11-20", expect_error=True)
    assert result.exit_code == 2 and "netnotes does not know who you are yet" in one_line_error(result.stderr)


def test_leads_from_the_rows_equal_the_parsed_notes(tmp_path):
    root = copy_sample(tmp_path / "sample")
    full = reference(root)
    session = load_session(open_vault(str(root)), with_body=False)
    try:
        for today in (dt.date(2026, 1, 1), dt.date(2026, 11, 20)):
            assert [x.to_json() for x in leads(session, today)] == [x.to_json() for x in leads(full, today)]
        assert "notes" not in session.__dict__
    finally:
        session.index.close()


def test_the_review_ends_with_its_leads_before_my_notes(make_vault):
    vault = make_vault(FILES, CONFIG)
    page = run_ok(["report", "--out", "-"], vault, today="2026-11-20").stdout
    section = page.split("## Leads\n", 1)[1].split("## My notes", 1)[0]
    assert "- [[Ann Lee]]: needs Accountant; you offer bookkeeping / needs payroll; you offer payroll\n" in section
    assert "- [[Bob]] (lead): needs payroll; you offer payroll\n" in section
    assert page.index("## Validation") < page.index("## Leads") < page.index("## My notes")
    review = run_json(["report", "--format", "json", "--out", "-"], vault, today="2026-11-20")
    assert [x["name"] for x in review["leads"]] == ["Ann Lee", "Bob"] and review["leads_total"] == 2
