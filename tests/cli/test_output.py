"""One output convention on every command (netnotes.cli.formats, netnotes.cli.options;
docs/cli.md, "Output options"): --format text|json|csv with --json as its shorthand, JSON
from index and the write commands, --quiet, and the notice that some cards could not be read."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import TODAY, copy_sample, run_cli, run_ok, tree_hashes, write_vault

ANN = "---\ncompany: \"=HYPERLINK(\\\"http://x\\\")\"\ntier: A\ntags: [client, vip]\n---\n\n## Log\n- 2026-11-01 call: hi\n"
BEA = "---\noffers: ['web design']\ntier: B\nphone: \"+1 613 555 0101\"\n---\n"
BROKEN = "---\ntier: [A\n---\n"


@pytest.fixture
def vault(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN, "People/Bea Roy.md": BEA})
    monkeypatch.chdir(root)  # paths in messages are shown relative to the current folder
    return root


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_list_as_csv_is_a_table_a_spreadsheet_will_not_run(vault):
    out = run_ok(["list", "--format", "csv"], vault, today=TODAY).stdout
    table = {r["name"]: r for r in rows(out)}
    assert list(table) == ["Ann Lee", "Bea Roy"]
    assert table["Ann Lee"]["company"] == "'=HYPERLINK(\"http://x\")"  # neutralised, as export csv does
    assert table["Ann Lee"]["path"] == "People/Ann Lee.md" and table["Ann Lee"]["tier"] == "A"
    assert table["Bea Roy"]["next_followup"] and table["Bea Roy"]["company"] == ""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return copy_sample(tmp_path_factory.mktemp("sample") / "v")


@pytest.mark.parametrize("args", [["list"], ["followups"], ["introductions"], ["introductions", "--made"],
                                  ["reciprocity"], ["groups"], ["pipeline"], ["who", "bookkeeping"],
                                  ["search", "web"], ["leads"], ["asks"], ["duplicates"]])
def test_every_table_has_csv_and_json_and_the_shorthand(sample, args):
    today = None if args[0] in ("search", "duplicates") else TODAY
    long = json.loads(run_ok([*args, "--format", "json"], sample, today=today).stdout)
    assert json.loads(run_ok([*args, "--json"], sample, today=today).stdout) == long
    data = long["followups"] if args[0] == "followups" else long
    table = rows(run_ok([*args, "--format", "csv"], sample, today=today).stdout)
    assert len(table) == len(data)
    if not data:
        assert args == ["duplicates"]  # the sample vault has no duplicate cards
        return
    first = data[0]
    key = next(k for k in ("name", "need") if k in first) if isinstance(first, dict) and "a" not in first else None
    if key:
        assert table[0][key] == first[key]


def test_followups_csv_has_one_row_per_follow_up(vault):
    data = json.loads(run_ok(["followups", "--json"], vault, today=TODAY).stdout)["followups"]
    table = rows(run_ok(["followups", "--format", "csv"], vault, today=TODAY).stdout)
    assert [r["name"] for r in table] == [d["name"] for d in data]
    assert all(r["going_cold"] in ("true", "false") for r in table)


def test_show_and_validate_take_the_same_json_shorthand(vault):
    assert json.loads(run_ok(["show", "Ann Lee", "--format", "json"], vault, today=TODAY).stdout)["name"] == "Ann Lee"
    assert json.loads(run_ok(["validate", "--json"], vault).stdout) == []
    assert run_cli(["list", "--format", "xml"], vault, today=TODAY).exit_code == 2


def test_graph_and_report_keep_their_formats_and_gain_json(vault):
    assert json.loads(run_ok(["graph", "--json"], vault, today=TODAY).stdout) == \
        json.loads(run_ok(["graph", "--format", "json"], vault, today=TODAY).stdout)
    assert json.loads(run_ok(["report", "--json", "--out", "-"], vault, today=TODAY).stdout) == \
        json.loads(run_ok(["report", "--format", "json", "--out", "-"], vault, today=TODAY).stdout)
    assert run_ok(["graph", "--format", "dot"], vault, today=TODAY).stdout.startswith(("digraph", "graph", "//"))


def test_index_says_what_it_did_as_json(vault):
    first = json.loads(run_ok(["index", "--json"], vault).stdout)
    assert (first["notes"], first["added"], first["unparsed"]) == (2, 2, 0)
    assert sorted(first["changed"]) == ["People/Ann Lee.md", "People/Bea Roy.md"]
    again = json.loads(run_ok(["index", "--format", "json"], vault).stdout)
    assert (again["added"], again["unchanged"]) == (0, 2)
    assert run_ok(["index", "--quiet"], vault).stdout == ""


def test_write_commands_say_what_they_wrote_as_json(vault):
    out = json.loads(run_ok(["log", "Ann Lee", "call: about the audit", "--date", "2026-11-18", "--next", "2w",
                             "--json"], vault, today=TODAY).stdout)
    assert out == {"name": "Ann Lee", "date": "2026-11-18", "entry": "call: about the audit",
                   "next_followup": "2026-12-04", "dry_run": False,
                   "cards": [{"path": "People/Ann Lee.md", "action": "updated"}]}
    added = json.loads(run_ok(["add", "Cy Dee", "--company", "Dee Inc", "--json"], vault, today=TODAY).stdout)
    assert added["cards"] == [{"path": "People/Cy Dee.md", "action": "created"}]
    assert added["fields"]["company"] == "Dee Inc" and added["fields"]["met"] == "2026-11-20"
    intro = json.loads(run_ok(["intro", "Ann Lee", "Bea Roy", "--json"], vault, today=TODAY).stdout)
    assert [c["path"] for c in intro["cards"]] == ["People/Ann Lee.md", "People/Bea Roy.md"]
    before = tree_hashes(vault)
    dry = json.loads(run_ok(["followup", "Bea Roy", "2026-12-24", "--dry-run", "--json"], vault, today=TODAY).stdout)
    assert dry["dry_run"] and dry["cards"][0]["action"] == "would be updated"
    assert "+next_followup: 2026-12-24" in dry["cards"][0]["diff"]
    assert tree_hashes(vault) == before


@pytest.mark.parametrize("args", [
    ["followup", "Bea Roy", "2w"], ["log", "Ann Lee", "call: hi again"], ["done", "Bea Roy"],
    ["intro", "Ann Lee", "Bea Roy"], ["add", "Cy Dee"], ["event", "Mixer", "Ann Lee"],
])
def test_quiet_write_commands_print_nothing_on_success(vault, args):
    before = tree_hashes(vault)
    result = run_ok([*args, "--quiet"], vault, today=TODAY)
    assert result.stdout == "" and result.stderr == ""
    assert tree_hashes(vault) != before  # it did write


def test_validate_quiet_says_it_only_with_the_exit_status(vault):
    assert run_cli(["validate", "--quiet"], vault).stdout == ""
    (vault / "People/Broken.md").write_text(BROKEN)
    result = run_cli(["validate", "--quiet"], vault)
    assert result.exit_code == 1 and result.stdout == "" and result.stderr == ""


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["followups", "--format", "csv"], ["who", "web"],
                                  ["show", "Ann Lee"], ["index"]])
def test_read_commands_mention_cards_that_could_not_be_parsed(vault, args):
    (vault / "People/Broken.md").write_text(BROKEN)
    (vault / "People/Also broken.md").write_bytes(b"---\nname: \xff\n---\n")
    result = run_ok(args, vault, today=TODAY if args[0] != "index" else None)
    assert result.stderr.splitlines()[-1] == "notice: 2 of 4 cards could not be parsed; run netnotes validate"
    if "--json" in args:
        json.loads(result.stdout)  # stdout stays pure JSON


def test_no_notice_when_every_card_parses(vault):
    assert run_ok(["list"], vault, today=TODAY).stderr == ""


def test_undo_and_report_follow_the_convention(vault):
    run_ok(["log", "Ann Lee", "call: undo me", "--quiet"], vault, today=TODAY)
    listed = json.loads(run_ok(["undo", "--list", "--format", "json"], vault).stdout)
    assert listed[0]["files"] == ["People/Ann Lee.md"]
    undone = json.loads(run_ok(["undo", "--json"], vault).stdout)
    assert (undone["id"], undone["restored"]) == (listed[0]["id"], ["People/Ann Lee.md"])
    assert "undo me" not in (vault / "People/Ann Lee.md").read_text()
    quiet = run_ok(["report", "--quiet"], vault, today=TODAY)
    assert quiet.stdout == "" and (vault / "Reviews/2026-W47.md").is_file()
