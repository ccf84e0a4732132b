"""The open page is live (netnotes/serve/live.py and static/live.js): a card saved by another
process shows in the page within a second, without reloading by hand, keeping the scroll
position; a form the person is typing into is not replaced under them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_vault

from .helpers import open_page, rewrite, serving

ANN = "People/Ann Lee.md"
CARDS = {
    ANN: "---\ntier: A\ncompany: Acme\nnext_followup: 2026-11-18\n---\nLikes sailing.\n\n"
         "## Log\n- 2026-11-02 call: asked how I can help\n",
    "People/Bo Chen.md": "---\ntier: B\noffers: [bookkeeping]\n---\n## Log\n- 2026-10-01 coffee: first meeting\n",
    **{f"People/Person {i:02}.md": f"---\ntier: C\ncompany: Company {i}\n---\n" for i in range(40)},
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", CARDS)


def test_a_card_saved_by_another_process_shows_within_a_second(browser, vault: Path):
    with serving(vault) as server:
        w = open_page(browser, server, "/contact/People/Ann%20Lee.md")
        page = w.page
        assert "Acme" in page.inner_text("main")
        rewrite(vault / ANN, CARDS[ANN].replace("Acme", "Globex Corporation"))
        page.wait_for_function("() => document.querySelector('main').innerText.includes('Globex Corporation')",
                               timeout=1000, polling=50)
        assert "Acme" not in page.inner_text("main")
        assert not w.console_errors and not w.page_errors and not w.outside


def test_the_review_follows_a_new_card_and_keeps_the_scroll_position(browser, vault: Path):
    with serving(vault) as server:
        w = open_page(browser, server, "/", width=1280, height=600)
        page = w.page
        page.evaluate("window.scrollTo(0, 400)")
        assert page.evaluate("window.scrollY") == 400
        new = vault / "People/Zoe Quartz.md"
        new.write_text("---\ntier: A\nmet: 2026-11-19\ncompany: Quartz Labs\n---\n", encoding="utf-8")
        page.wait_for_function("() => document.querySelector('main').innerText.includes('Zoe Quartz')",
                               timeout=1000, polling=50)
        assert page.evaluate("window.scrollY") == 400
        assert not w.console_errors and not w.page_errors


def test_a_form_being_filled_in_is_not_replaced(browser, vault: Path):
    with serving(vault) as server:
        w = open_page(browser, server, "/contact/People/Ann%20Lee.md")
        page = w.page
        page.click("text=Log a touch")
        page.fill("form[action='/act/touch'] input[name=note]", "talked about the audit")
        version = page.get_attribute("main", "data-version")
        rewrite(vault / ANN, CARDS[ANN].replace("Acme", "Initech"))
        page.wait_for_function("v => fetch('/version').then(r => r.json()).then(d => String(d.version) !== v)",
                               arg=version, timeout=5000)
        page.wait_for_timeout(800)  # several polls: the page saw the change and waited
        assert page.input_value("form[action='/act/touch'] input[name=note]") == "talked about the audit"
        assert "Initech" not in page.inner_text("main")
        page.fill("form[action='/act/touch'] input[name=note]", "")  # done with it: the page catches up
        page.evaluate("() => document.activeElement.blur()")
        page.wait_for_function("() => document.querySelector('main').innerText.includes('Initech')", timeout=2000)
        assert page.is_visible("form[action='/act/touch'] input[name=note]")  # the open <details> stays open
        assert not w.console_errors and not w.page_errors


def test_an_edit_of_the_config_shows_too_and_a_broken_one_is_said(browser, tmp_path: Path):
    vault = write_vault(tmp_path / "vault", {ANN: CARDS[ANN].replace("next_followup: 2026-11-18\n", "")},
                        config='[tiers]\nA = "60d"\n')
    config = vault / ".netnotes" / "config.toml"
    with serving(vault) as server:
        w = open_page(browser, server, "/followups")
        page = w.page
        assert "Ann Lee" not in page.inner_text("main")  # last call 2026-11-02: due in 60 days
        config.write_text('[tiers]\nA = "7d"\n', encoding="utf-8")
        page.wait_for_function("() => document.querySelector('main').innerText.includes('Ann Lee')", timeout=2000)
        config.write_text('[tiers\nA = "7d"\n', encoding="utf-8")
        page.wait_for_function("() => document.querySelector('main').innerText.includes('config.toml:')", timeout=2000)
        config.write_text('[tiers]\nA = "7d"\n', encoding="utf-8")
        page.wait_for_function("() => document.querySelector('main').innerText.includes('Ann Lee')", timeout=2000)
        assert not w.page_errors


def test_a_page_with_choices_left_as_they_were_follows_edits(browser, tmp_path: Path):
    """The introductions page has <select>s (an outcome for each introduction made): untouched,
    they do not hold the page back."""
    vault = write_vault(tmp_path / "vault", {
        ANN: CARDS[ANN] + "- 2026-11-10 intro to [[Bo Chen]]: bookkeeping\n",
        "People/Bo Chen.md": CARDS["People/Bo Chen.md"]})
    with serving(vault) as server:
        w = open_page(browser, server, "/introductions")
        page = w.page
        assert page.query_selector("#made select[name=outcome]")
        rewrite(vault / "People/Bo Chen.md", "---\ntier: B\nname: Bo Chen-Wong\n---\n")
        page.wait_for_function("() => document.querySelector('main').innerText.includes('Bo Chen-Wong')",
                               timeout=1000, polling=50)
        page.select_option("#made select[name=outcome]", "business")  # now a choice is being made
        rewrite(vault / "People/Bo Chen.md", "---\ntier: B\nname: Bo Chen-Wu\n---\n")
        page.wait_for_timeout(1200)
        assert "Bo Chen-Wu" not in page.inner_text("main")
        assert page.input_value("#made select[name=outcome]") == "business"


def test_two_dashboards_on_one_vault_both_follow_an_edit(browser, vault: Path):
    """They share the index: whichever syncs first, the other sees other notes than its
    version stood for, and its page follows too."""
    with serving(vault) as one, serving(vault) as two:
        pages = [open_page(browser, s, "/contact/People/Ann%20Lee.md").page for s in (one, two)]
        for n in range(3):
            rewrite(vault / ANN, CARDS[ANN].replace("Acme", f"Globex {n}"))
            for page in pages:
                page.wait_for_function(f"() => document.querySelector('main').innerText.includes('Globex {n}')",
                                       timeout=1000, polling=50)
