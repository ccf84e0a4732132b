"""Merging two cards keeps the planned touches (unticked log tasks) of both, still unticked
(netnotes.edit.merge with netnotes.edit.spans.append_log)."""

from __future__ import annotations

import datetime as dt

from conftest import parse, run_ok
from netnotes.edit.spans import append_log

A = "---\ncompany: Gervais Consulting\n---\n## Log\n- 2026-10-21 coffee: his expansion\n"
B = ("---\nphone: \"+1 613 555 0101\"\n---\n## Log\n- [ ] 2026-11-25 call: ask about the lease\n"
     "- [x] 2026-11-02 email: sent the plan\n- 2025-09-17 meeting: visitor day\n")


def test_merge_keeps_planned_entries_unticked(make_vault):
    vault = make_vault({"People/Alain Gervais.md": A, "People/Al Gervais.md": B})
    run_ok(["merge", "Alain Gervais", "Al Gervais", "--apply"], vault)
    merged = parse((vault / "People/Alain Gervais.md").read_text(), "People/Alain Gervais.md")
    assert [(e.date.isoformat(), e.kind) for e in merged.planned] == [("2026-11-25", "call")]
    assert sorted(e.date.isoformat() for e in merged.log) == ["2025-09-17", "2026-10-21", "2026-11-02"]


def test_append_log_writes_a_planned_entry_in_date_order():
    text = "---\na: 1\n---\n## Log\n- [ ] 2026-12-01 call: later\n- 2026-11-01 coffee\n"
    out = append_log(text, dt.date(2026, 11, 20), "email: plan", planned=True)
    assert out.endswith("## Log\n- [ ] 2026-12-01 call: later\n- [ ] 2026-11-20 email: plan\n- 2026-11-01 coffee\n")
    out = append_log(text, dt.date(2026, 12, 5), "note: after the plan")
    assert out.endswith("## Log\n- 2026-12-05 note: after the plan\n- [ ] 2026-12-01 call: later\n- 2026-11-01 coffee\n")
