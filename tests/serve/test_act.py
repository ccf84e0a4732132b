"""Acting from the page (``POST /act/<action>`` in netnotes/serve/app.py): a click writes on the
card exactly once, through ``serve.actions``; a double click or the same form sent again
writes nothing more; the page says what was done and shows it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import run_json, write_vault

from .helpers import Server, log_lines, open_page, serving

ANN = "People/Ann Lee.md"
BO = "People/Bo Chen.md"
CARDS = {
    ANN: "---\ntier: A\ncompany: Acme\nnext_followup: 2026-11-18\nneeds: [bookkeeping]\n---\nLikes sailing.\n\n"
         "## Log\n- 2026-11-02 call: asked how I can help\n",
    BO: "---\ntier: B\noffers: [bookkeeping]\nnext_followup: 2026-11-19\n---\n## Log\n- 2026-10-01 coffee: first meeting\n",
}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", CARDS)


def done_button(name: str) -> str:
    return f"#act-followups li:has(a:text-is('{name}')) form[action='/act/done'] button"


def test_done_from_the_review_logs_the_follow_up_once(browser, vault: Path):
    with serving(vault) as server:
        w = open_page(browser, server)
        page = w.page
        with page.expect_navigation():
            page.click(done_button("Ann Lee"))
        assert "Ann Lee" in page.inner_text(".flash")
        assert page.url.startswith(server.base + "/?")
        lines = log_lines(vault / ANN)
        assert len(lines) == 2 and sum(line.startswith("- 2026-11-20") for line in lines) == 1, lines
        # done: Ann is no longer due this week, and the page shows it without a reload by hand
        page.wait_for_function("() => !document.querySelector('#act-followups') || "
                               "!document.querySelector('#act-followups').innerText.includes('Ann Lee')", timeout=2000)
        assert not w.console_errors and not w.page_errors and not w.dialogs


def test_a_double_click_writes_once(browser, vault: Path):
    with serving(vault) as server:
        w = open_page(browser, server, "/followups")
        page = w.page
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.dblclick("li:has(a:text-is('Bo Chen')) form[action='/act/done'] button")
        page.wait_for_selector(".flash")
        page.wait_for_timeout(500)  # the second request, if any, has been answered too
        assert 1 <= len(posts) <= 2, posts  # Chromium may send the second click's form too, or drop it
        assert len(log_lines(vault / BO)) == 2, (vault / BO).read_text()
        assert "Bo Chen" in page.inner_text(".flash")
        # the same form sent three times at once, from the page (as a script or a flaky network would)
        page.goto(server.base + "/contact/People/Bo%20Chen.md")
        statuses = page.evaluate("""() => {
            const form = [...document.querySelectorAll("form[action='/act/done']")]
                .find(f => f.querySelector("input[name=contact]").value === "People/Bo%20Chen.md");
            const body = new URLSearchParams(new FormData(form));
            return Promise.all([1, 2, 3].map(() => fetch(form.action, {method: "POST", body: body.toString(),
                headers: {"Content-Type": "application/x-www-form-urlencoded"}}).then(r => r.status)));
        }""")
        assert statuses == [200, 200, 200]  # each followed its redirect back to the page
        assert len(log_lines(vault / BO)) == 3, (vault / BO).read_text()


def hidden_fields(server: Server, path: str, action: str, index: int = 0) -> dict[str, str]:
    _status, _h, body = server.request("GET", path)
    forms = re.findall(rf'<form method="post" action="/act/{action}">(.*?)</form>', body.decode(), re.DOTALL)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', forms[index]))


def post(server: Server, action: str, fields: dict[str, str]) -> tuple[int, str]:
    status, headers, _ = server.request("POST", f"/act/{action}", urlencode(fields), {**FORM, "Origin": server.base})
    return status, headers.get("location", "")


def test_the_same_form_sent_again_writes_nothing_more(vault: Path):
    with serving(vault) as server:
        fields = hidden_fields(server, "/contact/People/Ann%20Lee.md", "done")
        assert fields["contact"] == "People/Ann%20Lee.md"  # a path, percent-encoded
        first = post(server, "done", fields)
        again = post(server, "done", fields)
        assert first[0] == again[0] == 303
        assert first[1] == again[1]  # the repeat is answered with what the first one did
        assert first[1].startswith("/contact/People/Ann%20Lee.md?")
        assert len(log_lines(vault / ANN)) == 2


def test_a_form_id_never_issued_writes_nothing(vault: Path):
    with serving(vault) as server:
        fields = hidden_fields(server, "/followups", "done")
        fields["nonce"] = "made-up"
        before = (vault / ANN).read_bytes(), (vault / BO).read_bytes()
        status, location = post(server, "done", fields)
        assert status == 303 and "ok=0" in location
        assert ((vault / ANN).read_bytes(), (vault / BO).read_bytes()) == before


def test_log_a_touch_snooze_introduce_and_outcome_from_the_pages(browser, vault: Path):
    with serving(vault) as server:
        w = open_page(browser, server, "/contact/People/Ann%20Lee.md")
        page = w.page
        page.click("text=Log a touch")
        page.select_option("form[action='/act/touch'] select[name=kind]", "coffee")
        page.fill("form[action='/act/touch'] input[name=note]", "talked about the audit")
        with page.expect_navigation():
            page.click("form[action='/act/touch'] button")
        assert any("coffee: talked about the audit" in line for line in log_lines(vault / ANN))
        with page.expect_navigation():
            page.click("form[action='/act/snooze'] button")
        assert "2026-11-27" in page.inner_text(".flash")
        assert "next_followup: 2026-11-27" in (vault / ANN).read_text()
        page.goto(server.base + "/introductions")
        with page.expect_navigation():
            page.click("#suggested form[action='/act/intro'] button")
        made = run_json(["introductions", "--made", "--json"], vault, today="2026-11-20")
        assert [(m["a"]["name"], m["b"]["name"]) for m in made] in ([("Ann Lee", "Bo Chen")], [("Bo Chen", "Ann Lee")])
        page.select_option("#made form[action='/act/outcome'] select[name=outcome]", "met")
        with page.expect_navigation():
            page.click("#made form[action='/act/outcome'] button")
        assert "(met, 2026-11-20)" in page.inner_text("#made")
        assert not w.console_errors and not w.page_errors and not w.dialogs


def test_a_page_opened_again_with_nothing_changed_still_acts_once(browser, vault: Path):
    """The dashboard reuses what a page computed while nothing changed, but each time it is
    opened its forms carry new one-time ids: each copy of the page acts, once."""
    with serving(vault) as server:
        first = open_page(browser, server, "/followups")
        second = open_page(browser, server, "/followups")
        text = lambda w: re.sub(r"\s+", " ", w.page.inner_text("main"))  # noqa: E731
        assert text(first) == text(second)
        nonce = "li:has(a:text-is('{}')) form[action='/act/done'] input[name=nonce]"
        assert first.page.get_attribute(nonce.format("Bo Chen"), "value") != \
            second.page.get_attribute(nonce.format("Bo Chen"), "value")
        with second.page.expect_navigation():
            second.page.click("li:has(a:text-is('Bo Chen')) form[action='/act/done'] button")
        assert len(log_lines(vault / BO)) == 2
        with first.page.expect_navigation():  # the first copy, opened before: its own id, unused
            first.page.click("li:has(a:text-is('Ann Lee')) form[action='/act/done'] button")
        assert len(log_lines(vault / ANN)) == 2
        assert "Ann Lee" in first.page.inner_text(".flash")
