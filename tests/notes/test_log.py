"""The `## Log` section (netnotes.notes.log): `- YYYY-MM-DD kind [details][: free text]`,
continuation lines indented."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import parse, run_cli
from netnotes.notes.log import parse_amount, parse_log


def card_with_log(*lines: str, heading: str = "## Log") -> str:
    # front matter is lines 1-3, line 4 is prose, line 5 blank, the heading line 6: entries from line 7
    return "---\nname: Ann Lee\n---\nWeb designer.\n\n" + heading + "\n" + "".join(f"{x}\n" for x in lines)


def entries(*lines: str):
    return parse(card_with_log(*lines)).log


def problems(*lines: str) -> list[tuple[int, int, str]]:
    note = parse(card_with_log(*lines))
    return [(d.line, d.col, d.code) for d in note.diagnostics]


@pytest.mark.parametrize("word, kind", [
    ("call", "call"), ("email", "email"), ("coffee", "coffee"), ("meeting", "meeting"),
    ("event", "event"), ("lunch", "lunch"), ("message", "message"), ("note", "note"),
    ("phone", "call"), ("mail", "email"), ("breakfast", "coffee"), ("dinner", "lunch"),
    ("text", "message"), ("linkedin", "message"), ("introduction", "intro"), ("Call", "call"),
])
def test_kinds_and_synonyms(word, kind):
    (e,) = entries(f"- 2026-11-10 {word}: asked how I can help")
    assert e.kind == kind
    assert e.date == dt.date(2026, 11, 10)
    assert e.text == "asked how I can help"
    assert e.line == 7


def test_entry_fields_and_links():
    (e,) = entries("- 2026-10-02 coffee at [[Bridgehead|the Bridgehead]]: talked about [[Sam Lee]]'s site")
    assert e.head == "coffee at [[Bridgehead|the Bridgehead]]"
    assert e.text == "talked about [[Sam Lee]]'s site"
    assert e.links == ("Bridgehead", "Sam Lee")


def test_colon_inside_a_link_or_url_does_not_split():
    (e,) = entries("- 2026-10-02 meeting with [[Projects/Q3: plan]] at https://meet.example.com/x: good")
    assert e.head == "meeting with [[Projects/Q3: plan]] at https://meet.example.com/x"
    assert e.text == "good"


@pytest.mark.parametrize("line, direction", [
    ("- 2026-09-15 referral given to [[Sam Lee]]: sent him a client", "given"),
    ("- 2026-09-15 referral to [[Sam Lee]]", "given"),
    ("- 2026-09-15 referral received from [[Sam Lee]]: a roofing job", "received"),
    ("- 2026-09-15 referral from [[Sam Lee]]", "received"),
    ("- 2026-09-15 intro [[Ann Lee]] to [[Sam Lee]]", "given"),
    ("- 2026-09-15 intro received from [[Sam Lee]]", "received"),
    ("- 2026-09-15 intro by [[Sam Lee]]", "received"),
])
def test_referral_and_intro_directions(line, direction):
    (e,) = entries(line)
    assert e.direction == direction
    assert "Sam Lee" in e.links


def test_referral_without_direction_is_a_warning_naming_both_forms():
    note = parse(card_with_log("- 2026-09-15 referral: sent someone"))
    (d,) = note.diagnostics
    assert (d.line, d.col, d.code) == (7, 14, "log-syntax")
    assert "referral given" in d.message and "referral received" in d.message
    assert note.log[0].kind == "referral"  # still counted


@pytest.mark.parametrize("line, cents, currency", [
    ("- 2026-08-01 sale $1,200: first engagement", 120000, "$"),
    ("- 2026-08-01 sale 1200 CAD", 120000, "CAD"),
    ("- 2026-08-01 sale €300.50: retainer", 30050, "€"),
    ("- 2026-08-01 sale £75", 7500, "£"),
    ("- 2026-08-01 sold 2,500.5 USD: audit", 250050, "USD"),
    ("- 2026-08-01 sale 900", 90000, None),
])
def test_sale_amounts(line, cents, currency):
    (e,) = entries(line)
    assert e.kind == "sale"
    assert (e.amount_cents, e.currency) == (cents, currency)
    assert e.to_json()["amount"] == cents / 100


def test_sale_without_amount_is_reported():
    assert problems("- 2026-08-01 sale: signed!") == [(7, 14, "log-syntax")]


def test_amount_in_the_free_text_is_not_the_sale_amount():
    (e,) = entries("- 2026-08-01 sale $500: they had quoted $9,000 elsewhere")
    assert e.amount_cents == 50000


def test_parse_amount_none_without_digits():
    assert parse_amount("sale") is None


def test_continuation_lines_belong_to_the_entry():
    note = parse(card_with_log(
        "- 2026-09-03 referral given [[José Álvarez]]: sent her José for his audit.",
        "    His bank wants audited statements by March;",
        "    she quoted him the same week with [[Natalie Simard]].",
        "- 2026-09-04 call: follow-up",
    ))
    assert note.diagnostics == ()
    first, second = note.log
    assert first.text == ("sent her José for his audit. His bank wants audited statements by March; "
                          "she quoted him the same week with [[Natalie Simard]].")
    assert first.links == ("José Álvarez", "Natalie Simard")
    assert (second.line, second.kind) == (10, "call")


def test_task_checkboxes_and_other_bullets():
    got = entries("* 2026-01-15 email: star bullet", "- [x] 2026-01-16 call: done task", "+ 2026-01-17 coffee")
    assert [(e.kind, e.line) for e in got] == [("email", 7), ("call", 8), ("coffee", 9)]


def test_bad_lines_are_reported_with_their_lines_and_never_dropped_silently():
    got = problems(
        "- 2026-01-02 call: fine",           # 7
        "not an item",                       # 8
        "- yesterday call: no date",         # 9
        "- 2026-1-5 call: short date",       # 10
        "- 2026-02-30 call: no such day",    # 11
        "- 2026-01-17",                      # 12
        "- 2026-01-18 dance: with [[Bob]]",  # 13
        "<!-- a comment is fine -->",
    )
    assert got == [(8, 1, "log-syntax"), (9, 3, "log-syntax"), (10, 3, "log-syntax"),
                   (11, 3, "invalid-date"), (12, 13, "log-syntax"), (13, 14, "log-kind")]


def test_messages_say_what_to_write():
    note = parse(card_with_log("- 2026-1-5 call", "- 2026-01-18 dance: fun", "not an item"))
    msgs = {d.code + str(d.line): d.message for d in note.diagnostics}
    assert "2026-01-05" in msgs["log-syntax7"]  # the date it should be
    assert "unknown log kind `dance`" in msgs["log-kind8"] and "coffee" in msgs["log-kind8"]
    assert "- YYYY-MM-DD kind: text" in msgs["log-syntax9"]


def test_unknown_kind_entry_still_counts_as_a_note():
    (e,) = entries("- 2026-01-18 dance: fun")
    assert (e.kind, e.date) == ("note", dt.date(2026, 1, 18))


def test_section_ends_at_next_heading_of_same_level_and_ignores_code_fences():
    text = ("---\nname: Ann Lee\n---\n```\n## Log\n- not the log: inside a code fence\n```\n"
            "## Log\n- 2026-01-02 call: one\n- 2026-01-03 email: two\n## Next steps\n- not a log line\n")
    note = parse(text)
    assert [(e.line, e.text) for e in note.log] == [(9, "one"), (10, "two")]
    assert note.diagnostics == ()


def test_anything_else_inside_the_section_is_reported():
    got = problems("- 2026-01-02 call: one", "### Details", "Some prose.")
    assert got == [(8, 1, "log-syntax"), (9, 1, "log-syntax")]


def test_log_heading_is_case_insensitive_and_configurable():
    from netnotes.vault.config import Config

    assert len(parse(card_with_log("- 2026-01-02 call", heading="## log")).log) == 1
    text = card_with_log("- 2026-01-02 call", heading="## Journal")
    assert parse(text).log == ()
    assert len(parse(text, config=Config(log_heading="Journal")).log) == 1


def test_parse_log_line_numbers_follow_first_line():
    section = parse_log(["intro", "## Log", "- 2026-01-02 call", "oops"], first_line=10)
    assert section.heading_line == 11
    assert [e.line for e in section.entries] == [12]
    assert [(p.line, p.code) for p in section.problems] == [(13, "log-syntax")]


def test_log_problems_through_validate_are_warnings_with_markers(make_vault):
    vault = make_vault({"People/Ann Lee.md": card_with_log("- 2026-01-18 dance: fun")})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 0  # warnings only
    assert result.stdout.splitlines() == [
        "People/Ann Lee.md:7:14: warning[log-kind] unknown log kind `dance`; use one of call, email, "
        "message, coffee, lunch, meeting, event, intro, referral, sale, note",
        "  7 | - 2026-01-18 dance: fun",
        "    |              ^^^^^",
    ]
