"""Every page of the dashboard (netnotes/serve/pages.py and templates/serve/) renders, on the
sample vault and on small vaults written here, with a nav bar, names that lead to the
contact's page, and the card's links; and a hostile vault (the broken-card corpus, names
holding ``<script>``, ``javascript:`` websites) runs no script on any page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from conftest import CORPUS, copy_sample, write_vault

from .helpers import PAGES, Server, open_page, serving

EVIL = "<script>alert(1)</script>"
HOSTILE = {
    "People/Evil.md": f"---\nname: \"{EVIL}\"\ntier: A\nwebsite: \"javascript:alert(1)\"\n"
                      "email: \"javascript:alert(2)@x.example\"\nphone: \"javascript:alert(3)\"\n"
                      f"company: \"<img src=x onerror=alert(4)>\"\nnext_followup: 2026-11-18\n"
                      "needs: [\"<b>bookkeeping</b>\"]\n---\n"
                      "<script>alert(5)</script> [click](javascript:alert(6)) [[javascript:alert(7)]]\n\n"
                      "## Log\n- 2026-11-19 call: <iframe src=javascript:alert(8)></iframe> with [[<img src=x onerror=alert(9)>]]\n",
    "People/<img src=x onerror=alert(10)>.md": "---\ntier: A\noffers: [\"<b>bookkeeping</b>\"]\nmet: 2026-11-18\n"
                                               "website: \"  JaVaScRiPt:alert(11)\"\nmet_at: \"[[Evil Group]]\"\n---\n",
    "Groups/Evil Group.md": f"---\ntype: group\nname: \"{EVIL}\"\n---\n",
    "People/Ann Lee.md": "---\ntier: B\nintroduced_by: \"[[Evil]]\"\nwebsite: \"data:text/html,<script>alert(12)</script>\"\n"
                         "pipeline: lead\nmet_at: \"[[Evil Group]]\"\n---\n## Log\n- 2026-11-10 referral received from [[Evil]]: $100\n",
}
SAMPLE_CONTACTS = ("People/Alain Gervais.md", "People/Marie Tremblay.md", "Clients/Ahmed Yusuf.md",
                   "Archive/Ines Moreau.md")


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    with serving(copy_sample(tmp_path_factory.mktemp("pages") / "sample")) as server:
        yield server


def contact_path(rel: str) -> str:
    return "/contact/" + quote(rel, safe="/")


def links_on(server: Server, path: str) -> list[str]:
    status, _h, body = server.request("GET", path)
    assert status == 200, (path, body[:300])
    return re.findall(r'href="([^"]*)"', body.decode())


@pytest.mark.parametrize("path", [*PAGES, *(contact_path(rel) for rel in SAMPLE_CONTACTS),
                                  contact_path("Groups/BNI Capital Referrals.md")])
def test_every_page_renders_on_the_sample_vault(sample_server: Server, path: str):
    status, headers, body = sample_server.request("GET", path)
    assert status == 200, body[:500]
    assert headers["content-type"].startswith("text/html")
    page = body.decode()
    assert '<nav class="top"' in page and '<main id="main" data-version="' in page
    assert '<script src="/static/live.js" defer></script>' in page
    assert "<script>" not in page  # the one script is the static file


def test_the_review_links_names_to_their_pages_here(sample_server: Server):
    hrefs = links_on(sample_server, "/")
    assert contact_path("People/Alain Gervais.md").replace(" ", "%20") in hrefs
    assert not [h for h in hrefs if h.startswith(("obsidian:", "file:"))]
    assert "/review/2026-W46" in hrefs and "/review/2026-W48" in hrefs


def test_a_contact_page_shows_the_whole_card(sample_server: Server):
    status, _h, body = sample_server.request("GET", "/contact/People/Alain%20Gervais.md")
    page = body.decode()
    for text in ("Gervais Consulting", "Owner", "referral-partner", "Log", "Introductions made",
                 "Neighbours in the graph", 'href="mailto:alain@gervaisconsulting.example"',
                 'href="tel:+16135550101"', 'href="https://gervaisconsulting.example"'):
        assert text in page, text


def test_search_finds_and_links(sample_server: Server):
    hrefs = links_on(sample_server, "/search?q=gervais")
    assert contact_path("People/Alain Gervais.md").replace(" ", "%20") in hrefs


def test_an_unknown_contact_or_week_is_not_found(sample_server: Server):
    assert sample_server.request("GET", "/contact/People/Nobody.md")[0] == 404
    assert sample_server.request("GET", "/review/2026-W99")[0] == 404
    assert sample_server.request("GET", "/review/next-week")[0] == 404


def test_every_page_renders_on_a_vault_of_one_card_and_on_an_empty_one(tmp_path: Path):
    for name, files in (("one", {"Ann.md": "---\ntype: person\n---\n"}), ("empty", {})):
        vault = write_vault(tmp_path / name, files)
        with serving(vault) as server:
            for path in PAGES:
                status, _h, body = server.request("GET", path)
                assert status == 200, (name, path, body[:300])
            if files:
                assert server.request("GET", "/contact/Ann.md")[0] == 200


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = write_vault(tmp_path_factory.mktemp("hostile") / "vault", HOSTILE)
    shutil.copytree(CORPUS, root / "Broken")
    return root


def test_a_hostile_vault_runs_no_script_on_any_page(browser, hostile: Path):
    with serving(hostile) as server:
        contacts = [p for p in HOSTILE if p.startswith("People/")]
        contacts += [f"Broken/{p.name}" for p in sorted((hostile / "Broken").iterdir()) if p.suffix == ".md"]
        paths = [*PAGES, "/search?q=script", "/search?q=%3Cscript%3E", *(contact_path(rel) for rel in contacts),
                 contact_path("Groups/Evil Group.md")]
        w = open_page(browser, server)
        page = w.page
        seen = 0
        for path in paths:
            response = page.goto(server.base + path)
            assert response.status in (200, 404), (path, response.status)
            seen += response.status == 200
            hrefs = page.eval_on_selector_all("[href], [src], [action]", "els => els.map(e => "
                                              "e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))")
            bad = [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript):", h, re.IGNORECASE) and h != "data:,"]
            assert not bad, (path, bad)
            assert page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))") == ["/static/live.js"]
        page.wait_for_timeout(300)
        assert seen >= len(PAGES) + 4
        assert not w.dialogs, w.dialogs
        assert not w.page_errors, w.page_errors
        assert not w.console_errors, w.console_errors
        assert not w.outside, w.outside
        page.goto(server.base + contact_path("People/Evil.md"))
        assert EVIL in page.inner_text("h1")  # shown as the text it is


def test_a_card_whose_file_name_is_not_utf8_has_its_page_and_its_buttons_work(tmp_path: Path):
    import os

    rel = os.fsdecode(b"People/Ren\xe9 Latin1.md")
    vault = write_vault(tmp_path / "vault", {rel: "---\ntier: A\ncompany: Latin Co\nnext_followup: 2026-11-18\n---\n"})
    with serving(vault) as server:
        hrefs = [h for h in links_on(server, "/followups") if h.startswith("/contact/")]
        assert hrefs == ["/contact/People/Ren%E9%20Latin1.md"]
        status, _h, body = server.request("GET", hrefs[0])
        assert status == 200 and b"Latin Co" in body
        assert "Ren\ufffd Latin1".encode() in body  # the byte it cannot show, as a browser shows it
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">',
                                 re.search(r'action="/act/done">(.*?)</form>', body.decode(), re.DOTALL).group(1)))
        status, headers, _ = server.request("POST", "/act/done", urlencode(fields),
                                            {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.base})
        # its path reaches the action intact, which writes on that very card
        assert status == 303 and "ok=1" in headers["location"], headers
        assert "- 2026-11-20 note: followed up" in (vault / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("obsidian", [False, True])
def test_the_review_of_any_vault_links_names_here_not_to_the_files(tmp_path: Path, obsidian: bool):
    files = {"People/Ann Lee.md": "---\ntier: A\nnext_followup: 2026-11-18\nmet: 2026-11-17\n---\n",
             "People/Bo & Co \"Chen\".md": "---\ntier: A\nnext_followup: 2026-11-19\nintroduced_by: \"[[Ann Lee]]\"\n---\n"}
    vault = write_vault(tmp_path / "my vault", files)
    if obsidian:
        (vault / ".obsidian").mkdir()
    with serving(vault) as server:
        hrefs = links_on(server, "/")
        assert "/contact/People/Ann%20Lee.md" in hrefs
        assert "/contact/People/Bo%20%26%20Co%20%22Chen%22.md" in hrefs
        assert not [h for h in hrefs if h.startswith(("obsidian:", "file:"))], hrefs
        for href in {h for h in hrefs if h.startswith("/contact/")}:
            assert server.request("GET", href.replace("&amp;", "&"))[0] == 200, href


def test_every_page_fits_a_phone_and_follows_dark_mode(browser, sample_server: Server):
    backgrounds = {}
    for scheme in ("light", "dark"):
        w = open_page(browser, sample_server, width=390, height=844, color_scheme=scheme)
        page = w.page
        for path in (*PAGES, contact_path("People/Alain Gervais.md")):
            page.goto(sample_server.base + path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (scheme, path, width)
        backgrounds[scheme] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert not w.console_errors and not w.page_errors, (w.console_errors, w.page_errors)
        w.page.context.close()
    assert backgrounds["light"] != backgrounds["dark"]


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2026-W99"])
def test_a_week_out_of_range_is_a_404_page(tmp_path, week):
    vault = write_vault(tmp_path / "vault", {"People/Ann.md": "---\ntier: A\n---\n"})
    with serving(vault) as server:
        status, _h, body = server.request("GET", f"/review/{week}")
        assert status == 404, body[:300]  # and serving() finds no traceback on its stderr
