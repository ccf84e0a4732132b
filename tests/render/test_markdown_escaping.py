"""What a card says never becomes markup in the review page: embeds, comments, HTML, images,
Markdown and script links are neutralised; the user's wikilinks, heading links included, stay."""

from __future__ import annotations

from hypothesis import given, strategies as st

from conftest import copy_sample, run_netnotes
from netnotes.render.jinja import md_plain, md_text


def test_markup_from_a_card_is_neutralised():
    assert md_text("![[Private note]]") == "\\![[Private note]]"
    assert "%%" not in md_text("50%% of the rest") and "&#37;&#37;" in md_text("50%% of the rest")
    assert md_text("[x](javascript:alert(1))") == "\\[x\\](javascript\\:alert(1))"
    assert md_text("![logo](http://tracker.example/p.png)").startswith("\\!\\[logo\\]")
    assert md_text("[[Y|<img src=x onerror=alert(1)>]]") == "[[Y|\\<img src=x onerror=alert(1)\\>]]"
    assert md_text("see [[Ann Lee#Log]]") == "see [[Ann Lee#Log]]"
    assert md_text("<b>hi</b> `code` #tag") == "\\<b\\>hi\\</b\\> \\`code\\` \\#tag"
    assert md_plain("[[Private]]") == "\\[\\[Private\\]\\]"


@given(st.text(alphabet=st.sampled_from(list("ab []|!%#<>`:\\()jJ")), max_size=40))
def test_no_raw_markup_survives(text):
    out = md_text(text)
    assert "%" not in out.replace("&#37;", "")
    assert "<" not in out.replace("\\<", "") and ">" not in out.replace("\\>", "")
    assert "![" not in out.replace("\\![", "")


def test_the_review_of_a_hostile_card_embeds_nothing(tmp_path):
    vault = copy_sample(tmp_path / "v")
    card = vault / "People/Ben Carter.md"
    text = card.read_text(encoding="utf-8")
    text = text.replace("## Log\n", "## Log\n- 2026-11-18 call: ![[Private note]] %% hidden <img src=x> "
                                    "[x](javascript:alert(1)) see [[Ben Carter#Log]]\n", 1)
    card.write_text(text, encoding="utf-8")
    done = run_netnotes(["report", "--today", "2026-11-20", "--out", "-"], vault=vault)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if "Private note" in x)
    assert "\\![[Private note]]" in line and "%%" not in line and "<img" not in line.replace("\\<img", "")
    assert "[[Ben Carter#Log]]" in line and "javascript\\:" in line
