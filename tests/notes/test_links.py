"""Obsidian wikilinks (netnotes.notes.links): found in properties and in the body, with alias,
heading and embeds; parsed exactly enough to round-trip (property-based)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import parse
from netnotes.notes.links import WikiLink, format_link, parse_links, parse_one

from .test_note import check_note


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


# ---- round trips ---------------------------------------------------------------------------
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
