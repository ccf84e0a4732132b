"""The dashboard's actions (``netnotes/serve/actions.py``): each writes what its CLI command
writes, byte for byte, through the same conflict-checked, undoable edit; bad input is an
``ok=False`` outcome with nothing written, never an exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import run_cli, run_ok, tree_hashes
from netnotes.serve.actions import ACTIONS, CHOICES, REQUIRED, Outcome, perform

TODAY = dt.date(2026, 11, 20)
ANN, BO, GROUP = "People/Ann Lee.md", "People/Bo Chen.md", "Groups/BNI Downtown.md"
CARDS = {
    ANN: "---\ntier: A\ncompany: Acme\nnext_followup: 2026-11-18\n---\nMet at [[BNI Downtown]].\n\n"
         "## Log\n- 2026-11-12 call: asked how I can help\n",
    BO: "---\ntier: B\n---\n## Log\n- 2026-10-01 coffee: first meeting\n",
    GROUP: "---\ntype: group\n---\nBreakfast on Tuesdays.\n",
    "Daily/2026-11-19.md": "Lunch with [[Ann Lee]].\n",
}
CONFIG = "[tiers]\nA = \"3w\"\nB = \"60d\"\n"


def twins(make_vault) -> tuple[Path, Path]:
    """Two identical vaults: one for the page's action, one for the CLI's command."""
    return make_vault(CARDS, config=CONFIG, name="page"), make_vault(CARDS, config=CONFIG, name="shell")


def cards(vault: Path) -> dict[str, bytes]:
    return {rel: (vault / rel).read_bytes() for rel in CARDS}


# ---- each action writes what its command writes ---------------------------------------------
SAME_AS_CLI = [
    ("done", {"contact": ANN, "kind": "call", "note": "talked  about\nthe audit"},
     ["done", "Ann Lee", "--kind", "call", "--note", "talked  about\nthe audit"],
     "Follow-up done: logged a call with Ann Lee", (ANN,)),
    ("done", {"contact": ANN}, ["done", "Ann Lee"], "Follow-up done: logged a note with Ann Lee", (ANN,)),
    ("touch", {"contact": BO, "kind": "coffee", "note": "ideas for the website", "date": "2026-11-18"},
     ["log", "Bo Chen", "coffee: ideas for the website", "--date", "2026-11-18"],
     "Logged a coffee with Bo Chen on 2026-11-18", (BO,)),
    ("touch", {"contact": BO, "kind": "email", "note": "", "date": "yesterday"},
     ["log", "Bo Chen", "email", "--date", "yesterday"], "Logged an email with Bo Chen on 2026-11-19", (BO,)),
    ("touch", {"contact": BO, "kind": "call", "note": "quick check-in"}, ["log", "Bo Chen", "call: quick check-in"],
     "Logged a call with Bo Chen on 2026-11-20", (BO,)),
    ("snooze", {"contact": ANN, "until": "1w"}, ["followup", "Ann Lee", "1w"],
     "Next follow-up with Ann Lee: 2026-11-27", (ANN,)),
    ("snooze", {"contact": BO, "until": "2026-12-01"}, ["followup", "Bo Chen", "2026-12-01"],
     "Next follow-up with Bo Chen: 2026-12-01", (BO,)),
    ("snooze", {"contact": BO, "until": "next friday"}, ["followup", "Bo Chen", "next friday"],
     "Next follow-up with Bo Chen: 2026-11-27", (BO,)),
    ("intro", {"a": ANN, "b": BO, "note": "she needs a web designer"},
     ["intro", "Ann Lee", "Bo Chen", "--note", "she needs a web designer"],
     "Recorded the introduction of Ann Lee and Bo Chen", (ANN, BO)),
]


@pytest.mark.parametrize("action, form, argv, message, changed", SAME_AS_CLI,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(SAME_AS_CLI)])
def test_each_action_writes_the_bytes_its_command_writes(make_vault, action, form, argv, message, changed):
    page, shell = twins(make_vault)
    done = perform(page, action, form, today=TODAY)
    run_ok(argv, shell, today=TODAY)
    assert done == Outcome(True, message, changed)
    assert cards(page) == cards(shell)
    assert cards(page) != {rel: text.encode() for rel, text in CARDS.items()}


def test_an_outcome_is_written_as_intro_outcome_writes_it(make_vault):
    page, shell = twins(make_vault)
    for vault in (page, shell):
        run_ok(["intro", "Ann Lee", "Bo Chen"], vault, today="2026-11-10")
    done = perform(page, "outcome", {"a": BO, "b": ANN, "outcome": "business", "note": "a first project"},
                   today=TODAY)
    run_ok(["intro", "Bo Chen", "Ann Lee", "--outcome", "business", "--note", "a first project"], shell, today=TODAY)
    assert done == Outcome(True, "Recorded what came of introducing Bo Chen and Ann Lee: business", (BO, ANN))
    assert cards(page) == cards(shell)
    assert "- 2026-11-20 intro outcome [[Ann Lee]]: business, a first project\n" in (page / BO).read_text()


def test_done_removes_the_follow_up_it_satisfies_as_the_command_does(make_vault):
    page, _ = twins(make_vault)
    perform(page, "done", {"contact": ANN, "kind": "call", "note": "caught up"}, today=TODAY)
    text = (page / ANN).read_text()
    assert "next_followup" not in text and "- 2026-11-20 call: caught up\n- 2026-11-12 call" in text
    shown = run_ok(["show", "Ann Lee", "--json"], page, today=TODAY).stdout
    assert '"last_touch": "2026-11-20"' in shown


def test_two_calls_write_two_entries_as_two_commands_would(make_vault):
    page, shell = twins(make_vault)
    for _ in range(2):
        assert perform(page, "done", {"contact": BO, "kind": "call"}, today=TODAY).ok
        run_ok(["done", "Bo Chen", "--kind", "call"], shell, today=TODAY)
    assert (page / BO).read_text().count("- 2026-11-20 call: followed up\n") == 2
    assert cards(page) == cards(shell)


def test_a_contact_named_by_its_path_is_that_card_even_when_the_name_is_shared(make_vault):
    other = "People/Ann Lee (Other Co).md"
    vault = make_vault({**CARDS, other: "---\nname: Ann Lee\ncompany: Other Co\n---\n"}, config=CONFIG)
    assert run_cli(["done", "Ann Lee"], vault, today=TODAY, expect_error=True).exit_code != 0  # ambiguous
    done = perform(vault, "done", {"contact": other, "kind": "email"}, today=TODAY)
    assert done.ok and done.changed == (other,)
    assert (vault / other).read_text().endswith("## Log\n- 2026-11-20 email: followed up\n")
    assert (vault / ANN).read_text() == CARDS[ANN]


# ---- undo ------------------------------------------------------------------------------------
@pytest.mark.parametrize("action, form", [
    ("done", {"contact": ANN, "kind": "call", "note": "hi"}),
    ("touch", {"contact": BO, "kind": "lunch", "note": "talked shop", "date": "2026-11-17"}),
    ("snooze", {"contact": ANN, "until": "in 2 weeks"}),
    ("intro", {"a": ANN, "b": BO, "note": "web"}),
])
def test_netnotes_undo_puts_the_cards_back(make_vault, action, form):
    vault = make_vault(CARDS, config=CONFIG)
    before = tree_hashes(vault)
    assert perform(vault, action, form, today=TODAY).ok
    assert tree_hashes(vault) != before
    run_ok(["undo"], vault)
    assert tree_hashes(vault) == before


def test_undo_takes_back_an_outcome_on_both_cards_and_leaves_the_introduction(make_vault):
    vault = make_vault(CARDS, config=CONFIG)
    assert perform(vault, "intro", {"a": ANN, "b": BO}, today=dt.date(2026, 11, 10)).ok
    introduced = tree_hashes(vault)
    assert perform(vault, "outcome", {"a": ANN, "b": BO, "outcome": "met"}, today=TODAY).ok
    run_ok(["undo"], vault)
    assert tree_hashes(vault) == introduced


# ---- another program saving the card meanwhile ------------------------------------------------
def test_a_card_saved_between_read_and_write_keeps_that_change_and_gets_the_entry(make_vault, monkeypatch):
    from netnotes.edit import capture

    vault = make_vault(CARDS, config=CONFIG)
    card = vault / ANN
    real, raced = capture.append_log, []

    def racing_append_log(text, *args, **kwargs):  # another program saves the card while netnotes edits it
        if not raced:
            raced.append(1)
            card.write_text(text.replace("company: Acme", "company: Acme Ltd"))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(capture, "append_log", racing_append_log)
    done = perform(vault, "touch", {"contact": ANN, "kind": "call", "note": "the audit"}, today=TODAY)
    assert done.ok and raced
    text = card.read_text()
    assert "company: Acme Ltd\n" in text  # their change
    assert "- 2026-11-20 call: the audit\n- 2026-11-12 call" in text  # ours, once
    assert text.count("the audit") == 1


def test_a_card_that_keeps_changing_is_left_as_the_other_program_saved_it(make_vault, monkeypatch):
    from netnotes.edit import capture

    vault = make_vault(CARDS, config=CONFIG)
    card = vault / ANN
    real, saves = capture.append_log, []

    def rewriting_append_log(text, *args, **kwargs):  # a program rewriting the card all the time
        saves.append(1)
        card.write_text(CARDS[ANN] + f"saved {len(saves)}\n")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(capture, "append_log", rewriting_append_log)
    done = perform(vault, "done", {"contact": ANN, "kind": "call"}, today=TODAY)
    assert not done.ok and done.changed == ()
    assert "keeps changing" in done.message and "nothing was written" in done.message
    assert done.message.startswith(ANN)  # named from the vault, not from the server's folder
    assert card.read_text() == CARDS[ANN] + f"saved {len(saves)}\n"


# ---- bad input: refused, nothing written ------------------------------------------------------
BAD = [
    ("erase", {"contact": ANN}, "Unknown action `erase`"),
    ("", {}, "Unknown action"),
    ("done", {}, "The field `contact` is missing"),
    ("done", {"contact": "  "}, "The field `contact` is missing"),
    ("touch", {"contact": ANN, "note": "hi"}, "The field `kind` is missing"),
    ("snooze", {"contact": ANN}, "The field `until` is missing"),
    ("intro", {"a": ANN}, "The field `b` is missing"),
    ("outcome", {"a": ANN, "b": BO}, "The field `outcome` is missing"),
    ("done", {"contact": "People/Nobody.md"}, "No contact card at People/Nobody.md"),
    ("done", {"contact": "Ann Lee"}, "No contact card at Ann Lee"),  # a name is not a path
    ("done", {"contact": "People/Ann Le.md"}, "No contact card at People/Ann Le.md"),  # never looked up loosely
    ("done", {"contact": "people/ann lee.md"}, "No contact card at people/ann lee.md"),
    ("done", {"contact": "../page/People/Ann Lee.md"}, "No contact card at ../page/People/Ann Lee.md"),
    ("done", {"contact": "People/../People/Ann Lee.md"}, "No contact card at People/../People/Ann Lee.md"),
    ("done", {"contact": "./People/Ann Lee.md"}, "No contact card at ./People/Ann Lee.md"),
    ("done", {"contact": "People\\Ann Lee.md"}, "No contact card at People\\Ann Lee.md"),
    ("done", {"contact": GROUP}, f"No contact card at {GROUP}"),  # a group note is no contact
    ("done", {"contact": "Daily/2026-11-19.md"}, "No contact card at Daily/2026-11-19.md"),
    ("done", {"contact": ".netnotes/config.toml"}, "No contact card at .netnotes/config.toml"),
    ("done", {"contact": "People/Ann Lee.md\x00"}, "No contact card at"),
    ("done", {"contact": "People/\ud800.md"}, "The field `contact` holds characters that are not text"),
    ("done", {"contact": ANN, "note": "caf\udce9"}, "The field `note` holds characters that are not text"),
    ("\ud800", {"contact": ANN}, "Unknown action `?`"),
    ("done", {"contact": "People/Ann\nLee.md"}, "No contact card at People/Ann Lee.md"),
    ("done", {"contact": " People/Ann Lee.md"}, "No contact card at People/Ann Lee.md"),
    ("done", {"contact": ANN, "kind": "sale"}, "`sale` is not a kind `done` logs"),
    ("done", {"contact": ANN, "kind": 3}, "The field `kind` must be text"),
    ("touch", {"contact": ANN, "kind": "referral", "note": "x"}, "`referral` is not a kind of touch"),
    ("touch", {"contact": ANN, "kind": "call", "date": "the day after never"}, "date: `the day after never` is not a"),
    ("touch", {"contact": ANN, "kind": "call", "date": "2026-02-30"}, "date: "),
    ("snooze", {"contact": ANN, "until": "someday"}, "until: `someday` is not a date"),
    ("snooze", {"contact": ANN, "until": "2026-13-01"}, "until: "),
    ("intro", {"a": ANN, "b": ANN}, "Ann Lee cannot be introduced to themselves"),
    ("intro", {"a": ANN, "b": "/etc/passwd"}, "No contact card at /etc/passwd"),
    ("outcome", {"a": ANN, "b": BO, "outcome": "married"}, "`married` is not an outcome"),
    ("outcome", {"a": ANN, "b": BO, "outcome": "met"}, "no introduction of Ann Lee and Bo Chen is recorded"),
]


@pytest.mark.parametrize("action, form, message", BAD, ids=[f"{b[0] or 'empty'}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(make_vault, action, form, message):
    vault = make_vault(CARDS, config=CONFIG)
    before = tree_hashes(vault)
    done = perform(vault, action, form, today=TODAY)
    assert (done.ok, done.changed) == (False, ())
    assert message in done.message and "\n" not in done.message and done.message.encode("utf-8")
    assert tree_hashes(vault) == before


def test_an_absolute_path_to_a_card_of_the_vault_is_refused(make_vault):
    vault = make_vault(CARDS, config=CONFIG)
    before = tree_hashes(vault)
    done = perform(vault, "done", {"contact": str(vault / ANN)}, today=TODAY)
    assert not done.ok and done.message == f"No contact card at {vault / ANN}"
    assert tree_hashes(vault) == before


def test_a_card_whose_file_name_is_not_utf8_is_acted_on_and_undone(make_vault):
    import os

    rel = os.fsdecode(b"People/Ren\xe9.md")  # as the index names it
    vault = make_vault({**CARDS, rel: "---\ntier: B\n---\n"}, config=CONFIG)
    before = (vault / rel).read_bytes()
    done = perform(vault, "done", {"contact": rel, "kind": "call"}, today=TODAY)
    assert done.ok and done.changed == (rel,), done
    assert b"- 2026-11-20 call" in (vault / rel).read_bytes()
    run_cli(["undo"], vault)
    assert (vault / rel).read_bytes() == before


def test_a_folder_that_is_no_vault_is_refused(tmp_path):
    done = perform(tmp_path / "missing", "done", {"contact": ANN}, today=TODAY)
    assert not done.ok and "vault folder not found" in done.message


def test_an_outcome_recorded_already_is_refused_as_the_command_refuses_it(make_vault):
    vault = make_vault(CARDS, config=CONFIG)
    assert perform(vault, "intro", {"a": ANN, "b": BO}, today=TODAY).ok
    before = tree_hashes(vault)
    again = perform(vault, "intro", {"a": BO, "b": ANN}, today=TODAY)
    assert not again.ok and "is on both cards already; nothing was written" in again.message
    assert tree_hashes(vault) == before


def test_the_fields_and_choices_the_page_builds_its_forms_from():
    assert ACTIONS == {"done": ("contact", "note", "kind"), "touch": ("contact", "kind", "note", "date"),
                       "snooze": ("contact", "until"), "intro": ("a", "b", "note"),
                       "outcome": ("a", "b", "outcome", "note")}
    assert all(set(REQUIRED[a]) <= set(fields) for a, fields in ACTIONS.items())
    assert CHOICES == {"kind": ("call", "email", "message", "coffee", "lunch", "meeting", "event", "note"),
                       "outcome": ("met", "business", "declined", "no-reply")}


# ---- any form at all: never an exception, never a write outside the vault ------------------------
PATHS = st.sampled_from([ANN, BO, GROUP, "../outside/People/Ann Lee.md", "/etc/hostname", "People", "",
                         "People/Ann Lee.md/..", "Daily/2026-11-19.md", "\ud800", "People/Ann Lee.md\x00",
                         "People/Ann\nLee.md", " People/Bo Chen.md"])
CARD_PATHS = st.one_of(st.sampled_from([ANN, BO]), PATHS)
DAYS = st.sampled_from(["1w", "yesterday", "2026-11-01", "31.12.2026", "tomorrow", "2026-02-30", "in 2 weeks"])
VALUES = st.one_of(PATHS, st.text(max_size=30), st.sampled_from(list(CHOICES["kind"]) + list(CHOICES["outcome"])),
                   DAYS, st.none(), st.integers())
LIKELY = {"contact": CARD_PATHS, "a": CARD_PATHS, "b": CARD_PATHS, "kind": st.sampled_from(CHOICES["kind"]),
          "outcome": st.sampled_from(CHOICES["outcome"]), "date": DAYS, "until": DAYS, "note": st.text(max_size=30)}
FIELDS = st.sampled_from(["contact", "a", "b", "kind", "note", "date", "until", "outcome", "token"])


@st.composite
def forms(draw) -> tuple[str, dict]:
    """An action (mostly a real one) and a form that mostly holds its fields, with any values."""
    action = draw(st.sampled_from(list(ACTIONS) * 4 + ["", "erase", "Done", "\udcff", "done\n"]))
    one_in_ten = st.sampled_from([False] * 9 + [True])
    form = {f: draw(VALUES if draw(one_in_ten) else LIKELY[f])  # mostly a value the field takes
            for f in ACTIONS.get(action, ()) if not draw(one_in_ten)}  # one field in ten left out
    extra = draw(st.dictionaries(FIELDS, VALUES, max_size=2))  # fields of other actions, the server's token
    return action, {**extra, **form}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=forms())
def test_any_form_gives_an_outcome_and_writes_only_cards_of_the_vault(tmp_path_factory, case):
    action, form = case
    base = tmp_path_factory.mktemp("any")
    from conftest import write_vault

    vault = write_vault(base / "vault", CARDS, CONFIG)
    write_vault(base / "outside", CARDS, marker=False)
    outside = tree_hashes(base / "outside", skip_cache=False)
    before = tree_hashes(vault)
    done = perform(vault, action, form, today=TODAY)
    assert isinstance(done, Outcome) and isinstance(done.message, str) and done.message
    event(f"{action if action in ACTIONS else 'unknown action'}: {'written' if done.ok else 'refused'}")
    assert "\n" not in done.message and done.message.encode("utf-8")
    assert tree_hashes(base / "outside", skip_cache=False) == outside
    assert sorted(p.name for p in base.iterdir()) == ["outside", "vault"]
    after = tree_hashes(vault)
    written = {rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}
    assert written == set(done.changed)
    assert not done.ok or written or "already" in done.message
    assert written <= {ANN, BO}
