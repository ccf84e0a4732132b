"""What real card files contain, parsed the way `netnotes validate` reads them.

Every card is inline; lines and columns are 1-based file positions, as the user sees them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import codes, diagnostics_json, parse, run_cli, where


CARD = """\
---
name: Ann Lee
company: Lee Design
met: 2026-03-04
met_at: "[[BNI Capital]]"
---
Web designer. Met at [[BNI Capital|the BNI]] breakfast.
"""


def test_a_plain_card_has_its_properties_and_no_problems():
    note = parse(CARD)
    assert note.kind == "contact"
    assert note.name == "Ann Lee"
    assert note.props["company"] == "Lee Design"
    assert note.props["met"] == dt.date(2026, 3, 4)
    assert note.diagnostics == ()
    assert note.body_line == 7
    assert [(link.target, link.source, link.line) for link in note.links] == [
        ("BNI Capital", "met_at", 5), ("BNI Capital", "body", 7)]


# ---- BOM, CRLF, empty, no front matter ---------------------------------------------------
def test_bom_is_ignored_and_positions_do_not_move():
    plain = parse(CARD + "\n## Log\n- 2026-02-30 call: hi\n")
    bom = parse(b"\xef\xbb\xbf" + (CARD + "\n## Log\n- 2026-02-30 call: hi\n").encode())
    assert bom.props == plain.props
    assert bom.name == "Ann Lee"
    assert [(d.line, d.col, d.code) for d in bom.diagnostics] == [(10, 3, "invalid-date")]
    assert bom.diagnostics == plain.diagnostics


def test_crlf_file_keeps_line_numbers_and_clean_excerpts():
    text = ("---\r\nname: Ann Lee\r\nmet: 2026-02-30\r\n---\r\n"
            "See [[Bob Smith]].\r\n\r\n## Log\r\n- 2026-13-01 call: hi\r\n")
    note = parse(text)
    assert note.name == "Ann Lee"  # no stray \r in values
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 6, "invalid-date"), (8, 3, "invalid-date")]
    assert all("\r" not in d.excerpt for d in note.diagnostics)
    assert note.diagnostics[0].excerpt == "met: 2026-02-30"
    body_link = [link for link in note.links if link.source == "body"]
    assert [(link.target, link.line, link.col) for link in body_link] == [("Bob Smith", 5, 5)]


def test_crlf_yaml_syntax_error_is_on_the_file_line():
    note = parse("---\r\nname: Ann\r\ncompany: Acme\r\nrole: owner: boss\r\n---\r\n")
    assert codes(note) == ["yaml-syntax"]
    assert where(note, "yaml-syntax")[0][0] == 4


def test_empty_file_is_a_note_without_problems():
    note = parse(b"", rel="Inbox/empty.md")
    assert note.kind == "note"
    assert note.props == {}
    assert note.diagnostics == ()


def test_file_without_front_matter_is_all_body():
    note = parse("Met [[Ann Lee]] at [[BNI Capital#Visitors|BNI]].\n", rel="Daily/2026-11-20.md")
    assert note.props == {}
    assert note.diagnostics == ()
    assert note.body_line == 1
    assert [(link.target, link.heading, link.line, link.col) for link in note.links] == [
        ("Ann Lee", None, 1, 5), ("BNI Capital", "Visitors", 1, 20)]


def test_dashes_later_in_the_file_are_not_front_matter():
    note = parse("Notes\n---\nname: x\n---\n", rel="Inbox/n.md")
    assert note.props == {}
    assert note.diagnostics == ()


def test_front_matter_closed_with_dots():
    note = parse("---\nname: Ann Lee\n...\nBody [[X]]\n")
    assert note.name == "Ann Lee"
    assert note.body_line == 4


@pytest.mark.parametrize("fm, what", [("- a\n- b\n", "a list"), ("just words\n", "a single value"),
                                      ("42\n", "a single value")])
def test_front_matter_that_is_not_properties(fm, what):
    note = parse(f"---\n{fm}---\nbody\n")
    assert codes(note) == ["front-matter-type"]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (2, 1)
    assert what in d.message and "key: value" in d.message
    assert d.severity.value == "error"


def test_unclosed_front_matter():
    note = parse("---\nname: Ann Lee\ncompany: Acme\n\nSome body text\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(1, 1, "unclosed-front-matter")]
    assert "never closed" in note.diagnostics[0].message


def test_latin1_bytes_are_an_encoding_error_naming_the_line():
    data = "---\nname: Ren\xe9 Tremblay\ncompany: Caf\xe9\n---\n".encode("latin-1")
    note = parse(data)
    assert codes(note) == ["encoding"]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (2, 10)
    assert "line 2" in d.message and "UTF-8" in d.message and "Latin-1" in d.message


def test_latin1_card_through_validate_is_a_message_not_a_traceback(make_vault):
    vault = make_vault({"People/Rene.md": "---\nname: Ren\xe9\n---\n".encode("latin-1"),
                        "People/Ok.md": "---\nname: Ok\n---\n"})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 1
    assert "People/Rene.md:2:10: error[encoding] not valid UTF-8" in result.stdout
    assert "Traceback" not in result.output


# ---- wikilinks ---------------------------------------------------------------------------
def test_wikilinks_in_properties_and_body_with_alias_and_heading():
    note = parse("""\
---
name: Ann Lee
introduced_by: "[[Bob Smith|Bob]]"
groups: ["[[BNI Capital#Members]]", "[[Rotary Club]]"]
---
Talked with [[Carla Diaz|Carla]] about [[Projects/Website#Scope]] and ![[logo.png]].
""")
    got = {(link.source, link.target, link.heading) for link in note.links}
    assert got == {
        ("introduced_by", "Bob Smith", None),
        ("groups", "BNI Capital", "Members"),
        ("groups", "Rotary Club", None),
        ("body", "Carla Diaz", None),
        ("body", "Projects/Website", "Scope"),
        ("body", "logo.png", None),
    }
    assert {link.line for link in note.links if link.source == "groups"} == {4}
    assert note.diagnostics == ()


def test_heading_only_link_and_empty_brackets():
    note = parse("---\nname: A\n---\nSee [[#Log]] and [[]] and [[ ]].\n")
    assert [(link.target, link.heading) for link in note.links] == [("", "Log")]


# ---- YAML errors are reported on the file's line -----------------------------------------
@pytest.mark.parametrize("text, line", [
    ("---\nname: Ann\n\tcompany: Acme\n---\n", 3),             # a tab
    ("---\nname: Ann\ncompany: Acme\nrole: x: y\n---\n", 4),    # colon in a plain value
    ("---\nname: Ann\ncompany: Acme\n  city: Ottawa\n---\n", 4),  # bad indentation
    ("\ufeff---\nname: Ann\n\n\nemail: [a@b.c\ntier: A\n---\n", 5),  # unclosed [ (BOM first): where it opens
    ("---\nname: \"Ann Lee\ncompany: Acme\n---\n", 2),                  # unclosed quote
    ("---\nname: Ann\ngroups: {a: 1\n\ntier: A\n---\n", 3),              # unclosed {
    ("---\nname: Ann\ncompany Acme\ntier: A\n---\n", 3),                   # a key without its colon
])
def test_yaml_syntax_error_line_is_the_file_line(text, line):
    note = parse(text)
    assert codes(note) == ["yaml-syntax"], note.diagnostics
    d = note.diagnostics[0]
    assert d.line == line
    assert d.message.startswith("YAML syntax error")
    assert d.excerpt == text.split("\n")[line - 1].lstrip("\ufeff")


def test_yaml_syntax_error_keeps_the_body_links():
    note = parse("---\nname: [Ann\n---\nMet [[Bob]].\n")
    assert "yaml-syntax" in codes(note)
    assert [link.target for link in note.links] == ["Bob"]


# ---- YAML 1.1 surprises ------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["0612345678", "6135550101"])
def test_unquoted_phone_is_kept_as_written_with_a_warning(raw):
    note = parse(f"---\nname: Ann Lee\nphone: {raw}\n---\n")
    assert note.props["phone"] == raw  # exactly the text, leading zero kept
    assert codes(note) == ["unquoted-number"]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (3, 8)
    assert d.severity.value == "warning"
    assert f'"{raw}"' in d.message  # says how to quote it


def test_quoted_phone_is_fine():
    note = parse('---\nname: Ann Lee\nphone: "0612345678"\n---\n')
    assert note.diagnostics == ()


def test_bare_no_as_a_name_is_ambiguous():
    note = parse("---\nname: no\n---\n")
    assert codes(note) == ["yaml-ambiguous"]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (2, 7)
    assert "false" in d.message and '"no"' in d.message
    assert note.props["name"] == "no"  # the word the user typed, not False


def test_bare_time_is_ambiguous():
    note = parse("---\nname: Ann\ntime: 1:30\n---\n", rel="Events/Breakfast.md")
    assert where(note, "yaml-ambiguous") == [(3, 7)]
    msg = [d.message for d in note.diagnostics if d.code == "yaml-ambiguous"][0]
    assert "90" in msg and '"1:30"' in msg


def test_impossible_date_is_one_error_at_the_value():
    note = parse("---\nname: Ann Lee\nmet: 2026-02-30\n---\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 6, "invalid-date")]
    assert "2026-02-30" in note.diagnostics[0].message
    assert note.props["met"] == "2026-02-30"  # kept as written


def test_quoted_impossible_date_is_also_one_error():
    note = parse('---\nname: Ann Lee\nmet: "2026-02-30"\n---\n')
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 6, "invalid-date")]


def test_a_bad_date_does_not_lose_the_other_properties():
    note = parse("---\nname: Ann Lee\nmet: 2026-02-30\ncompany: Acme\n---\n")
    assert note.props["company"] == "Acme"
    assert note.name == "Ann Lee"


def test_bare_wikilink_warns_and_still_links():
    note = parse("---\nname: Ann Lee\nmet_at: [[BNI]]\n---\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 9, "unquoted-wikilink")]
    assert note.props["met_at"] == "[[BNI]]"
    assert [(link.target, link.source) for link in note.links] == [("BNI", "met_at")]


def test_bare_wikilink_in_a_list_property_warns_and_still_links():
    note = parse("---\nname: Ann Lee\ngroups: [[BNI]]\n---\n")
    assert codes(note) == ["unquoted-wikilink"]
    assert [(link.target, link.source) for link in note.links] == [("BNI", "groups")]


def test_bare_wikilink_items_in_a_block_list():
    note = parse('---\nname: Ann Lee\ngroups:\n  - [[BNI]]\n  - "[[Rotary]]"\n---\n')
    assert [(d.line, d.code) for d in note.diagnostics] == [(4, "unquoted-wikilink")]
    assert [link.target for link in note.links] == ["BNI", "Rotary"]


def test_bare_wikilink_is_resolved_by_validate(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\nname: Ann Lee\nmet_at: [[BNI]]\ngroups: [[Rotary]]\n---\n",
        "Groups/BNI.md": "---\ntype: group\n---\n",
    })
    diags = {(d["line"], d["code"]) for d in diagnostics_json(vault)}
    assert diags == {(3, "unquoted-wikilink"), (4, "unquoted-wikilink"), (4, "broken-link")}


def test_duplicate_key_warns_on_the_second():
    note = parse("---\nname: Ann\ncompany: A\nname: Ann Lee\n---\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(4, 1, "duplicate-key")]
    assert note.props["name"] == "Ann Lee"


# ---- types and values --------------------------------------------------------------------
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
