"""Span edits (netnotes.edit.spans) on cards written out in full: append_log puts the entry where
the card's own order puts it (docs/cli.md, netnotes log); values with unusual line breaks are
written escaped on one line."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from netnotes.edit.spans import EditRefused, _same, append_log, emit, quoted, set_property, split

D = dt.date

NEWEST_FIRST = """---
company: Acme
---

## Log
- 2026-11-01 call: third
  a continuation line of the third
- 2026-10-01 coffee: second
  - a sub-point of the second
- 2026-09-01 email: first

## Notes
Something else.
"""

OLDEST_FIRST = """---
company: Acme
---
## Log
- 2026-09-01 email: first
- 2026-10-01 coffee: second
  a continuation line of the second
- 2026-11-01 call: third
  a continuation line of the third
"""


def _entries(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("day, after", [
    (D(2026, 12, 1), None),                          # newest: at the top
    (D(2026, 10, 15), "  a continuation line of the third"),
    (D(2026, 10, 1), "  a continuation line of the third"),  # same day: above the older one
    (D(2026, 8, 1), "- 2026-09-01 email: first"),    # oldest: after the last entry, before the gap
])
def test_newest_first_log_gets_the_entry_in_date_place_from_the_top(day, after):
    new = append_log(NEWEST_FIRST, day, "note: new")
    line = f"- {day.isoformat()} note: new"
    lines = new.splitlines()
    at = lines.index(line)
    assert lines[at - 1] == (after or "## Log")
    assert new.replace(line + "\n", "", 1) == NEWEST_FIRST
    dates = [e.split()[1] for e in _entries(new)[:4]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("day, before", [
    (D(2026, 12, 1), None),                          # newest: at the end, after the continuation
    (D(2026, 10, 15), "- 2026-11-01 call: third"),
    (D(2026, 10, 1), "- 2026-11-01 call: third"),    # same day: below the older one
    (D(2026, 8, 1), "- 2026-09-01 email: first"),    # oldest: first
])
def test_oldest_first_log_gets_the_entry_in_date_place_from_the_bottom(day, before):
    new = append_log(OLDEST_FIRST, day, "note: new")
    line = f"- {day.isoformat()} note: new"
    lines = new.splitlines()
    at = lines.index(line)
    assert (lines[at + 1] if at + 1 < len(lines) else None) == before
    assert new.replace(line + "\n", "", 1) == OLDEST_FIRST
    dates = [e.split()[1] for e in _entries(new)]
    assert dates == sorted(dates)


def test_continuation_lines_stay_with_their_entry():
    new = append_log(OLDEST_FIRST, D(2026, 10, 20), "call: in between")
    assert ("- 2026-10-01 coffee: second\n  a continuation line of the second\n"
            "- 2026-10-20 call: in between\n- 2026-11-01 call: third\n") in new


def test_a_missing_section_is_created_at_the_end():
    text = "---\ncompany: Acme\n---\nMet at the fair.\n"
    assert append_log(text, D(2026, 11, 20), "call: hi") == text + "\n## Log\n- 2026-11-20 call: hi\n"
    bare = "---\ncompany: Acme\n---\n"
    assert append_log(bare, D(2026, 11, 20), "call: hi") == bare + "## Log\n- 2026-11-20 call: hi\n"
    assert append_log("", D(2026, 11, 20), "call: hi") == "## Log\n- 2026-11-20 call: hi\n"


def test_a_heading_inside_a_code_block_is_not_the_log():
    text = "Notes\n```\n## Log\n- 2020-01-01 call: in code\n```\n"
    new = append_log(text, D(2026, 11, 20), "call: hi")
    assert new == text + "\n## Log\n- 2026-11-20 call: hi\n"


def test_crlf_cards_stay_crlf():
    crlf = NEWEST_FIRST.replace("\n", "\r\n")
    new = append_log(crlf, D(2026, 10, 15), "note: new")
    assert new == crlf.replace("  a continuation line of the third\r\n",
                               "  a continuation line of the third\r\n- 2026-10-15 note: new\r\n")
    created = append_log("---\r\na: 1\r\n---\r\nText\r\n", D(2026, 11, 20), "call: hi")
    assert created == "---\r\na: 1\r\n---\r\nText\r\n\r\n## Log\r\n- 2026-11-20 call: hi\r\n"


def test_a_missing_final_newline_stays_missing():
    text = OLDEST_FIRST.rstrip("\n")
    new = append_log(text, D(2026, 12, 1), "call: latest")
    assert new == text + "\n- 2026-12-01 call: latest"
    closed = "---\ncompany: Acme\n---"  # the closing line is the last one
    assert append_log(closed, D(2026, 12, 1), "call: hi") == closed + "\n## Log\n- 2026-12-01 call: hi"


def test_an_empty_log_section_gets_the_entry_under_its_heading():
    text = "---\na: 1\n---\n## Log\n\n## Next\n"
    assert append_log(text, D(2026, 1, 2), "call: hi") == "---\na: 1\n---\n## Log\n- 2026-01-02 call: hi\n\n## Next\n"


def test_the_configured_heading_is_used():
    text = "## Interactions\n- 2026-01-01 call: old\n"
    assert append_log(text, D(2026, 2, 1), "call: new", heading="Interactions") == \
        "## Interactions\n- 2026-02-01 call: new\n- 2026-01-01 call: old\n"


@pytest.mark.parametrize("entry", ["", "   ", "2026-01-01", "referral: to whom?", "sale: no amount"])
def test_an_entry_that_does_not_parse_is_refused(entry):
    with pytest.raises(EditRefused) as refused:
        append_log(NEWEST_FIRST, D(2026, 11, 20), entry)
    assert "is not a log entry" in refused.value.message


def test_continuation_lines_given_with_the_entry_stay_with_it():
    text = OLDEST_FIRST.rstrip("\n")  # no final newline: the entry and its lines go last, still none
    new = append_log(text, D(2026, 12, 1), "call: latest", continuation=["  first detail", "  second"])
    assert new == text + "\n- 2026-12-01 call: latest\n  first detail\n  second"
    new = append_log(NEWEST_FIRST, D(2026, 12, 1), "call: latest", continuation=["  detail"])
    assert new == NEWEST_FIRST.replace("## Log\n", "## Log\n- 2026-12-01 call: latest\n  detail\n")


@pytest.mark.parametrize("value", ["\x85", "a\u2028b", "\u2029", ["x", "é\x85"], "Zoë\x00", "\ufeffhi", "a\rb"])
def test_values_with_unusual_line_breaks_are_written_escaped_on_one_line(value):
    text = "---\r\ncompany: Acme\r\n---\r\n"
    new = set_property(text, "note", value)
    line = new.split("\r\n")[2]
    assert line.startswith("note: ") and not any(c in line for c in "\r\n\x85\u2028\u2029")
    assert _same(yaml.safe_load(split(new).fm), {"company": "Acme", "note": value})
    assert set_property(new, "note", value) == new


# a file name's byte that is not UTF-8 (0xE9), as Python holds it: never written into a card
CAFE_LINK = "[[Caf\udce9]]"


@pytest.mark.parametrize("value", [CAFE_LINK, ["[[Ann Lee]]", CAFE_LINK], {"at": [CAFE_LINK]}],
                         ids=["text", "list", "nested"])
def test_a_value_utf8_cannot_hold_is_refused_not_escaped(value):
    card = '---\npeople: ["[[Ann Lee]]"]\n---\n'
    with pytest.raises(EditRefused) as refused:
        set_property(card, "people", value)
    assert refused.value.message == ("`[[Caf?]]` has a byte that is not UTF-8 (0xE9), and a card is UTF-8 text; "
                                     "nothing was written")
    with pytest.raises(EditRefused):
        quoted(value if not isinstance(value, dict) else value["at"])
    with pytest.raises(EditRefused):
        emit(value)
    assert emit(["[[Café]]"]) == "['[[Café]]']" and quoted(["[[Café]]"]) == '["[[Café]]"]'  # text UTF-8 holds
