"""Whose touch it was (`[team] sign_entries`): log, done, intro, outcomes and ticks end
their entries with `[by:: NAME]`, the name from NETNOTES_USER or git's user.name; `list --by`
finds a person's contacts, and a tick is still recorded exactly once."""

from __future__ import annotations

import json

from conftest import TODAY, copy_sample, run_netnotes, tree_hashes
from .helpers import commit, git, needs_git, nn, shared_vault, sync

SIGN = "\n[team]\nsign_entries = true\n"


def _vault(tmp_path):
    vault = copy_sample(tmp_path / "v")
    config = vault / ".netnotes" / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + SIGN, encoding="utf-8")
    return vault


def _nn(vault, *args, user="Ann Lee"):
    proc = run_netnotes([*args, "--today", TODAY.isoformat()], vault=vault, env={"NETNOTES_USER": user})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, (args, proc.stdout, proc.stderr)
    return proc


def _lines(path, needle="[by::"):
    return [line for line in path.read_text(encoding="utf-8").splitlines() if needle in line]


def test_every_writer_signs_its_entries(tmp_path):
    vault = _vault(tmp_path)
    people = vault / "People"
    _nn(vault, "log", "Alain Gervais", "call: about the audit")
    _nn(vault, "done", "Mike Sullivan", "--note", "called back")
    _nn(vault, "intro", "Sam Lee", "Tom Fraser", user="Bob Roy")
    _nn(vault, "intro", "Sam Lee", "Tom Fraser", "--outcome", "met")
    assert _lines(people / "Alain Gervais.md") == ["- 2026-11-20 call: about the audit [by:: Ann Lee]"]
    assert _lines(people / "Mike Sullivan.md") == ["- 2026-11-20 note: called back [by:: Ann Lee]"]
    assert sorted(_lines(people / "Sam Lee.md")) == ["- 2026-11-20 intro [[Tom Fraser]]: [by:: Bob Roy]",
                                                     "- 2026-11-20 intro outcome [[Tom Fraser]]: met [by:: Ann Lee]"]
    checked = run_netnotes(["validate"], vault=vault)
    assert checked.returncode == 0, checked.stdout
    shown = json.loads(_nn(vault, "show", "Alain Gervais", "--json").stdout)
    assert any(e["by"] == "Ann Lee" and e["text"].startswith("about the audit") for e in shown["log"])


def test_list_by_finds_a_persons_contacts(tmp_path):
    vault = _vault(tmp_path)
    _nn(vault, "log", "Alain Gervais", "call: a")
    _nn(vault, "log", "Farah Haddad", "call: b", user="Bob Roy")
    rows = json.loads(_nn(vault, "list", "--by", "ann  LEE", "--json").stdout)
    assert [r["name"] for r in rows] == ["Alain Gervais"]
    rows = json.loads(_nn(vault, "list", "--by", "Bob Roy", "--json").stdout)
    assert [r["name"] for r in rows] == ["Farah Haddad"]


def test_a_signed_tick_is_recorded_once(tmp_path):
    vault = _vault(tmp_path)
    _nn(vault, "report")
    page = vault / "Reviews" / "2026-W47.md"
    page.write_text(page.read_text(encoding="utf-8").replace("- [ ] [[Mike Sullivan]]", "- [x] [[Mike Sullivan]]"),
                    encoding="utf-8")
    assert "recorded:" in _nn(vault, "report").stdout
    assert "recorded:" not in _nn(vault, "report", user="Bob Roy").stdout  # someone else's run: not again
    assert _lines(vault / "People" / "Mike Sullivan.md") == [
        "- 2026-11-20 note: followed up (ticked in [[2026-W47]]) [by:: Ann Lee]"]


def test_without_a_name_nothing_is_written_and_it_says_how(tmp_path):
    vault = _vault(tmp_path)
    before = tree_hashes(vault)
    proc = run_netnotes(["log", "Alain Gervais", "call: a", "--today", TODAY.isoformat()], vault=vault,
                        env={"NETNOTES_USER": None, "GIT_DIR": str(tmp_path / "no-repo"),
                             "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "NETNOTES_USER" in proc.stderr
    assert tree_hashes(vault) == before


@needs_git
def test_two_people_log_on_one_card_and_both_signatures_arrive(tmp_path):
    from conftest import card

    files = {".netnotes/config.toml": SIGN, "People/Alain Gervais.md": card("2026-10-01 coffee: met", tier="B")}
    a, b = shared_vault(tmp_path, files)
    git(a, "config", "user.name", "Ann Lee")  # instead of the helper's Ann and Bob
    git(b, "config", "user.name", "Bob Roy")
    nn(a, "log", "Alain Gervais", "call: from Ann", "--date", "2026-11-20")
    commit(a, "a")
    assert sync(a)
    nn(b, "log", "Alain Gervais", "call: from Bob", "--date", "2026-11-20")
    commit(b, "b")
    assert sync(b)
    assert sorted(_lines(b / "People" / "Alain Gervais.md")) == ["- 2026-11-20 call: from Ann [by:: Ann Lee]",
                                                                 "- 2026-11-20 call: from Bob [by:: Bob Roy]"]


def test_show_by_lists_what_one_person_did(tmp_path):
    vault = _vault(tmp_path)
    _nn(vault, "log", "Alain Gervais", "call: from Ann")
    _nn(vault, "log", "Alain Gervais", "email: from Bob", user="Bob Roy")
    shown = json.loads(_nn(vault, "show", "Alain Gervais", "--by", "Bob Roy", "--json").stdout)
    assert [(e["text"], e["by"]) for e in shown["log"]] == [("from Bob [by:: Bob Roy]", "Bob Roy")]
    text = _nn(vault, "show", "Alain Gervais", "--by", "ann lee").stdout
    assert "from Ann" in text and "from Bob" not in text and "referral given" not in text


def test_a_half_merged_card_is_not_written_into(tmp_path):
    vault = _vault(tmp_path)
    card = vault / "People" / "Alain Gervais.md"
    card.write_text(card.read_text(encoding="utf-8").replace("tier: A\n", "<<<<<<< ours\ntier: A\n=======\ntier: B\n"
                                                             ">>>>>>> theirs\n"), encoding="utf-8")
    before = card.read_bytes()
    proc = run_netnotes(["log", "Alain Gervais", "call: a", "--today", TODAY.isoformat()], vault=vault,
                        env={"NETNOTES_USER": "Ann"})
    assert proc.returncode == 4 and "conflict marker" in proc.stderr and "Traceback" not in proc.stderr
    assert card.read_bytes() == before


def test_odd_names_sign_and_name_folders_safely(tmp_path):
    from netnotes.vault.person import folder_name, signed

    assert folder_name("../../etc") == "etc"  # never a path out of Reviews/
    assert "/" not in folder_name("Ann/Lee") and folder_name("CON") == "CON (person)"
    import os

    os.environ["NETNOTES_USER"] = "Ann]] [[x\n"
    try:
        assert signed("call: a", tmp_path, True) == "call: a [by:: Ann x]"
    finally:
        del os.environ["NETNOTES_USER"]
