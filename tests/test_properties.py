"""Property-based tests: the card parser never raises, and wikilinks round-trip."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netnotes.notes.note import parse_note
from netnotes.vault.config import Config
from netnotes.base.diagnostics import RULES
from netnotes.notes.links import WikiLink, format_link, parse_links, parse_one

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


# ---- wikilinks ---------------------------------------------------------------------------
name_text = st.text(st.characters(blacklist_characters="[]|#^\n", blacklist_categories=("Cs",)), max_size=20)


@st.composite
def links(draw) -> WikiLink:
    target = draw(name_text)
    heading = draw(st.none() | name_text)
    if not target.strip() and heading is None:
        target = draw(name_text.filter(lambda s: s.strip()))
    alias = draw(st.none() | name_text)
    return WikiLink(target, heading, alias, draw(st.booleans()))


def _same(a: WikiLink, b: WikiLink) -> bool:
    return (a.target, a.heading, a.alias, a.embed) == (b.target, b.heading, b.alias, b.embed)


@settings(max_examples=400, deadline=None)
@given(links())
@example(WikiLink("Ann Lee", None, "Ann", False))
@example(WikiLink("Projects/Website", "Scope", None, False))
@example(WikiLink("", "Log", None, False))
@example(WikiLink("logo.png", None, None, True))
def test_wikilink_round_trips(link):
    text = format_link(link)
    parsed = parse_one(text)
    assert parsed is not None and _same(parsed, link), (text, parsed)
    assert format_link(parsed) == text
    assert (parsed.start, parsed.end) == (0, len(text))


plain_text = st.text(st.characters(blacklist_characters="[]!", blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(plain_text, links(), plain_text)
def test_wikilink_found_inside_text(before, link, after):
    text = before + format_link(link) + after
    found = parse_links(text)
    assert len(found) == 1
    assert _same(found[0], link)
    assert text[found[0].start:found[0].end] == format_link(link)


@settings(max_examples=200, deadline=None)
@given(st.lists(links(), min_size=1, max_size=5), st.lists(plain_text, min_size=6, max_size=6))
def test_several_links_are_found_in_order(ls, gaps):
    text = gaps[0] + "".join(format_link(link) + gap for link, gap in zip(ls, gaps[1:]))
    found = parse_links(text)
    assert len(found) == len(ls)
    assert all(_same(a, b) for a, b in zip(found, ls))


@settings(max_examples=200, deadline=None)
@given(links())
def test_a_quoted_link_property_is_found_by_the_card_parser(link):
    # YAML itself refuses control characters (\x7f...), so keep to printable text
    def printable(s):
        return s if s is None else "".join(c for c in s if c.isprintable())

    link = WikiLink(printable(link.target), printable(link.heading), printable(link.alias))
    if not link.target.strip() and link.heading is None:
        link = link._replace(target="Ann")
    import json

    text = "---\nname: Ann\nmet_at: " + json.dumps(format_link(link), ensure_ascii=False) + "\n---\n"
    note = check_note("People/Ann.md", text.encode())
    found = [x for x in note.links if x.source == "met_at"]
    assert [(x.target, x.heading) for x in found] == [(link.target, link.heading)]
