"""The rules behind the pipeline (netnotes.reports.pipeline): stages, sources and what is stalled,
on small vaults built inline (docs/reports.md states them).

Every vault is read as of 2026-11-20 (a Friday in 2026-W47) unless a test says otherwise.
"""

from __future__ import annotations

from conftest import TODAY, by_name, card, note, run_cli, run_json, write_vault


def _pipeline_vault(tmp_path, config=None):
    return write_vault(tmp_path / "v", {
        "Groups/Guild.md": note(type="group"),
        "People/Intro Source.md": card(),
        "People/Lead Old.md": card("2026-10-20 call: 31 days ago", pipeline="lead", met_at="[[Guild]]"),
        "People/Lead Edge.md": card("2026-10-21 call: 30 days ago", pipeline="lead", met_at="a trade show"),
        "People/Prospect Never.md": card(pipeline="prospect", introduced_by="[[Intro Source]]"),
        "People/Customer Old.md": card("2025-01-01 sale $500: long ago", "2026-12-01 sale $90: after today",
                                       pipeline="customer", met_at="[[Guild]]", introduced_by="[[Intro Source]]"),
        "People/Partner.md": card("2026-11-01 call: hi", pipeline="partner"),
        "People/Nobody.md": card("2026-11-01 call: hi", pipeline="none"),
    }, config)


def test_pipeline_stages_sources_and_stalled(tmp_path):
    rows = run_json(["pipeline", "--json"], _pipeline_vault(tmp_path), today=TODAY)
    assert [(r["name"], r["pipeline"], r["stalled"]) for r in rows] == [
        ("Lead Old", "lead", True), ("Lead Edge", "lead", False),
        ("Prospect Never", "prospect", True),
        ("Customer Old", "customer", False), ("Partner", "partner", False)]
    by = by_name(rows)
    assert by["Lead Old"]["source"] == "Guild" and by["Lead Old"]["days_since_touch"] == 31
    assert by["Lead Edge"]["source"] == "a trade show"
    assert by["Prospect Never"]["source"] == "introduced by Intro Source"
    assert by["Prospect Never"]["last_touch"] is None and by["Prospect Never"]["days_since_touch"] is None
    assert by["Customer Old"]["source"] == "Guild; introduced by Intro Source"
    assert by["Customer Old"]["sales"] == 500.0  # the December sale is after today
    assert by["Partner"]["source"] is None


def test_stalled_after_comes_from_the_config(tmp_path):
    vault = _pipeline_vault(tmp_path, '[pipeline]\nstalled_after = "6w"\n')
    rows = by_name(run_json(["pipeline", "--json"], vault, today=TODAY))
    assert rows["Lead Old"]["stalled"] is False and rows["Prospect Never"]["stalled"] is True


def test_pipeline_table_fits_80_columns(tmp_path):
    text = run_cli(["pipeline"], _pipeline_vault(tmp_path), today=TODAY).output
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "never" in text and "stalled" in text
