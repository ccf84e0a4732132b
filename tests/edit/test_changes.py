"""What an edit put on a card (netnotes.edit.changes), read back from its bytes: the log line
added, as written, whatever the log held already; the properties set, changed or removed."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import write_vault
from netnotes.edit.changes import written
from netnotes.edit.spans import EditRefused, append_log, set_property
from netnotes.edit.write import EditResult
from netnotes.vault.handle import open_vault

CARD = "---\ntier: B\n---\nNotes.\n\n## Log\n- 2026-11-03 email: proposal\n- 2026-10-01 call: hi\n"


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    return open_vault(str(write_vault(tmp_path_factory.mktemp("v"), {"People/Ann Lee.md": CARD})))


def _result(vault, before: str, after: str, rel: str = "People/Ann Lee.md") -> EditResult:
    return EditResult(vault.root / rel, rel, before.encode("utf-8"), after.encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                    max_size=40),
       day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
       again=st.booleans())
def test_the_entry_added_is_reported_as_written(vault, text, day, again):
    before = CARD if not again else append_log(CARD, day, "call: same", "Log")  # the same line twice
    try:
        after = append_log(before, day, f"call: {text}" if not again else "call: same", "Log")
    except EditRefused:
        assume(False)
    got = written(_result(vault, before, after), vault)
    line = next(ln for ln in after.splitlines() if ln.startswith(f"- {day.isoformat()} "))
    assert got.entries == (line[2:],) and got.props == () and got.name == "Ann Lee"


def test_properties_set_changed_and_removed(vault):
    after = set_property(set_property(CARD, "tier", "A"), "met", dt.date(2026, 12, 3))
    got = written(_result(vault, CARD, after), vault)
    assert dict(got.props) == {"tier": "A", "met": dt.date(2026, 12, 3)} and got.entries == ()
    gone = written(_result(vault, CARD, CARD.replace("tier: B\n", "")), vault)
    assert gone.props == (("tier", None),)


def test_a_new_card_sets_everything_it_has(vault):
    got = written(EditResult(vault.root / "People/Bo.md", "People/Bo.md", b"", CARD.encode(), created=True), vault)
    assert dict(got.props) == {"tier": "B"} and len(got.entries) == 2
