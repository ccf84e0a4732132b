"""netnotes/render/links.py: which values from cards become links, and to what."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings, strategies as st

from netnotes.render.links import card_href, mailto, tel, web

OURS = ("obsidian://", "file://", "mailto:", "tel:", "http://", "https://")


def test_a_card_of_an_obsidian_vault_opens_in_obsidian(tmp_path: Path) -> None:
    vault = tmp_path / "My Vault"
    (vault / ".obsidian").mkdir(parents=True)
    href = card_href(vault, "People/Ann Lee & co.md")
    assert href.startswith("obsidian://open?")
    query = parse_qs(urlsplit(href).query)
    assert query == {"vault": ["My Vault"], "file": ["People/Ann Lee & co"]}


def test_a_file_name_that_is_not_utf8_keeps_its_bytes_in_the_address(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / ".obsidian").mkdir(parents=True)
    rel = "People/Caf" + b"\xe9".decode("utf-8", "surrogateescape") + ".md"  # as os.listdir gives it
    href = card_href(vault, rel)
    assert href == "obsidian://open?vault=v&file=People%2FCaf%E9"
    assert card_href(tmp_path, rel).endswith("/People/Caf%E9.md")


def test_a_card_of_a_plain_folder_opens_as_a_file(tmp_path: Path) -> None:
    href = card_href(tmp_path, "People/Zoë #1.md")
    assert href.startswith("file:///")
    assert unquote(urlsplit(href).path) == str(tmp_path / "People" / "Zoë #1.md")
    assert " " not in href and "#" not in href


@pytest.mark.parametrize("value, href", [
    ("ann@example.com", "mailto:ann@example.com"),
    ("  mailto:ann+crm@example.co.uk ", "mailto:ann+crm@example.co.uk"),
    ("ann at example.com", None),
    ("ann@localhost", None),
    ("javascript:alert(1)//@example.com", None),
    ('"><script>@x.com', None),
    ("", None),
    (None, None),
])
def test_mailto(value: object, href: str | None) -> None:
    assert mailto(value) == href


@pytest.mark.parametrize("value, href", [
    ("+33 6 12 34 56 78", "tel:+33612345678"),
    ("(555) 123-4567", "tel:5551234567"),
    ("tel:+1 555 0100", "tel:+15550100"),
    ("call after 6pm", None),
    ("12", None),
    ("javascript:alert(123)", None),
    (612345678, "tel:612345678"),
])
def test_tel(value: object, href: str | None) -> None:
    assert tel(value) == href


@pytest.mark.parametrize("value, href", [
    ("example.com", "https://example.com"),
    ("www.example.com/about?x=1#team", "https://www.example.com/about?x=1#team"),
    ("example.com:8080/x", "https://example.com:8080/x"),
    ("http://example.com", "http://example.com"),
    ("HTTPS://Example.com/a", "https://Example.com/a"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(document.domain)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("file:///etc/passwd", None),
    ("ftp://example.com", None),
    ("//example.com", None),
    ("http://", None),
    ("java\tscript:alert(1)", None),
    ("https://exa mple.com", None),
    ("not a website", None),
    ('example.com/"><script>alert(1)</script>', "https://example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
])
def test_web(value: object, href: str | None) -> None:
    assert web(value) == href


@settings(max_examples=400)
@given(st.one_of(
    st.text(),
    st.text(alphabet="javscriptdaJVSCRIPT:/\\\t\n .@+0123456789%&#<>\"'()").map(str),
    st.sampled_from(["javascript", "data", "vbscript", "file", "http", "https", "mailto", "tel", "JaVa\tScRiPt"])
    .flatmap(lambda s: st.text().map(lambda t: f"{s}:{t}")),
))
def test_nothing_returned_starts_with_a_scheme_of_its_own(value: str) -> None:
    for href in (mailto(value), tel(value), web(value)):
        if href is not None:
            assert href.startswith(OURS), href
            assert not any(c in href for c in " \t\n\r\"<>`"), href


@given(st.text())
def test_card_hrefs_are_ours_for_any_file_name(name: str) -> None:
    here = Path(__file__).parent
    href = card_href(here, name.replace("\x00", "") + ".md")
    assert href.startswith(OURS)
    assert not any(c in href for c in " \t\n\r\"<>`")
