"""The sample vault as a user runs it: validate, index, list, show, who and completion on a copy
of sample-vault (issue 3 acceptance), in-process and as the installed program.

sample-vault/ is copied to a temp folder first: nothing is ever written into the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLE, copy_sample, run_cli, run_netnotes, tree_hashes
from index.helpers import snapshot, sync, uncached
from netnotes.vault.handle import open_vault
from netnotes.index.session import load_session_uncached
from netnotes.notes.terms import Vocabulary

TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    if not (SAMPLE / "People").is_dir():
        pytest.skip("sample-vault/People/ is missing (the sample vault is not written yet)")
    return copy_sample(tmp_path_factory.mktemp("sample") / "vault")


def ok(root: Path, *args: str) -> str:
    result = run_cli([*args], root)
    assert result.exit_code == 0, result.output
    assert "notice:" not in result.stderr
    return result.stdout


def rows(root: Path) -> list[dict]:
    return json.loads(ok(root, "list", "--json", "--today", TODAY))


def test_index_of_the_sample_equals_a_direct_parse(sample: Path) -> None:
    result, notes, _, _ = sync(sample)
    assert result.total == len(notes) > 0
    assert snapshot(notes) == snapshot(uncached(sample))
    again = ok(sample, "index")
    assert again.endswith(f"{len(notes)} unchanged\n")


def test_show_gives_a_last_touch_from_a_daily_note(sample: Path) -> None:
    daily = [r for r in rows(sample) if r["last_touch_source"] == "daily note"]
    assert daily, "no contact of the sample vault has its last touch from a daily note"
    person = daily[0]
    out = ok(sample, "show", person["name"], "--today", TODAY)
    line = next(x for x in out.splitlines() if x.startswith("  last touch"))
    assert f"{person['last_touch']} from daily note (" in line
    path = line.rsplit("(", 1)[1].rstrip(")")
    assert Path(path).stem == person["last_touch"]  # the daily note's file name is the date
    assert (sample / path).is_file()


def test_show_gives_a_last_touch_from_a_meeting_notes_property(sample: Path) -> None:
    vault = open_vault(str(sample))
    session = load_session_uncached(vault)
    by_rel = {n.rel: n for n in session.notes}
    found = []
    for r in rows(sample):
        if r["last_touch_source"] != "dated note":
            continue
        data = json.loads(ok(sample, "show", r["path"][:-3], "--json", "--today", TODAY))
        note = by_rel[data["last_touch_path"]]
        targets = [session.resolver.resolve(lk.target).note for lk in note.links
                   if lk.source in vault.config.people_properties]
        if any(t is not None and t.rel == r["path"] for t in targets):
            found.append((r["name"], note))
    assert found, "no contact's last touch comes from a dated note's people property"
    name, note = found[0]
    assert note.kind not in ("contact", "review")
    out = ok(sample, "show", name, "--today", TODAY)
    assert f"from dated note ({note.rel})" in out


def test_who_bookkeeping_finds_the_bookkeepers(sample: Path) -> None:
    vault = open_vault(str(sample))
    vocab = Vocabulary(vault.config.synonyms)
    bookkeepers = {n.name for n in load_session_uncached(vault).contacts
                   for o in (n.props.get("offers") or []) if isinstance(o, str)
                   and (vocab.key(o) == vocab.key("bookkeeping") or "bookkeep" in o.lower())}
    assert bookkeepers, "the sample vault has nobody offering bookkeeping"
    found = json.loads(ok(sample, "who", "bookkeeping", "--json", "--today", TODAY))
    assert bookkeepers <= {r["name"] for r in found}
    assert all(r["matched"] for r in found)
    assert found[0]["exact"]
    text = ok(sample, "who", "bookkeeping", "--today", TODAY)
    assert sorted(bookkeepers)[0] in text


def test_sample_in_a_real_process(sample: Path) -> None:
    name = rows(sample)[0]["name"]
    proc = run_netnotes(["show", name, "--today", TODAY], cwd=sample)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(name) and "last touch" in proc.stdout
    assert proc.stderr == ""
    listed = run_netnotes(["list", "--json", "--today", TODAY], cwd=sample / "People")  # found from a subfolder
    assert listed.returncode == 0 and json.loads(listed.stdout) == rows(sample)


def test_completion_of_contact_names(sample: Path) -> None:
    first = rows(sample)[0]["name"]
    proc = run_netnotes([], cwd=sample, env={"_NETNOTES_COMPLETE": "bash_complete",
                                             "COMP_WORDS": f"netnotes show {first[:2]}", "COMP_CWORD": "2"})
    assert proc.returncode == 0, proc.stderr
    # escaped for the command line (`Ahmed\ Yusuf`, backslash doubled for bash's `read`)
    offered = [line.split(",", 1)[1].replace("\\", "") for line in proc.stdout.splitlines()
               if line.startswith("plain,")]
    assert first in offered


@pytest.mark.skipif(not (SAMPLE / "People").is_dir(), reason="sample-vault/People/ is not written yet")
def test_sample_vault_validates(tmp_path):
    vault = copy_sample(tmp_path / "sample-vault")
    before = tree_hashes(vault)
    proc = run_netnotes(["validate", "sample-vault"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "notes checked: 0 errors, 0 warnings" in proc.stdout
    strict = run_netnotes(["validate", "--strict", "sample-vault"], cwd=tmp_path)
    assert strict.returncode == 0, strict.stdout
    assert tree_hashes(vault) == before
    contacts = json.loads(run_netnotes(["--vault", "sample-vault", "list", "--json"], cwd=tmp_path).stdout)
    assert len(contacts) >= 40
