"""The static HTML review in a real headless Chromium (issue 19): pictures drawn, nothing
loaded from the network, no console error, no sideways scroll at 1280 and 390 px, a dark
theme, a print layout that keeps rows and figures whole, links on names, and a hostile vault
that runs nothing.

Two vaults: a copy of sample-vault, and one written here whose graph has you, a referral
both ways (a cycle the layout must break), a long tie across layers and cards whose links
must not become links (``javascript:``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser import new_page
from conftest import TODAY, card, copy_sample, note, run_cli, write_vault
from index.helpers import differential_vault

WIDTHS = (1280, 390)


def render(vault: Path, out: Path) -> Path:
    result = run_cli(["report", "--format", "html", "--out", str(out)], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    return out


def purpose_vault(root: Path) -> Path:
    return write_vault(root, {
        ".obsidian/app.json": "{}",
        "Me.md": "---\ntype: me\nname: Robin Fox\noffers: [bookkeeping]\nneeds: [lawyer]\n---\n",
        "Groups/Harbour Club.md": note(type="group"),
        "Events/2026-11-18 Breakfast.md": note(type="event", date="2026-11-18", group="[[Harbour Club]]"),
        "People/Ann Lee.md": card("2026-11-17 coffee: planning", "2026-11-18 referral received [[Cy Dorn]]: sent me Cy",
                                  "2026-09-01 call: catch up", tier="A", cadence="2w", stage="trust",
                                  pipeline="partner", met="2026-11-17", met_at="[[Harbour Club]]",
                                  email="ann@lee.example", phone="+1 613 555 0101", website="lee.example",
                                  offers=["law"]),
        "People/Bo Chen.md": card("2026-11-19 intro [[Ann Lee]]: for his lease", "2026-10-02 call: quote",
                                  tier="B", cadence="1w", pipeline="lead", met="2026-11-18",
                                  met_at="[[2026-11-18 Breakfast]]", introduced_by="[[Ann Lee]]",
                                  needs=["law"], website="javascript:alert(document.domain)",
                                  email="not an email", phone="call after 6"),
        "People/Cy Dorn.md": card("2026-11-18 referral given [[Ann Lee]]: sent her a client", "2026-08-03 sale 1200 CAD",
                                  tier="C", cadence="4w", pipeline="customer", met="2026-08-01",
                                  introduced_by="[[Bo Chen]]", met_at="[[Harbour Club]]"),
        "People/Dee Park.md": card("2026-07-01 call: hello", tier="C", cadence="2w", pipeline="prospect",
                                   met="2026-06-01", met_at="[[2026-11-18 Breakfast]]"),
    })


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("review-browser")
    sample = copy_sample(base / "sample-vault")
    purpose = purpose_vault(base / "purpose")
    return {"sample": render(sample, base / "sample.html"), "purpose": render(purpose, base / "purpose.html")}


def opened(browser: Any, page: Path, **kwargs: Any):
    watched = new_page(browser, **kwargs)
    watched.page.goto(page.resolve().as_uri())
    return watched


def quiet(w) -> None:
    """What a user would notice going wrong: an error, a dialog, a request that left."""
    assert w.console_errors == [] and w.page_errors == [], (w.console_errors, w.page_errors)
    assert w.dialogs == [], w.dialogs
    assert w.outside == [], w.outside


@pytest.mark.parametrize("kind", ["sample", "purpose"])
def test_charts_and_graph_are_drawn(browser, pages, kind):
    w = opened(browser, pages[kind])
    page = w.page
    for figure in ("#returns svg.bar rect", "#funnel svg.bar rect", "#touches svg.columns rect",
                   "#touches svg.strip circle", "#graph svg.graph rect.node", "#graph svg.graph path.tie"):
        assert page.locator(figure).count() > 0, f"nothing drawn for {figure}"
    box = page.locator("#graph svg.graph").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 40
    text = page.locator("body").inner_text()
    assert "graph LR" not in text and "-->" not in text and "mermaid" not in text.lower()
    assert page.locator("#glance .tile").count() >= 5
    quiet(w)
    w.page.context.close()


def test_the_graph_shows_you_and_every_tie_once(browser, pages):
    page = opened(browser, pages["purpose"]).page
    labels = page.locator("#graph svg.graph .node-label").all_text_contents()
    assert "Robin Fox" in labels and "Ann Lee" in labels and "Cy Dorn" in labels
    assert len(labels) == len(set(labels))
    ties = page.locator("#graph svg.graph path.tie").count()
    assert ties == page.locator("#graph table.ties tbody tr").count() > 0
    assert ties == int(page.locator("#graph").get_attribute("data-count"))
    # every node box lies inside the picture
    inside = page.evaluate("""() => { const s = document.querySelector('#graph svg.graph').viewBox.baseVal;
        return [...document.querySelectorAll('#graph svg.graph rect.node')].every(r =>
          r.x.baseVal.value >= 0 && r.y.baseVal.value >= 0 &&
          r.x.baseVal.value + r.width.baseVal.value <= s.width && r.y.baseVal.value + r.height.baseVal.value <= s.height); }""")
    assert inside
    page.context.close()


@pytest.mark.parametrize("kind", ["sample", "purpose"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scroll(browser, pages, kind, width):
    w = opened(browser, pages[kind], width=width)
    scroll, inner = w.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"{kind} at {width}px scrolls sideways: {scroll} > {inner}"
    wide = w.page.evaluate("""(inner) => [...document.querySelectorAll('body *')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width && r.right > inner + 0.5
                       && !e.closest('.sr-only, table.reflow thead'); })
        .map(e => e.tagName + ' ' + (e.id || ''))""", inner)
    assert wide == [], f"cut at the right edge: {wide[:5]}"
    quiet(w)
    w.page.context.close()


def test_a_phone_reads_tables_as_labelled_cards(browser, pages):
    page = opened(browser, pages["sample"], width=390).page
    cell = page.locator("#pipeline tbody tr").first.locator("td").first
    label = page.evaluate("(td) => getComputedStyle(td, '::before').content", cell.element_handle())
    assert label == '"Stage"'
    stalled = page.locator("#pipeline .late").first
    assert stalled.inner_text() == "stalled"
    box = stalled.bounding_box()
    assert box and box["x"] + box["width"] <= 390
    page.context.close()


def test_dark_mode_changes_the_background(browser, pages):
    colours = {}
    for scheme in ("light", "dark"):
        w = opened(browser, pages["sample"], color_scheme=scheme)
        colours[scheme] = w.page.evaluate("getComputedStyle(document.body).backgroundColor")
        w.page.context.close()
    assert colours["light"] == "rgb(255, 255, 255)"
    assert colours["dark"] != colours["light"]


@pytest.mark.parametrize("kind", ["sample", "purpose"])
def test_printing_keeps_rows_and_figures_whole(browser, pages, kind, tmp_path):
    w = opened(browser, pages[kind], color_scheme="dark")
    w.page.emulate_media(media="print")
    pdf = w.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    split = w.page.evaluate("""() => [...document.querySelectorAll('tr, figure, li')]
        .filter(e => getComputedStyle(e).breakInside !== 'avoid').length""")
    assert split == 0
    headings = w.page.evaluate("""() => [...document.querySelectorAll('h2, h3')]
        .filter(e => getComputedStyle(e).breakAfter !== 'avoid').length""")
    assert headings == 0
    assert w.page.evaluate("getComputedStyle(document.querySelector('time')).whiteSpace") == "nowrap"
    assert w.page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    quiet(w)
    w.page.context.close()


def test_names_open_the_card_and_contacts_are_links(browser, pages):
    page = opened(browser, pages["purpose"]).page
    ann = page.locator("#new-people a.person", has_text="Ann Lee").first
    assert ann.get_attribute("href") == "obsidian://open?vault=purpose&file=People%2FAnn%20Lee"
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert "mailto:ann@lee.example" in hrefs and "tel:+16135550101" in hrefs and "https://lee.example" in hrefs
    assert all(h.startswith(("obsidian:", "file:", "mailto:", "tel:", "http:", "https:", "#")) for h in hrefs), hrefs
    text = page.locator("body").inner_text()
    assert "javascript:alert(document.domain)" in text  # shown, as text
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    assert "not an email" in text and "call after 6" in text
    assert page.locator("input[type=checkbox]").count() == 0  # nothing looks tickable
    assert "read-only" in page.locator("#glance").inner_text()
    page.context.close()


def test_a_vault_without_obsidian_links_files(tmp_path):
    vault = write_vault(tmp_path / "plain", {"People/Ann Lee.md": card(tier="A", cadence="1w", met="2026-01-01")})
    html = render(vault, tmp_path / "r.html").read_text(encoding="utf-8")
    assert f'href="{(vault / "People" / "Ann Lee.md").as_uri()}"' in html


def hostile_vault(tmp_path: Path) -> Path:
    root = differential_vault("hostile", tmp_path)
    evil = "<img src=x onerror=alert(1)>"
    write_vault(root, {
        f"People/{evil}.md": card(f"2026-11-19 call [[{evil}]]: <script>alert(2)</script>", tier="A", cadence="1w",
                                  met="2026-11-18", pipeline="lead", met_at="<svg onload=alert(3)>",
                                  website="javascript:alert(4)", email='"><script>alert(5)</script>@x.example',
                                  introduced_by="[[Zoe Martin]]"),
        "People/Zoe Martin.md": card("2026-11-18 intro [[<img src=x onerror=alert(1)>]]: <b onmouseover=alert(6)>hi</b>",
                                     tier="B", website="data:text/html,<script>alert(7)</script>"),
    })
    return root


def test_a_hostile_vault_runs_nothing(browser, tmp_path):
    vault = hostile_vault(tmp_path)
    page_file = render(vault, tmp_path / "hostile.html")
    for width in WIDTHS:
        w = opened(browser, page_file, width=width)
        w.page.mouse.move(200, 200)
        for link in w.page.locator("svg.graph a").all()[:5]:
            link.hover()
        assert w.dialogs == [], w.dialogs
        assert w.page.locator("script").count() == 0
        assert w.page.evaluate("""() => [...document.querySelectorAll('*')]
            .some(e => [...e.attributes].some(a => a.name.startsWith('on')))""") is False
        hrefs = w.page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert not any(h.lower().lstrip().startswith(("javascript", "data", "vbscript")) for h in hrefs), hrefs
        assert "<svg onload=alert(3)>" in w.page.locator("body").inner_text()
        quiet(w)
        w.page.context.close()
