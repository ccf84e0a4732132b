"""The HTML review as a browser sees it: Debian's chromium, headless, prints the DOM after
the page has run (so an injected script or image would be in it, or would have changed it).

CI installs chromium (.ci/run); elsewhere the test is skipped with a message saying how to
enable it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reporthelpers import card, copy_sample, run, write_vault

SECTIONS = {  # section id -> the key of the JSON review whose list it shows
    "followups": "followups", "going-cold": "going_cold", "introductions": "introductions",
    "help-back": "owed", "groups": "groups", "pipeline": "pipeline", "new-people": "new_people",
    "interactions": "interactions", "validation": "problems",
}


def chromium() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("Debian's chromium is not installed: apt-get install chromium (CI installs it)")


def dump_dom(page: Path, profile: Path) -> str:
    argv = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # chromium and the helpers it started
        proc.communicate()
        pytest.fail("chromium did not finish: a script in the page probably opened a dialog (alert)")
    assert proc.returncode == 0, err[-2000:]
    assert "<html" in out, err[-2000:]
    return out


class Dom(HTMLParser):
    """Just enough of the DOM: every element with its attributes, the sections, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.sections: dict[str, dict[str, str | None]] = {}
        self.items: dict[str, int] = {}  # section id -> <li> and <tbody><tr> inside it
        self.text: list[str] = []
        self._section: str | None = None
        self._in_tbody = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "section":
            self._section = a.get("id")
            self.sections[self._section] = a
            self.items[self._section] = 0
        elif tag == "tbody":
            self._in_tbody = True
        elif self._section and (tag == "li" or (tag == "tr" and self._in_tbody)):
            self.items[self._section] += 1

    def handle_endtag(self, tag):
        if tag == "section":
            self._section = None
        elif tag == "tbody":
            self._in_tbody = False

    def handle_data(self, data):
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == name]


def test_the_sample_review_in_a_browser(tmp_path):
    chromium()
    vault = copy_sample(tmp_path / "sv")
    page = tmp_path / "review.html"
    assert run(vault, "report", "--format", "html", "--out", str(page)).exit_code == 0
    review = json.loads(run(vault, "report", "--format", "json", "--out", "-").stdout)
    dom = Dom(dump_dom(page, tmp_path / "profile"))

    present = [s for s in dom.sections if s in SECTIONS]
    assert present == list(SECTIONS), "every section, in this order (others may sit between)"
    for section, key in SECTIONS.items():
        count = len(review[key])
        assert dom.sections[section]["data-count"] == str(count), section
        assert dom.items[section] == count, section
    for section, attrs in dom.sections.items():  # sections added later: their count, if JSON has it
        key = section.replace("-", "_")
        if section not in SECTIONS and isinstance(review.get(key), list):
            assert attrs["data-count"] == str(len(review[key])) == str(dom.items[section]), section
    assert dom.items["going-cold"] == 2 and dom.items["groups"] == 10
    text = " ".join("".join(dom.text).split())
    assert "Marie Tremblay: 79 days late" in text
    assert "Weekly review 2026-W47" in text
    assert not dom.tags("script") and not dom.tags("img") and not dom.tags("link")


def test_a_contact_named_like_html_shows_as_text_and_runs_nothing(tmp_path):
    chromium()
    name = "<img src=x onerror=alert(1)>"
    company = "<script>alert(2)</script>"
    vault = write_vault(tmp_path / "v", {
        f"People/{name}.md": card("2026-11-19 coffee: <b>bold</b> <iframe src=x></iframe>", tier="A",
                                  company=company, met="2026-11-18", pipeline="lead",
                                  met_at="<svg onload=alert(3)>", needs=["<i>web</i> design"]),
        "People/Otto.md": card(offers=["<i>web</i> design"]),
    })
    page = tmp_path / "xss.html"
    assert run(vault, "report", "--format", "html", "--out", str(page)).exit_code == 0
    dom = Dom(dump_dom(page, tmp_path / "profile"))
    tags = {t for t, _ in dom.elements}
    for bad in ("img", "script", "iframe", "svg", "b", "i"):
        assert bad not in tags, f"<{bad}> from the vault became an element"
    assert not any(k.startswith("on") for _, a in dom.elements for k in a)
    text = "".join(dom.text)
    assert f"{name}, {company}: met 2026-11-18" in text  # new people: shown literally
    assert "<b>bold</b> <iframe src=x></iframe>" in text
    assert "<svg onload=alert(3)>" in text
    assert text.count(name) >= 4  # follow-ups, introductions, pipeline, new people, interactions
