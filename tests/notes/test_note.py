"""One Markdown file in, one Note out (netnotes.notes.note): what real card files contain,
which notes are contacts, groups and events, and a parser that never raises.

Every card is inline; lines and columns are 1-based file positions, as the user sees them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import codes, parse, run_cli, where
from netnotes.base.diagnostics import RULES
from netnotes.notes.note import parse_note
from netnotes.vault.config import Config, load_config


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


# ---- which notes are contacts, groups and events ------------------------------------------
@pytest.mark.parametrize("rel, text, kind", [
    ("People/Ann.md", "---\nname: Ann\n---\n", "contact"),
    ("people/sub/Ann.md", "", "contact"),                                  # folder, any depth, any case
    ("Groups/BNI.md", "", "group"),
    ("Events/2026 Gala.md", "", "event"),
    ("Inbox/Ann.md", "---\ntype: person\n---\n", "contact"),
    ("Inbox/Ann.md", "---\ntype: Contact\n---\n", "contact"),
    ("Inbox/BNI.md", "---\ntype: group\n---\n", "group"),
    ("Inbox/Ann.md", "---\ntags: [person]\n---\n", "contact"),
    ("Inbox/Ann.md", "---\ntags: [\"#contact\"]\n---\n", "contact"),
    ("Inbox/Ann.md", "Met today. #person\n", "contact"),                   # a body tag
    ("Inbox/Gala.md", "---\ntags: event\n---\n", "event"),
    ("Inbox/Ann.md", "---\ncategories: [\"[[People]]\"]\n---\n", "contact"),
    ("Inbox/Ann.md", "---\ncategories:\n  - \"[[Contacts]]\"\n---\n", "contact"),
    ("Inbox/BNI.md", "---\ncategories: [\"[[Groups]]\"]\n---\n", "group"),
    ("Inbox/Ann.md", "---\ncategories: [[People]]\n---\n", "contact"),     # bare link, still read
    ("People/Rotary.md", "---\ntype: group\n---\n", "group"),               # type beats folder
    ("Inbox/Ann.md", "---\nname: Ann\n---\n", "note"),
    ("Reviews/2026-W47.md", "", "review"),
    ("Me.md", "---\ntype: me\n---\n", "me"),
])
def test_classification(rel, text, kind):
    assert parse(text, rel=rel).kind == kind


def test_classification_rules_come_from_the_config(make_vault):
    vault = make_vault({}, config="""\
[kinds]
type_field = "kind"
category_field = "up"
[kinds.contact]
folders = ["Rolodex"]
types = ["human"]
tags = ["crm"]
categories = ["Humans"]
""")
    cfg = load_config(vault)
    assert parse("", rel="Rolodex/A.md", config=cfg).kind == "contact"
    assert parse("---\nkind: human\n---\n", rel="x/A.md", config=cfg).kind == "contact"
    assert parse("---\ntype: person\n---\n", rel="x/A.md", config=cfg).kind == "note"
    assert parse("---\ntags: [crm]\n---\n", rel="x/A.md", config=cfg).kind == "contact"
    assert parse('---\nup: ["[[Humans]]"]\n---\n', rel="x/A.md", config=cfg).kind == "contact"
    assert parse("", rel="People/A.md", config=cfg).kind == "note"


# ---- the parser never raises ---------------------------------------------------------------
CONFIG = Config()


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


FRAGMENTS = ["---", "---\n", "...", ":", ": ", "[", "]", "{", "}", "&a ", "*a", "!!", "!!python/object:os.system ",
             "!!str ", "\t", "\r\n", "\n", "\n  ", "- ", "#", "|", ">", "'", '"', ",", "?", "%YAML 1.1\n",
             "<<: *a\n", "name", "phone", "met", "met_at", "tier", "groups", "2026-02-30", "2026-11-20",
             "0612345678", "1:30", "no", "yes", "~", "null", "[[Ann Lee]]", "[[BNI|the BNI]]", "[[#x]]",
             "## Log\n", "- 2026-11-10 call: hi\n", "- 2026-13-01 sale $1,200\n", "    continued\n",
             "é", "日本", "\u200b", "\ufeff", "😀", "\x00", "\\", "```\n"]


def check_note(rel: str, data: bytes):
    note = parse_note(rel, data, CONFIG)
    n_lines = data.count(b"\n") + 1
    for d in note.diagnostics:
        assert d.code in RULES
        assert 1 <= d.line <= n_lines, d
        assert d.col >= 1, d
        assert d.message
    return note


@FAST
@given(st.binary(max_size=2000))
@example(b"---\n\xff\xfe\n---\n")
@example(b"\xef\xbb\xbf---\r\n- a\r\n---\r\n")
def test_parser_never_raises_on_bytes(data):
    check_note("People/X.md", data)


@FAST
@given(st.text(max_size=2000), st.sampled_from(["People/X.md", "Groups/G.md", "Inbox/n.md", "2026-11-20.md"]))
def test_parser_never_raises_on_text(text, rel):
    check_note(rel, text.encode("utf-8", "surrogatepass"))


yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map("".join)


@FAST
@given(yamlish)
@example("---\nname: [[Ann]]\ngroups: [[A]], [[B]]\n---\n")
@example("---\na: &a [*a]\n---\n")
@example("---\n<<: {name: x}\n<<: [*a]\n---\n")
def test_parser_never_raises_on_yaml_fragments(text):
    check_note("People/X.md", ("---\n" + text).encode("utf-8", "surrogatepass"))
    check_note("People/X.md", text.encode("utf-8", "surrogatepass"))


@FAST
@given(yamlish)
def test_crlf_and_bom_do_not_change_what_is_reported(text):
    text = text.replace("\r", "")
    lf = check_note("People/X.md", ("---\n" + text).encode())
    crlf = check_note("People/X.md", ("---\n" + text).replace("\n", "\r\n").encode())
    bom = check_note("People/X.md", b"\xef\xbb\xbf" + ("---\n" + text).encode())
    key = [(d.line, d.col, d.code) for d in lf.diagnostics]
    assert [(d.line, d.col, d.code) for d in bom.diagnostics] == key
    assert {d.code for d in crlf.diagnostics} == {d.code for d in lf.diagnostics}
    assert sorted({d.line for d in crlf.diagnostics}) == sorted({d.line for d in lf.diagnostics})
    assert crlf.props == lf.props
