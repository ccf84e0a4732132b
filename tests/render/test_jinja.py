"""What netnotes writes through its templates (netnotes.render.jinja): the standalone HTML page,
user templates and their errors, what Markdown escaping protects, and the HTML review as a
browser sees it.

The browser is Debian's chromium, headless, printing the DOM after the page has run (so an
injected script or image would be in it, or would have changed it). CI installs chromium
(.ci/run); elsewhere those tests are skipped with a message saying how to enable them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import TODAY, card, copy_sample, note, run_cli, run_ok, section, write_vault

PAGE = "Reviews/2026-W47.md"


# ---- the HTML page -------------------------------------------------------------------------
def test_html_page_is_standalone(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    (vault / "Reviews/2026-W47.html").unlink()
    run_ok(["report", "--format", "html"], vault, today=TODAY)
    html = (vault / "Reviews/2026-W47.html").read_text(encoding="utf-8")
    # a website on a card is a link a person clicks, never something the page loads
    assert '<a href="https://haddadlaw.example">https://haddadlaw.example</a>' in html
    loaded = re.sub(r'<a href="https?://[^"<>]*">[^<]*</a>', "", html)
    for needle in ("http://", "https://", "src=", "<link", "<script", "@import", "url(#", "url(", "xlink:href"):
        assert needle not in loaded.replace('marker-end="url(#nn-arrow)"', ""), \
            f"the page must not load anything: found {needle!r}"
    assert "<style>" in html and html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert '<section id="going-cold" data-count="2">' in html


# ---- user templates ------------------------------------------------------------------------
def test_a_user_template_overrides_netnotes_own(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Ann.md": card(tier="A"),
        ".netnotes/templates/weekly.md.j2": "# {{ r.week.label }}\n{% for f in r.followups %}- {{ f.note|link }}\n{% endfor %}",
    })
    assert run_cli(["report", "--out", "-"], vault, today=TODAY).stdout == "# 2026-W47\n- [[Ann]]\n"
    html = run_cli(["report", "--format", "html", "--out", "-"], vault, today=TODAY).stdout
    assert "<!DOCTYPE html>" in html  # not overridden


def _broken(tmp_path, template: str):
    vault = write_vault(tmp_path / "v", {
        "People/Ann.md": card(tier="A"), ".netnotes/templates/weekly.md.j2": template})
    return run_cli(["report"], vault, today=TODAY)


def test_a_broken_user_template_names_its_file_and_line(tmp_path):
    result = _broken(tmp_path, "# {{ r.week.label }}\n\n{% for f in r.followups %}\n- {{ f.note.name }\n{% endfor %}\n")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert re.search(r"^error: .*/\.netnotes/templates/weekly\.md\.j2:4: template error: ", result.stderr, re.M)
    assert "hint: fix the template" in result.stderr
    assert not (tmp_path / "v" / PAGE).exists()


def test_an_undefined_name_in_a_user_template_is_an_error_with_its_line(tmp_path):
    result = _broken(tmp_path, "# {{ r.week.label }}\n{{ r.followups|length }}\n{{ r.no_such_section }}\n")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "weekly.md.j2:3: template error:" in result.stderr and "no_such_section" in result.stderr


def test_an_expression_that_fails_in_a_user_template_is_an_error_with_its_line(tmp_path):
    result = _broken(tmp_path, "# {{ r.week.label }}\n{{ r.contacts + 'x' }}\n")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "weekly.md.j2:2: template error:" in result.stderr


# ---- Markdown escaping ---------------------------------------------------------------------
def _escaping_vault(tmp_path):
    return write_vault(tmp_path / "v", {
        "Groups/Guild West.md": note(type="group"),
        "People/Pipe Co.md": card("2026-11-18 meeting: met", name="Pat | Pipe", company="Acme | Sons",
                                  met="2026-11-18", met_at="the bar | grill", pipeline="lead", tier="A",
                                  needs=["web design"]),
        "People/Bob]] Smith.md": card("2026-11-18 meeting: met at [[Pipe Co]]", company="[[Pipe Co]] West",
                                      met="2026-11-18", met_at="[[Guild West]]", pipeline="customer",
                                      tier="A", offers=["web design"]),
        "People/Ann [[Lee.md": card("2026-11-18 meeting: met", met="2026-11-18", pipeline="lead", tier="B",
                                    needs=["web design"]),
        "People/Ray.md": card("2026-10-01 referral received: sent me a client", met_at="[[Guild West]]",
                              introduced_by="[[Pipe Co]]", pipeline="partner", tier="A"),
    })


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def test_a_pipe_in_a_name_company_or_source_never_breaks_a_table_row(tmp_path):
    page = run_cli(["report", "--out", "-"], _escaping_vault(tmp_path), today=TODAY).stdout
    tables = [block for block in page.split("\n\n") if "| --- |" in block]
    assert len(tables) == 3  # help back, groups, pipeline
    for table in tables:
        rows = [line for line in table.splitlines() if line.startswith("|")]
        assert len({_cells(r) for r in rows}) == 1, table
    assert "the bar \\| grill" in page and "Acme | Sons" in page  # a list item needs no escape


def _check_links(page: str, vault) -> None:
    """Every [[link]] on the page is well formed and names a note; no stray [[ or ]]."""
    from netnotes.notes.links import LINK_RE

    text = re.sub(r"^```.*?^```", "", page, flags=re.M | re.S)  # code blocks (Mermaid) hold no links
    text = text.replace("\\[", "").replace("\\]", "")
    for m in LINK_RE.finditer(text):
        target = m.group("target")
        assert list(vault.rglob(f"{target}.md")) or list(vault.rglob(f"{target.split('/')[-1]}.md")), target
    rest = LINK_RE.sub("", text)
    assert "[[" not in rest and "]]" not in rest, [l for l in rest.splitlines() if "[[" in l or "]]" in l]


def test_brackets_in_a_name_never_make_a_broken_link(tmp_path):
    vault = _escaping_vault(tmp_path)
    page = run_cli(["report", "--out", "-"], vault, today=TODAY).stdout
    _check_links(page, vault)
    assert "Introduce Ann \\[\\[Lee and Bob\\]\\] Smith: Ann \\[\\[Lee needs web design; Bob\\]\\] Smith" in page
    assert "| customer | Bob\\]\\] Smith | Guild West |" in page


def test_the_sample_review_has_only_good_links(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    _check_links(run_cli(["report", "--out", "-"], vault, today=TODAY).stdout, vault)


def test_html_in_names_and_companies_is_text_in_markdown(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/<img src=x onerror=alert(1)>.md": card(company="<script>alert(2)</script>", met="2026-11-18"),
    })
    page = run_cli(["report", "--out", "-"], vault, today=TODAY).stdout
    assert "<script>" not in page and "\\<script\\>alert(2)\\</script\\>" in page
    # the file name is only ever the target of a link to that very file
    assert page.count("<img") == page.count("[[<img src=x onerror=alert(1)>]]") == 1


def test_validation_messages_do_not_add_links_to_the_vault(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(met_at="[[Nowhere Club]]")})
    page = run_cli(["report", "--out", "-"], vault, today=TODAY).stdout
    assert "\\[\\[Nowhere Club\\]\\]" in section(page, "Validation")
    _check_links(page, vault)


# ---- the HTML review in a browser ----------------------------------------------------------
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
    assert run_cli(["report", "--format", "html", "--out", str(page)], vault, today=TODAY).exit_code == 0
    review = json.loads(run_cli(["report", "--format", "json", "--out", "-"], vault, today=TODAY).stdout)
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
    assert run_cli(["report", "--format", "html", "--out", str(page)], vault, today=TODAY).exit_code == 0
    dom = Dom(dump_dom(page, tmp_path / "profile"))
    tags = {t for t, _ in dom.elements}
    for bad in ("img", "script", "iframe", "b", "i"):
        assert bad not in tags, f"<{bad}> from the vault became an element"
    ours = {"bar", "columns", "strip", "graph"}  # the charts netnotes draws (render.charts, render.graph_svg)
    assert all(a.get("class") in ours for a in dom.tags("svg")), "an <svg> from the vault became an element"
    assert not any(k.startswith("on") for _, a in dom.elements for k in a)
    text = "".join(dom.text)
    assert f"{name}, {company}: met 2026-11-18" in text  # new people: shown literally
    assert "<b>bold</b> <iframe src=x></iframe>" in text
    assert "<svg onload=alert(3)>" in text
    assert text.count(name) >= 4  # follow-ups, introductions, pipeline, new people, interactions
