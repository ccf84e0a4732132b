"""The card's properties (netnotes.notes.fields): what each one holds, the checks that say so,
reported at the value; only cards get them."""

from __future__ import annotations

import pytest

from conftest import codes, diagnostics_json, parse, run_cli


@pytest.mark.parametrize("line, code", [
    ("met: [2026-01-01]", "field-type"),
    ("opt_out: sometimes", "field-type"),
    ("company: [A, B]", "field-type"),
    ("stage: friend", "invalid-value"),
    ("pipeline: maybe", "invalid-value"),
    ("cadence: often", "invalid-value"),
    ("tier: Z", "unknown-tier"),
    ("birthday: 02-30", "invalid-date"),
    ("next_followup: tomorrowish", "invalid-date"),
])
def test_wrong_values_are_reported_at_the_value(line, code):
    note = parse(f"---\nname: Ann Lee\n{line}\n---\n")
    assert codes(note) == [code]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (3, line.index(":") + 3)
    assert d.excerpt == line


def test_good_values_pass():
    note = parse("""\
---
name: Ann Lee
aliases: [Annie]
tags: [client, referral-partner]
email: [ann@lee.design, ann@gmail.com]
phone: "+1 613 555 0101"
met: 2025-11-03
met_at: "[[BNI Capital]]"
introduced_by: "[[Bob Smith]]"
tier: A
cadence: 3w
stage: trust
pipeline: customer
offers: [web design]
needs: [bookkeeper]
next_followup: 2026-12-01
groups: ["[[BNI Capital]]"]
opt_out: false
birthday: --07-14
---
""")
    assert note.diagnostics == ()
    assert note.props["stage"] == "trust"
    assert note.aliases == ["Annie"]


def test_only_cards_get_field_checks():
    text = "---\nphone: 0612345678\ntier: Z\n---\n"
    assert parse(text, rel="Inbox/random.md").diagnostics == ()
    assert {d.code for d in parse(text, rel="People/A.md").diagnostics} == {"unquoted-number", "unknown-tier"}


def test_unknown_tier_and_invalid_stage(make_vault):
    vault = make_vault({"People/Ann.md": "---\nname: Ann\ntier: Gold\nstage: bff\npipeline: Customer\n---\n"},
                       config='[tiers]\nA = "3w"\nB = "2m"\n')
    diags = diagnostics_json(vault)
    assert [(d["line"], d["col"], d["code"]) for d in diags] == [(3, 7, "unknown-tier"), (4, 8, "invalid-value")]
    assert "known tiers: A, B" in diags[0]["message"]
    assert "met, know, like, trust" in diags[1]["message"]


def test_extra_fields_silence_unknown_field(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nname: Ann Lee\nhobby: golf\n---\n"},
                       config='[vault]\nextra_fields = ["hobby"]\n')
    assert run_cli(["validate", "--strict"], vault).exit_code == 0
