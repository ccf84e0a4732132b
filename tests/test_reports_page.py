"""The weekly review page in the vault: what survives a re-run, when it is written, where,
the standalone HTML page, user templates, and what Markdown escaping protects."""

from __future__ import annotations

import os
import re

from reporthelpers import card, copy_sample, note, run, write_vault

PAGE = "Reviews/2026-W47.md"


def _report(vault, *args: str, **kw):
    result = run(vault, "report", *args, **kw)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def _section(page: str, heading: str) -> str:
    """The body of one ``## heading`` section (up to the next one)."""
    start = page.index(f"## {heading}\n") + len(heading) + 4
    nxt = page.find("\n## ", start)
    return page[start:] if nxt < 0 else page[start:nxt + 1]


def _stat(path):
    st = os.stat(path)
    return st.st_mtime_ns, st.st_ino, st.st_size


# ---- what survives a re-run ----------------------------------------------------------------
MY_NOTES = """Good week: three new owners at the Chamber breakfast.

### For next week
- call the bank about Omar's shop
## Ideas (my own heading, still my notes)
A workshop with Emily in January?
"""


def test_ticks_own_tasks_and_notes_survive_a_rerun(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    (vault / PAGE).unlink()
    assert _report(vault).startswith("wrote: ")
    page_path = vault / PAGE
    page = page_path.read_text(encoding="utf-8")

    mike = next(line for line in page.splitlines() if line.startswith("- [ ] [[Mike Sullivan]]: 12 days late"))
    intro = next(line for line in page.splitlines() if line.startswith("- [ ] Introduce [[Susan McAllister]]"))
    mine = "- [ ] ask Karen for next month's breakfast list"
    page = page.replace(mike, mike.replace("- [ ]", "- [x]", 1))
    page = page.replace(intro, intro.replace("- [ ]", "- [X]", 1))
    page = page.replace(mike.replace("- [ ]", "- [x]", 1),
                        mike.replace("- [ ]", "- [x]", 1) + "\n" + mine)
    assert page.endswith("## My notes\n")
    page += MY_NOTES
    page_path.write_text(page, encoding="utf-8")

    # Mike is called today: his follow-up is no longer generated
    card_path = vault / "People/Mike Sullivan.md"
    text = card_path.read_text(encoding="utf-8")
    card_path.write_text(text.replace("## Log\n", "## Log\n- 2026-11-20 call: went through job costing.\n"),
                         encoding="utf-8")

    assert _report(vault).startswith("wrote: ")
    again = page_path.read_text(encoding="utf-8")
    followups = _section(again, "Follow-ups")
    assert mike.replace("- [ ]", "- [x]", 1) in followups.splitlines()   # ticked, kept in its section
    assert mine in followups.splitlines()                                # the user's own task
    assert "[[Farah Haddad]]: 10 days late" in followups                 # the rest is regenerated
    assert intro.replace("- [ ]", "- [x]", 1) in _section(again, "Introductions to make").splitlines()
    assert again.endswith("## My notes\n" + MY_NOTES)                    # byte for byte
    assert "2026-11-20 [[Mike Sullivan]]: call: went through job costing." in again

    before = _stat(page_path)
    assert _report(vault).startswith("unchanged: ")
    assert page_path.read_text(encoding="utf-8") == again and _stat(page_path) == before


def test_tasks_of_a_section_the_page_no_longer_has_are_kept_before_my_notes(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(tier="A")})
    _report(vault)
    page_path = vault / PAGE
    page = page_path.read_text(encoding="utf-8")
    page = page.replace("- [ ] [[Ann]]", "- [x] [[Ann]]").replace(
        "## Validation\n", "## Errands\nonly tasks survive here\n- [ ] buy stamps\n\n## Validation\n")
    page_path.write_text(page + "mine\n", encoding="utf-8")
    (vault / "People/Ann.md").write_text(card("2026-11-20 call: done", tier="A"), encoding="utf-8")
    _report(vault)
    again = page_path.read_text(encoding="utf-8")
    assert re.search(r"^- \[x\] \[\[Ann\]\]: due 2026-11-20 .* \^nn-fu-ann-[0-9a-f]{6}$",
                     _section(again, "Follow-ups"), re.M)
    assert again.endswith("## Errands\n- [ ] buy stamps\n\n## My notes\nmine\n")
    before = _stat(page_path)
    assert _report(vault).startswith("unchanged: ") and _stat(page_path) == before


def test_unticking_a_task_is_kept_too(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(tier="A")})
    _report(vault)
    page_path = vault / PAGE
    page_path.write_text(page_path.read_text().replace("- [ ] [[Ann]]", "- [x] [[Ann]]"), encoding="utf-8")
    _report(vault)
    assert "- [x] [[Ann]]" in page_path.read_text()
    page_path.write_text(page_path.read_text().replace("- [x] [[Ann]]", "- [ ] [[Ann]]"), encoding="utf-8")
    _report(vault)
    assert "- [ ] [[Ann]]" in page_path.read_text()


def test_nothing_changed_leaves_bytes_and_mtime_alone(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    for fmt in ("md", "html"):
        path = vault / f"Reviews/2026-W47.{fmt}"
        path.unlink()
        assert _report(vault, "--format", fmt).startswith("wrote: ")
        data, before = path.read_bytes(), _stat(path)
        assert _report(vault, "--format", fmt).startswith("unchanged: ")
        assert _report(vault, "--format", fmt).startswith("unchanged: ")
        assert path.read_bytes() == data and _stat(path) == before


def test_week_option_writes_that_weeks_page(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    out = _report(vault, "--week", "2026-W46", today=None)
    assert out.endswith(os.path.join("Reviews", "2026-W46.md"))
    page = (vault / "Reviews/2026-W46.md").read_text(encoding="utf-8")
    assert "# Weekly review 2026-W46" in page and "2026-11-09 to 2026-11-15, as of 2026-11-15" in page
    assert "- 2026-11-10 [[Isabelle Gagnon]]: meeting:" in _section(page, "Interactions this week")
    bad = run(vault, "report", "--week", "2026-W60")
    assert bad.exit_code == 2 and "`2026-W60` is not an ISO week" in bad.stderr


def test_out_writes_elsewhere_and_reviews_folder_comes_from_the_config(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(tier="A")}, '[reviews]\nfolder = "Weekly"\n')
    _report(vault)
    assert (vault / "Weekly/2026-W47.md").is_file() and not (vault / "Reviews").exists()
    target = tmp_path / "elsewhere.html"
    _report(vault, "--format", "html", "--out", str(target))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---- the HTML page -------------------------------------------------------------------------
def test_html_page_is_standalone(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    (vault / "Reviews/2026-W47.html").unlink()
    _report(vault, "--format", "html")
    html = (vault / "Reviews/2026-W47.html").read_text(encoding="utf-8")
    for needle in ("http://", "https://", "src=", "<link", "<script", "@import", "url("):
        assert needle not in html, f"the page must not load anything: found {needle!r}"
    assert "<style>" in html and html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert '<section id="going-cold" data-count="2">' in html


# ---- user templates ------------------------------------------------------------------------
def test_a_user_template_overrides_netnotes_own(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Ann.md": card(tier="A"),
        ".netnotes/templates/weekly.md.j2": "# {{ r.week.label }}\n{% for f in r.followups %}- {{ f.note|link }}\n{% endfor %}",
    })
    assert run(vault, "report", "--out", "-").stdout == "# 2026-W47\n- [[Ann]]\n"
    assert "<!DOCTYPE html>" in run(vault, "report", "--format", "html", "--out", "-").stdout  # not overridden


def _broken(tmp_path, template: str):
    vault = write_vault(tmp_path / "v", {
        "People/Ann.md": card(tier="A"), ".netnotes/templates/weekly.md.j2": template})
    return run(vault, "report")


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
    page = run(_escaping_vault(tmp_path), "report", "--out", "-").stdout
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
    page = run(vault, "report", "--out", "-").stdout
    _check_links(page, vault)
    assert "Introduce Ann \\[\\[Lee and Bob\\]\\] Smith: Ann \\[\\[Lee needs web design; Bob\\]\\] Smith" in page
    assert "| customer | Bob\\]\\] Smith | Guild West |" in page


def test_the_sample_review_has_only_good_links(tmp_path):
    vault = copy_sample(tmp_path / "sv")
    _check_links(run(vault, "report", "--out", "-").stdout, vault)


def test_html_in_names_and_companies_is_text_in_markdown(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/<img src=x onerror=alert(1)>.md": card(company="<script>alert(2)</script>", met="2026-11-18"),
    })
    page = run(vault, "report", "--out", "-").stdout
    assert "<script>" not in page and "\\<script\\>alert(2)\\</script\\>" in page
    # the file name is only ever the target of a link to that very file
    assert page.count("<img") == page.count("[[<img src=x onerror=alert(1)>]]") == 1


def test_validation_messages_do_not_add_links_to_the_vault(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(met_at="[[Nowhere Club]]")})
    page = run(vault, "report", "--out", "-").stdout
    assert "\\[\\[Nowhere Club\\]\\]" in _section(page, "Validation")
    _check_links(page, vault)
