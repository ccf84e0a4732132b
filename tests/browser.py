"""A real headless Chromium, driven by Playwright, for the tests of pages and the dashboard.

The browser is Debian's ``chromium`` (CI installs it; Playwright's own download needs a network
CI does not have), so ``launch`` skips with how to get it when it is absent. Tests take the
``browser`` fixture (one Chromium per test session) and open pages with ``new_page``, which
records what the page did that a user would notice: console errors, uncaught exceptions,
dialogs (an ``alert`` from an injected script) and every request that left for the network.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str:
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("Debian's chromium is not installed: apt-get install chromium (CI installs it)")


@dataclass
class Watched:
    """A page and what it did: console errors, page errors, dialogs, requests that left."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # URLs requested beyond file:// and allowed hosts


def new_page(browser: Any, *, allow: tuple[str, ...] = (), width: int = 1280, height: int = 900,
             color_scheme: str = "light") -> Watched:
    """A fresh context and page. Requests other than ``file:``, ``data:``, ``blob:``, ``about:``
    or to a URL that starts with one of ``allow`` are recorded in ``outside`` and aborted, so a
    test both sees that the page tried to reach the network and never waits on it."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page = context.new_page()
    watched = Watched(page)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")) or url.startswith(allow):
            r.continue_()
        else:
            watched.outside.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.page_errors.append(str(e)))

    def dialog(d: Any) -> None:
        watched.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return watched


def launch() -> Iterator[Any]:
    """One headless Chromium for the session (a generator, for a fixture)."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra has it
        pytest.skip("playwright is not installed: pip install -r requirements/dev.lock")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()
