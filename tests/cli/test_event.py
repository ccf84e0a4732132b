"""`netnotes event`: the event note and a card for each person met there, in one change that a
failure puts back whole; and `add --met-at` / `event --group` naming no note are warned about."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import age, one_line_error, parse, run_cli, run_json, run_ok, tree_hashes

FILES = {
    "Groups/Ottawa Chamber of Commerce.md": "---\ntype: group\n---\n",
    "Events/2026-10-14 Chamber mixer.md": "---\ntype: event\ndate: 2026-10-14\n---\n",
    "People/Kevin O'Brien.md": "---\ntier: B\nmet: 2026-10-14\nmet_at: \"[[2026-10-14 Chamber mixer]]\"\n"
                               "next_followup: 2026-11-17\n---\n## Log\n- 2026-11-03 email: proposal\n",
    "People/Lucia Bianchi.md": "---\n---\n",
}
ARGS = ["event", "Chamber mixer", "--date", "2026-12-03", "--group", "Ottawa Chamber of Commerce",
        "Ann Lee", "kevin o'brien", "Zoë Ng"]


def test_event_creates_the_note_and_the_cards_and_links_the_known(make_vault, monkeypatch):
    vault = make_vault(FILES)
    monkeypatch.chdir(vault)  # paths are shown from the current folder
    result = run_ok(ARGS, vault, today="2026-12-04")
    assert result.stdout.splitlines() == [
        "created: Events/2026-12-03 Chamber mixer.md",
        "Ann Lee: new card, met 2026-12-03 at [[2026-12-03 Chamber mixer]]; next follow-up 2026-12-05 "
        "(People/Ann Lee.md)",
        "Kevin O'Brien: next follow-up 2026-12-05 (People/Kevin O'Brien.md)",  # met and met_at stay
        "Zoë Ng: new card, met 2026-12-03 at [[2026-12-03 Chamber mixer]]; next follow-up 2026-12-05 "
        "(People/Zoë Ng.md)"]
    event = (vault / "Events/2026-12-03 Chamber mixer.md").read_text()
    assert event == ('---\ntype: event\ndate: 2026-12-03\ngroup: "[[Ottawa Chamber of Commerce]]"\n'
                     'people: ["[[Ann Lee]]", "[[Kevin O\'Brien]]", "[[Zoë Ng]]"]\n---\n')
    ann = parse((vault / "People/Ann Lee.md").read_text())
    assert {k: str(v) for k, v in ann.props.items()} == {
        "met": "2026-12-03", "met_at": "[[2026-12-03 Chamber mixer]]", "next_followup": "2026-12-05"}
    kevin = parse((vault / "People/Kevin O'Brien.md").read_text())
    assert str(kevin.props["met"]) == "2026-10-14"  # where they first met stays
    assert kevin.props["met_at"] == "[[2026-10-14 Chamber mixer]]"
    assert str(kevin.props["next_followup"]) == "2026-12-05"
    assert run_json(["validate", "--format", "json"], vault) == []
    shown = run_json(["show", "Ann Lee", "--json"], vault, today="2026-12-04")
    assert shown["events"] == ["2026-12-03 Chamber mixer"] and shown["last_touch"] == "2026-12-03"
    groups = {g["name"]: g for g in run_json(["groups", "--json"], vault, today="2026-12-04")}
    assert "2026-12-03 Chamber mixer" in groups


def test_the_first_follow_up_is_configurable(make_vault):
    vault = make_vault(FILES, config='[followups]\nafter_event = "1w"\n')
    run_ok(ARGS[:4] + ["Ann Lee"], vault, today="2026-12-04")
    assert "next_followup: 2026-12-10\n" in (vault / "People/Ann Lee.md").read_text()


def test_dry_run_shows_every_diff_and_writes_nothing(make_vault):
    vault = make_vault(FILES)
    before = tree_hashes(vault)
    out = run_ok(ARGS + ["--dry-run"], vault, today="2026-12-04").stdout
    assert out.count("+++ b/") == 4 and "+next_followup: 2026-12-05" in out and "-next_followup: 2026-11-17" in out
    assert tree_hashes(vault) == before


def test_a_failure_half_way_puts_back_every_file_written(make_vault, monkeypatch):
    import netnotes.vault.atomic as atomic

    vault = make_vault(FILES)
    before = tree_hashes(vault)
    real, calls = atomic.create_new, []

    def failing(path, data):
        calls.append(path)
        if len(calls) == 3:  # the event note and Ann's card are written; Zoë's fails
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(atomic, "create_new", failing)
    result = run_cli(ARGS, vault, today="2026-12-04", expect_error=True)
    assert result.exit_code == 2
    assert "No space left on device" in one_line_error(result.stderr)
    assert "put back" in result.stderr
    after = {k: v for k, v in tree_hashes(vault).items() if not k.startswith(".netnotes/undo")}
    assert after == before


def test_an_ambiguous_name_writes_nothing(make_vault):
    vault = make_vault({**FILES, "People/Ann Lee.md": "---\n---\n", "Clients/Ann Lee.md": "---\ntype: person\n---\n"})
    before = tree_hashes(vault)
    result = run_cli(ARGS, vault, today="2026-12-04", expect_error=True)
    assert result.exit_code == 3 and "matches 2 contacts" in result.stderr
    assert tree_hashes(vault) == before


def test_an_existing_event_note_gets_the_people_it_lacks(make_vault, monkeypatch):
    vault = make_vault(FILES)
    monkeypatch.chdir(vault)
    run_ok(ARGS[:4] + ["Ann Lee"], vault, today="2026-12-04")
    result = run_ok(ARGS[:4] + ["Ann Lee", "Bob New"], vault, today="2026-12-05")
    assert [line.split(" (")[0] for line in result.stdout.splitlines()] == [
        "updated: Events/2026-12-03 Chamber mixer.md", "Ann Lee: unchanged",
        "Bob New: new card, met 2026-12-03 at [[2026-12-03 Chamber mixer]]; next follow-up 2026-12-05"]
    event = parse((vault / "Events/2026-12-03 Chamber mixer.md").read_text(), "Events/2026-12-03 Chamber mixer.md")
    assert event.props["people"] == ["[[Ann Lee]]", "[[Bob New]]"]


@pytest.mark.parametrize("args,warning", [
    (["add", "Bo Chen", "--met-at", "Otawa Chamber of Comerce"],
     "warning: --met-at `Otawa Chamber of Comerce` names no group or event note; written as text "
     "(did you mean: Ottawa Chamber of Commerce?)"),
    (["event", "Mixer", "--group", "Otawa Chamber", "Bo Chen"],
     "warning: --group `Otawa Chamber` names no group note; written as text "
     "(did you mean: Ottawa Chamber of Commerce?)"),
])
def test_an_unknown_place_is_warned_about_with_the_closest_note(make_vault, args, warning):
    vault = make_vault(FILES)
    result = run_ok(args, vault, today="2026-12-04")
    assert warning in result.stderr.splitlines()


def test_a_known_place_gives_no_warning(make_vault):
    vault = make_vault(FILES)
    result = run_ok(["add", "Bo Chen", "--met-at", "ottawa chamber of commerce"], vault, today="2026-12-04")
    assert "warning" not in result.stderr


# ---- a card whose file name is not UTF-8 (saved by a Latin-1 system) ----------------------------
# The event note is UTF-8 YAML: it cannot hold such a name. It links the card by a `name` or an
# alias that leads back to it; a card with neither is refused, with nothing written.
def _with_latin1_names(vault: Path, cards: dict[bytes, bytes]) -> Path:
    for rel, data in cards.items():
        path = Path(os.fsdecode(os.path.join(os.fsencode(vault), rel)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        age(path)
    return vault


LATIN1 = {b"People/Caf\xe9.md": b"---\ntier: B\naliases: [Cafe Owner]\n---\n",
          b"Groups/Caf\xe9 Club.md": "---\ntype: group\nname: Café Club\n---\n".encode()}


@pytest.mark.parametrize("existing", [False, True], ids=["new event note", "existing event note"])
def test_a_card_whose_file_name_is_not_utf8_is_linked_by_a_name_that_leads_back_to_it(make_vault, existing):
    vault = _with_latin1_names(make_vault(FILES), LATIN1)
    args = ["event", "Mixer", "--date", "2026-12-03", "--group", "Café Club"]
    if existing:
        run_ok([*args, "Ann Lee"], vault, today="2026-12-04")
        age(vault / "Events/2026-12-03 Mixer.md")
    run_ok([*args, "Ann Lee", "cafe owner"], vault, today="2026-12-04")
    event = (vault / "Events/2026-12-03 Mixer.md").read_bytes()
    event.decode("utf-8")  # UTF-8 text, with no \\udcXX escape a YAML reader would refuse
    assert parse(event, "Events/2026-12-03 Mixer.md").props == {
        "type": "event", "date": dt.date(2026, 12, 3), "group": "[[Café Club]]",
        "people": ["[[Ann Lee]]", "[[Cafe Owner]]"]}
    if not existing:
        assert event == ('---\ntype: event\ndate: 2026-12-03\ngroup: "[[Café Club]]"\n'
                         'people: ["[[Ann Lee]]", "[[Cafe Owner]]"]\n---\n').encode()
    shown = run_json(["show", "Cafe Owner", "--json"], vault, today="2026-12-04")
    assert shown["events"] == ["2026-12-03 Mixer"] and shown["last_touch"] == "2026-12-03"
    assert "2026-12-03 Mixer" in {g["name"] for g in run_json(["groups", "--json"], vault, today="2026-12-04")}
    assert [d for d in run_json(["validate", "--format", "json"], vault) if d["path"].startswith("Events/")] == []


@pytest.mark.parametrize("existing", [False, True], ids=["new event note", "existing event note"])
def test_a_card_whose_file_name_is_not_utf8_and_has_no_other_name_is_refused(make_vault, existing):
    vault = _with_latin1_names(make_vault(FILES), {b"People/Caf\xe9.md": b"---\ntier: B\n---\n"})
    args = ["event", "Mixer", "--date", "2026-12-03", "Ann Lee"]
    if existing:
        run_ok(args, vault, today="2026-12-04")
        age(vault / "Events/2026-12-03 Mixer.md")
    before, undo = tree_hashes(vault), run_ok(["undo", "--list"], vault).stdout
    result = run_cli([*args, "caf"], vault, today="2026-12-04", expect_error=True)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == (
        "error: `caf` is the card People/Caf?.md, whose file name is not UTF-8, so the event note cannot link "
        "to it; nothing was written")
    assert "give the card a `name:` or an alias" in result.stderr
    assert tree_hashes(vault) == before
    assert run_ok(["undo", "--list"], vault).stdout == undo

