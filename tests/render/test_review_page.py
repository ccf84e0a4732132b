"""The weekly review page in the vault (netnotes.render.review_page, netnotes.render.publish):
what survives a re-run, when it is written, and where."""

from __future__ import annotations

import os
import re

from conftest import TODAY, card, copy_sample, run_cli, section, write_vault

PAGE = "Reviews/2026-W47.md"


def _report(vault, *args: str, today=TODAY):
    result = run_cli(["report", *args], vault, today=today)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


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

    assert _report(vault).splitlines()[-1].startswith("wrote: ")  # after the ticks it recorded
    again = page_path.read_text(encoding="utf-8")
    followups = section(again, "Follow-ups")
    assert mike.replace("- [ ]", "- [x]", 1) in followups.splitlines()   # ticked, kept in its section
    assert mine in followups.splitlines()                                # the user's own task
    assert "[[Farah Haddad]]: 10 days late" in followups                 # the rest is regenerated
    assert intro.replace("- [ ]", "- [x]", 1) in section(again, "Introductions to make").splitlines()
    assert again.endswith("## My notes\n" + MY_NOTES)                    # byte for byte
    assert "2026-11-20 [[Mike Sullivan]]: call: went through job costing." in again

    before = _stat(page_path)
    assert _report(vault).startswith("unchanged: ")
    assert page_path.read_text(encoding="utf-8") == again and _stat(page_path) == before


def test_a_section_of_the_users_own_is_kept_where_it_is_with_every_line(tmp_path):
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
                     section(again, "Follow-ups"), re.M)
    assert "\n## Errands\nonly tasks survive here\n- [ ] buy stamps\n\n## Validation\n" in again
    assert again.endswith("## My notes\nmine\n")
    before = _stat(page_path)
    assert _report(vault).startswith("unchanged: ") and _stat(page_path) == before


def test_unticking_a_task_is_kept_too(tmp_path):
    # ticks not recorded: Ann stays due, her task stays generated (with ticks recorded, the
    # tick would be a touch and the task, no longer generated, would go once unticked)
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(tier="A")}, "[reviews]\nrecord_ticks = false\n")
    _report(vault)
    page_path = vault / PAGE
    page_path.write_text(page_path.read_text().replace("- [ ] [[Ann]]", "- [x] [[Ann]]"), encoding="utf-8")
    _report(vault)
    assert "- [x] [[Ann]]" in page_path.read_text()
    page_path.write_text(page_path.read_text().replace("- [x] [[Ann]]", "- [ ] [[Ann]]"), encoding="utf-8")
    _report(vault)
    assert "- [ ] [[Ann]]" in page_path.read_text()


# ---- when it is written, and where ---------------------------------------------------------
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
    assert "- 2026-11-10 [[Isabelle Gagnon]]: meeting:" in section(page, "Interactions this week")
    bad = run_cli(["report", "--week", "2026-W60"], vault, today=TODAY)
    assert bad.exit_code == 2 and "`2026-W60` is not an ISO week" in bad.stderr


def test_out_writes_elsewhere_and_reviews_folder_comes_from_the_config(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": card(tier="A")}, '[reviews]\nfolder = "Weekly"\n')
    _report(vault)
    assert (vault / "Weekly/2026-W47.md").is_file() and not (vault / "Reviews").exists()
    target = tmp_path / "elsewhere.html"
    _report(vault, "--format", "html", "--out", str(target))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
