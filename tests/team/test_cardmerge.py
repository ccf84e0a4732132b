"""The card merge (netnotes.edit.cardmerge) on cards hypothesis writes: base, and two sides
that each log, unlog, change properties and lists, and edit the notes. Whatever the sides do,
nothing either wrote is lost, and only a property both changed differently needs a person."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netnotes.edit.cardmerge import merge_card
from netnotes.notes import yamlload
from netnotes.notes.log import parse_log

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git on PATH: apt-get install git")

SCALARS = {"tier": ["A", "B", "C"], "company": ["Acme", "Gervais CPA", "Yusuf Auto"], "stage": ["met", "know", "like"],
           "next_followup": ["2026-12-01", "2026-12-10"]}
LISTS = {"tags": ["bni", "golf", "accountant", "vip"], "offers": ["bookkeeping", "audits", "payroll"]}
DAYS = ["2026-09-01", "2026-10-01", "2026-11-15", "2026-11-20"]
KINDS = ["call", "coffee", "email", "meeting"]


@st.composite
def entries(draw) -> list[str]:
    out = draw(st.lists(st.builds(lambda d, k, n: f"- {d} {k}: note {n}", st.sampled_from(DAYS),
                                  st.sampled_from(KINDS), st.integers(0, 30)), unique=True, max_size=5))
    return sorted(out, reverse=True)  # newest first, as netnotes writes


@st.composite
def fronts(draw) -> dict:
    props = {k: draw(st.sampled_from(v)) for k, v in SCALARS.items() if draw(st.booleans())}
    props.update({k: draw(st.lists(st.sampled_from(v), unique=True, max_size=3)) for k, v in LISTS.items()
                  if draw(st.booleans())})
    return props


def render(props: dict, notes: list[str], log: list[str], crlf: bool = False) -> str:
    fm = "".join(f"{k}: [{', '.join(v)}]\n" if isinstance(v, list) else f"{k}: {v}\n" for k, v in props.items())
    text = f"---\n{fm}---\n" + "".join(f"{n}\n" for n in notes) + "\n## Log\n" + "".join(f"{e}\n" for e in log)
    return text.replace("\n", "\r\n") if crlf else text


@st.composite
def side(draw, props: dict, notes: list[str], log: list[str]) -> tuple[dict, list[str], list[str]]:
    props = dict(props)
    for key in list(props) + list(SCALARS) + list(LISTS):
        roll = draw(st.integers(0, 5))
        if roll == 0 and key in props:
            del props[key]
        elif roll == 1:
            props[key] = (draw(st.lists(st.sampled_from(LISTS[key]), unique=True, max_size=3)) if key in LISTS
                          else draw(st.sampled_from(SCALARS[key])))
    kept = [e for e in log if draw(st.integers(0, 4))]  # now and then an entry is removed
    added = draw(entries())
    new_log = sorted(set(kept) | set(added), reverse=True)
    if draw(st.booleans()):
        notes = notes + [draw(st.sampled_from(["Likes golf.", "Two kids.", "Moved offices."]))]
    return props, notes, new_log


@st.composite
def merges(draw):
    props, notes, log = draw(fronts()), ["Notes on Alain."], draw(entries())
    ours, theirs = draw(side(props, notes, log)), draw(side(props, notes, log))
    return (props, notes, log), ours, theirs


def _log(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").split("\n")
    return [lines[e.line - 1] for e in parse_log(lines, 1, "Log").entries]


def _props(text: str) -> dict:
    fm = text.replace("\r\n", "\n").split("---\n")[1]
    return yamlload.load_front_matter(fm).data or {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(merges(), st.booleans())
def test_nothing_either_side_wrote_is_lost(case, crlf):
    (bp, bn, bl), (op, on, ol), (tp, tn, tl) = case
    base, ours, theirs = render(bp, bn, bl, crlf), render(op, on, ol, crlf), render(tp, tn, tl, crlf)
    merged = merge_card(base, ours, theirs)
    log = _log(merged.text)
    for entry in {*ol, *tl} - set(bl):  # every entry either side added, once
        assert log.count(entry) == 1, (entry, merged.text)
    for entry in set(bl) - set(ol) - set(tl):  # removed on both sides: gone
        assert entry not in log
    for entry in set(bl):
        if entry in ol and entry in tl:
            assert entry in log  # kept by both: kept
        elif entry not in ol or entry not in tl:
            assert entry not in log  # removed by one side, left alone by the other: removed
    days = [e[2:12] for e in log]
    assert days == sorted(days, reverse=True)  # in the card's date order
    assert ("\r\n" in merged.text) == crlf and "\n" in merged.text
    both_changed = {k for k in {*op, *tp, *bp} if op.get(k) != bp.get(k) and tp.get(k) != bp.get(k)
                    and op.get(k) != tp.get(k)}
    real = {k for k in both_changed if not (k in LISTS and k in op and k in tp) and k != "next_followup"}
    if not real and (on == tn or bn in (on, tn)):  # only lists and one-sided changes: clean
        assert merged.clean, (merged.conflicts, merged.text)
    if merged.clean:
        props = _props(merged.text)
        for key in {*op, *tp, *bp}:
            if key in both_changed and key == "next_followup":  # the sooner, or the one set
                assert props.get(key) == _typed(min(v for v in (op.get(key), tp.get(key)) if v))
            elif key in both_changed and key in LISTS:
                added = (set(op[key]) - set(bp.get(key, []))) | (set(tp[key]) - set(bp.get(key, [])))
                removed = set(bp.get(key, [])) - (set(op[key]) & set(tp[key]))
                assert set(props[key]) == (set(op[key]) | set(tp[key])) - removed and added <= set(props[key])
            elif op.get(key) == bp.get(key):
                assert props.get(key) == _typed(tp.get(key)), key
            elif tp.get(key) == bp.get(key):
                assert props.get(key) == _typed(op.get(key)), key
        assert "<<<<<<<" not in merged.text
    else:
        assert merged.text.count("<<<<<<<") == len([c for c in merged.conflicts if "property" in c]) + \
            sum(int(c.split()[0]) for c in merged.conflicts if "notes" in c)


def _typed(value):
    """A value as YAML reads the rendered text (dates are dates)."""
    if value is None:
        return None
    return yamlload.load_front_matter(f"k: {value if not isinstance(value, list) else '[' + ', '.join(value) + ']'}\n").data["k"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(merges())
def test_one_sided_changes_are_taken_as_they_are(case):
    (bp, bn, bl), (op, on, ol), _ = case
    base, ours = render(bp, bn, bl), render(op, on, ol)
    assert merge_card(base, ours, base).text == ours
    assert merge_card(base, base, ours).text == ours
    assert merge_card(base, ours, ours).text == ours


def test_comments_key_order_and_a_bom_are_kept():
    base = "\ufeff---\n# who\nname: Alain\ntier: B  # for now\ntags:\n  - bni\n---\nNotes.\n\n## Log\n- 2026-10-01 call: a\n"
    ours = base.replace("tier: B  # for now", "tier: A  # for now")
    theirs = base.replace("  - bni\n", "  - bni\n  - golf\n").replace("- 2026-10-01", "- 2026-11-01 email: b\n- 2026-10-01")
    merged = merge_card(base, ours, theirs)
    assert merged.clean
    assert merged.text == ("\ufeff---\n# who\nname: Alain\ntier: A  # for now\ntags:\n  - bni\n  - golf\n---\nNotes.\n\n"
                           "## Log\n- 2026-11-01 email: b\n- 2026-10-01 call: a\n")


def test_a_front_matter_it_cannot_read_is_merged_by_lines():
    base = "---\nname: [unclosed\n---\n## Log\n- 2026-10-01 call: a\n"
    ours = base + "- 2026-09-01 call: o\n"
    theirs = base.replace("## Log\n", "## Log\n- 2026-11-01 call: t\n")
    merged = merge_card(base, ours, theirs)
    assert merged.clean and "call: o" in merged.text and "call: t" in merged.text


def test_the_sooner_follow_up_wins_however_it_is_quoted():
    base = "---\nnext_followup: 2026-12-01\n---\n"
    merged = merge_card(base, base.replace("2026-12-01", "2026-12-20"), base.replace("2026-12-01", '"2026-12-10"'))
    assert merged.clean and 'next_followup: "2026-12-10"' in merged.text


def test_text_in_the_log_besides_its_entries_is_merged_by_lines_as_git_would():
    base = "---\ntier: B\n---\n## Log\n- 2026-02-01 call: b\n\nAfter text.\n"
    ours = base.replace("After text.", "After text ours.")
    theirs = base.replace("- 2026-02-01", "- 2026-03-02 call: theirs\n- 2026-02-01").replace(
        "After text.\n", "After text.\nMore theirs.\n")
    merged = merge_card(base, ours, theirs)
    assert not merged.clean  # both changed the same lines of text: a person decides, as with git
    assert "- 2026-03-02 call: theirs\n- 2026-02-01 call: b\n" in merged.text  # the rest merged
    assert merged.text.count("<<<<<<<") == 1


def test_markers_shown_in_a_code_block_are_not_a_merge_left_unfinished():
    from netnotes.notes.conflicts import conflict_markers

    shown = ["Resolve it like this:", "```", "<<<<<<< ours", "tier: A", "=======", "tier: B", ">>>>>>> theirs", "```"]
    assert conflict_markers(shown) == []
    assert [n for n, _ in conflict_markers(shown[2:7])] == [1, 3, 5]
