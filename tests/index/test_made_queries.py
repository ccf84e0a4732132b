"""Differential tests for `introductions --made` answered from the index's rows
(netnotes.index.acquaintances.intro_lines): every answer equals the same report computed over
every parsed note, on the sample vault (with outcomes recorded by the real CLI), the hostile
corpus, a generated vault and hypothesis-made vaults whose logs hold introductions and
outcomes in every shape the grammar allows."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_sample, run_json, run_ok, write_vault
from index.test_intro_queries import CONFIG, NAMES, TODAY, _link, _vault, reference
from netnotes.index.session import load_session
from netnotes.reports.facts import Facts
from netnotes.reports.introductions import introductions_made
from netnotes.vault.handle import open_vault

DAYS = (dt.date(2025, 1, 1), TODAY, dt.date(2030, 1, 1))


def assert_same(root: Path, days: tuple[dt.date, ...] = DAYS) -> None:
    full = reference(root)
    session = load_session(open_vault(str(root)), with_body=False)
    try:
        for today in days:
            want = [m.to_json() for m in introductions_made(full, today, Facts(full, today))]
            got = [m.to_json() for m in introductions_made(session, today, Facts(session, today))]
            assert got == want, today
        assert "notes" not in session.__dict__  # answered from the rows, never every note
    finally:
        session.index.close()


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_made_from_rows_equal_the_parsed_notes(kind, tmp_path):
    assert_same(_vault(kind, tmp_path))


def test_the_sample_with_outcomes_recorded_by_the_cli(tmp_path):
    vault = copy_sample(tmp_path / "sample")
    run_ok(["intro", "Susan McAllister", "Emily Watson", "--note", "HR for her new hires"], vault,
           today="2026-11-21")
    run_ok(["intro", "Susan McAllister", "Emily Watson", "--outcome", "met"], vault, today="2026-11-28")
    run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "business", "--note", "the website"], vault,
           today="2026-11-28")
    assert_same(vault, days=(dt.date(2026, 11, 27), dt.date(2026, 11, 30)))
    made = run_json(["introductions", "--made", "--json"], vault, today="2026-11-30")
    assert [(m["a"]["name"], m["b"]["name"], m["date"], m["outcome"]) for m in made][:3] == [
        ("Emily Watson", "Susan McAllister", "2026-11-21", "met"),
        ("José Álvarez", "Natalie Simard", "2026-09-03", None),
        ("Alain Gervais", "Sam Lee", "2026-08-20", "business")]


# ---- generated vaults ----------------------------------------------------------------------
@st.composite
def log_lines(draw) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        day = f"2026-{draw(st.integers(1, 12)):02d}-{draw(st.sampled_from([1, 15, 28])):02d}"
        kind = draw(st.sampled_from(["intro", "intro received", "intro outcome", "Intro Outcome",
                                     "introduction outcome", "intro outcome", "call"]))
        head = " ".join([kind] + [_link(draw) for _ in range(draw(st.integers(0, 2)))])
        text = draw(st.sampled_from(["", ": met", ": business, a sale", ": no reply", ": declined.",
                                     ": they talked", f": met {_link(draw)}", ": [[Ann"]))
        box = draw(st.sampled_from(["- ", "- ", "- [x] ", "- [ ] "]))
        lines.append(f"{box}{day} {head}{text}")
        shape = draw(st.sampled_from(["none"] * 4 + ["more", "fence"]))
        if shape == "more":
            lines.append(f"  and {_link(draw)} too")
        elif shape == "fence":
            lines.append("```")
    return lines


@st.composite
def vaults(draw) -> dict[str, str]:
    files: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 6))):
        folder = draw(st.sampled_from(["People/", "People/Sub/", "Clients/"]))
        name = draw(st.sampled_from(["Ann Lee", "ann lee", "Bob", "Cy", "Zoë", "Dee"]))
        props = ["type: person"] if folder == "Clients/" else []
        if draw(st.booleans()):
            props.append(f"aliases: [{draw(st.sampled_from(NAMES[:6]))}]")
        body = ["## Log", *draw(log_lines())]
        files[f"{folder}{name}.md"] = "---\n" + "\n".join(props) + "\n---\n" + "\n".join(body) + "\n"
    if draw(st.booleans()):
        files["Groups/Chamber.md"] = "---\ntype: group\n---\n"
    return files


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_generated_vaults(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp) / "vault", files, CONFIG)
        assert_same(root, days=(dt.date(2026, 6, 1), dt.date(2027, 1, 1)))
