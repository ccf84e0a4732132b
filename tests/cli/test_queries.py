"""The query commands on a small vault (netnotes.cli.queries): show, name resolution, who,
search, list filters (issue 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import NETNOTES, run_cli, run_netnotes, user_env, write_vault

TODAY = "2026-11-23"
CONFIG = """
[synonyms]
bookkeeping = ["bookkeeper", "accountant"]
"""
VAULT = {
    "People/Alain Gervais.md": """---
aliases: [Al]
company: Gervais Consulting
met: 2025-09-17
met_at: "[[BNI Visitor Day]]"
introduced_by: "[[Marie Tremblay]]"
groups: ["[[Chamber]]"]
tier: A
stage: trust
pipeline: partner
offers: [business plans]
tags: [referral-partner]
next_followup: 2026-12-01
---
Strategy consultant. Needs a web designer for the new site.

## Log
- 2026-10-21 coffee: his expansion; wants 400 sq ft near Elgin St.
- 2026-08-20 intro [[Sam Lee]]: introduced him to Sam for his website.
- 2026-03-01 intro received from [[Gus]]: he sent me Gus.
""",
    "People/Marie Tremblay.md": """---
company: Tremblay Assurances
met: 2024-05-01
tier: A
stage: like
pipeline: customer
offers: [insurance]
---
## Log
- 2026-08-12 lunch: renewals.
""",
    "People/Sam Lee.md": """---
company: Pixel North
introduced_by: "[[Alain Gervais]]"
met: 2026-08-20
tier: B
stage: know
offers: [Web-Designers]
tags: [resource/web-design]
---
""",
    "People/Gus.md": "---\ncompany: Gus Co\ntier: C\nmet: 2026-03-01\n---\n",
    "People/Natalie Simard.md": """---
company: Simard CPA
tier: A
stage: trust
offers: [Bookkeeping]
---
## Log
- 2026-11-12 call: year-end.
""",
    "People/Dana Okafor.md": "---\ncompany: Okafor Books\ntier: A\nstage: like\noffers: [bookkeeper]\n---\n",
    "People/Raj Patel.md": "---\ncompany: Patel & Co\ntier: B\nstage: like\noffers: [Accountants]\n---\n",
    "People/Lucy Moss.md": "---\ncompany: Moss\ntier: A\nstage: like\noffers: [bookkeepings]\n---\n"
                           "## Log\n- 2026-11-20 call: recent.\n",
    "People/Tom Tax.md": "---\ncompany: Tax Inc\ntier: A\nstage: trust\noffers: [small-business bookkeeping]\n---\n",
    "People/Bea Hart.md": "---\ncompany: Hart\ntier: C\nstage: know\noffers: [Book-Keeping]\n---\n",
    "People/Jean Dupont.md": "---\naliases: [JD]\ncompany: Dupont\n---\n",
    "People/Jean Martin.md": "---\naliases: [JD]\ncompany: Martin\n---\n",
    "Groups/Chamber.md": "---\ntype: group\n---\n",
    "Events/BNI Visitor Day.md": '---\ntype: event\ndate: 2025-09-17\ngroup: "[[BNI]]"\n---\n',
    "Groups/BNI.md": "---\ntype: group\n---\n",
    "Daily/2026-11-20.md": "Breakfast: [[Al]] brought (quotes) \"and\" a * star; AND more.\n",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory) -> Path:
    return write_vault(tmp_path_factory.mktemp("queries") / "vault", VAULT, CONFIG)


def ok(root: Path, *args: str) -> str:
    result = run_cli([*args], root)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def js(root: Path, *args: str):
    return json.loads(ok(root, *args, "--json"))


# ---- show ----------------------------------------------------------------------------------
def test_show_has_every_computed_fact(vault: Path) -> None:
    out = ok(vault, "show", "Alain Gervais", "--today", TODAY)
    assert out.splitlines()[0] == "Alain Gervais  (Al)"
    for line in [
        "  file          People/Alain Gervais.md",
        "  company       Gervais Consulting",
        "  tier          A",
        "  stage         trust",
        "  met           2025-09-17",
        "  met_at        BNI Visitor Day",
        "  last touch    2026-11-20 from daily note (Daily/2026-11-20.md)",
        "  follow up     2026-12-01 (next_followup)",
        "  groups        Chamber, BNI",
        "  events        BNI Visitor Day",
        "  introduced by Marie Tremblay",
        "  introduced    Sam Lee, Gus",
        "  log",
        "    2026-10-21  coffee: his expansion; wants 400 sq ft near Elgin St.",
    ]:
        assert line in out.splitlines(), f"missing {line!r} in\n{out}"
    log = out.split("  log\n")[1].splitlines()
    assert [line.split()[0] for line in log] == ["2026-10-21", "2026-08-20", "2026-03-01"]  # newest first


def test_show_json_keys(vault: Path) -> None:
    data = js(vault, "show", "al", "--today", TODAY)
    assert list(data) == [
        "name", "path", "kind", "aliases", "company", "role", "tier", "stage", "pipeline", "email", "phone",
        "offers", "needs", "tags", "last_touch", "last_touch_source", "last_touch_path", "next_followup",
        "next_followup_source", "overdue_days", "groups", "events", "introduced_by", "introduced",
        "properties", "notes", "log", "planned"]
    assert (data["name"], data["last_touch"], data["last_touch_source"]) == \
        ("Alain Gervais", "2026-11-20", "daily note")
    assert data["introduced_by"] == ["Marie Tremblay"] and data["introduced"] == ["Sam Lee", "Gus"]
    assert data["groups"] == ["Chamber", "BNI"] and data["next_followup"] == "2026-12-01"
    assert data["properties"]["met"] == "2025-09-17"
    assert set(data["log"][0]) >= {"line", "date", "kind", "direction", "head", "text", "links", "amount", "currency"}


def test_show_of_someone_never_touched(vault: Path) -> None:
    out = ok(vault, "show", "Dana Okafor", "--today", TODAY)
    assert "  last touch    never" in out
    assert "  follow up     2026-11-23 (never contacted)" in out


# ---- name resolution -----------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["Alain Gervais", "People/Alain Gervais.md", "Al", "al", "alain gervais",
                                   "ALAIN GERVAIS"])
def test_name_resolution_finds_the_card(vault: Path, typed: str) -> None:
    assert js(vault, "show", typed, "--today", TODAY)["path"] == "People/Alain Gervais.md"


def test_unknown_name_suggests_and_exits_3(vault: Path) -> None:
    result = run_cli(["show", "Alan Gervias"], vault)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == "error: no contact named `Alan Gervias`"
    assert "did you mean: Alain Gervais" in result.stderr


def test_hopeless_name_points_to_list(vault: Path) -> None:
    result = run_cli(["show", "zzqx"], vault)
    assert result.exit_code == 3 and result.stdout == ""
    assert "netnotes list" in result.stderr


def test_ambiguous_name_lists_candidates_and_exits_3(vault: Path) -> None:
    result = run_cli(["show", "JD"], vault)
    assert result.exit_code == 3 and result.stdout == ""
    assert "`JD` matches 2 contacts" in result.stderr
    assert "Jean Dupont, Dupont  (People/Jean Dupont.md)" in result.stderr  # name, company, path
    assert "Jean Martin, Martin  (People/Jean Martin.md)" in result.stderr
    by_path = run_cli(["show", "People/Jean Martin", "--json"], vault)
    assert json.loads(by_path.stdout)["company"] == "Martin"


def test_name_errors_in_a_real_process(vault: Path) -> None:
    proc = run_netnotes(["show", "Alan Gervias"], cwd=vault)
    assert proc.returncode == 3 and proc.stdout == ""
    assert "did you mean: Alain Gervais" in proc.stderr and "Traceback" not in proc.stderr


# ---- who -----------------------------------------------------------------------------------
def test_who_bookkeeping_through_synonyms_and_forms(vault: Path) -> None:
    rows = js(vault, "who", "bookkeeping", "--today", TODAY)
    names = [r["name"] for r in rows]
    # exact matches (synonyms, case, plurals) first, by stage, then tier, then most recent touch
    assert names == ["Natalie Simard", "Lucy Moss", "Dana Okafor", "Raj Patel", "Bea Hart", "Tom Tax"]
    assert [r["exact"] for r in rows] == [True, True, True, True, True, False]
    assert rows[0]["matched"] == ["Bookkeeping"] and rows[3]["matched"] == ["Accountants"]
    assert set(rows[0]) == {"name", "path", "company", "matched", "exact", "tier", "stage", "last_touch",
                            "email", "phone"}


@pytest.mark.parametrize("term", ["bookkeeper", "Bookkeepers", "BOOKKEEPING", "accountant"])
def test_who_any_spelling_of_the_term(vault: Path, term: str) -> None:
    names = {r["name"] for r in js(vault, "who", term, "--today", TODAY)}
    assert {"Natalie Simard", "Dana Okafor", "Raj Patel", "Lucy Moss", "Bea Hart"} <= names


@pytest.mark.parametrize("term", ["web designer", "Web-Designer", "web designers", "webdesigner", "web_designer"])
def test_who_hyphens_and_plurals(vault: Path, term: str) -> None:
    assert [r["name"] for r in js(vault, "who", term, "--today", TODAY)] == ["Sam Lee"]


def test_who_partial_matches_need_every_word(vault: Path) -> None:
    rows = js(vault, "who", "small business", "--today", TODAY)
    assert [(r["name"], r["exact"]) for r in rows] == [("Tom Tax", False)]
    # a word of the offer, not a substring of one: "book" is in "Book-Keeping", not in "Bookkeeping"
    assert [(r["name"], r["exact"]) for r in js(vault, "who", "book", "--today", TODAY)] == [("Bea Hart", False)]


def test_who_text_and_nobody(vault: Path) -> None:
    out = ok(vault, "who", "bookkeeping", "--today", TODAY)
    assert out.splitlines()[0].split() == ["name", "company", "offers", "stage", "tier", "last", "touch"]
    assert out.splitlines()[2].startswith("Natalie Simard")
    assert ok(vault, "who", "plumbing") == "nobody offers `plumbing` yet\n"


# ---- search --------------------------------------------------------------------------------
def test_search_snippets(vault: Path) -> None:
    hits = js(vault, "search", "web", "designer")
    assert [h["path"] for h in hits] == ["People/Sam Lee.md", "People/Alain Gervais.md"]  # an offer, then a body
    assert set(hits[1]) == {"path", "kind", "name", "field", "snippet", "highlights"}
    assert hits[1]["field"] == "body" and "a web designer for" in hits[1]["snippet"]
    assert [hits[1]["snippet"][a:b] for a, b in hits[1]["highlights"]] == ["web", "designer"]
    text = ok(vault, "search", "elgin")
    assert text.startswith("People/Alain Gervais.md  (contact)\n    body: ")
    assert "«Elgin»" in text and "[" not in text


def test_search_prefix_and_name(vault: Path) -> None:
    assert [h["name"] for h in js(vault, "search", "Gerv")] == ["Alain Gervais"]


@pytest.mark.parametrize("query", ['"', '""', '*', 'AND', 'OR', 'NOT', '(', ')', 'a"b', 'star*', '"and"',
                                   'NEAR(a b)', 'name:x', '^start', '-', '+', 'AND (', "l'été", "\\", "{x}"])
def test_search_special_characters_never_break(vault: Path, query: str) -> None:
    result = run_cli(["search", query, "--json"], vault)
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    assert result.stderr == ""


def test_search_operators_are_literal(vault: Path) -> None:
    assert [h["path"] for h in js(vault, "search", "AND", "more")] == ["Daily/2026-11-20.md"]
    assert [h["path"] for h in js(vault, "search", "(quotes)")] == ["Daily/2026-11-20.md"]
    assert ok(vault, "search", "nothing-matches-this") == "no matches\n"


# ---- list ----------------------------------------------------------------------------------
def test_list_shows_name_company_tier_and_last_touch(make_vault):
    vault = make_vault({
        "People/Ann Lee.md": "---\nname: Ann Lee\ncompany: Lee Design\ntier: A\n---\n## Log\n- 2026-11-02 call: hi\n",
        "People/Bob.md": "---\nname: Bob Smith\ntier: C\n---\n",
        "Daily/2026-11-18.md": "Lunch with [[Bob]].\n",
        "Groups/BNI.md": "---\ntype: group\n---\n",
    })
    lines = run_cli(["list", "--today", "2026-11-20"], vault).stdout.splitlines()
    assert lines[0].split() == ["name", "company", "tier", "last", "touch", "follow", "up"]
    assert lines[2].split()[:6] == ["Ann", "Lee", "Lee", "Design", "A", "2026-11-02"]
    assert lines[3].split()[:4] == ["Bob", "Smith", "C", "2026-11-18"]
    assert lines[-1] == "2 contacts"


def names(vault: Path, *args: str) -> list[str]:
    return [r["name"] for r in js(vault, "list", "--today", TODAY, *args)]


@pytest.mark.parametrize("args,expected", [
    (["--tag", "referral-partner"], ["Alain Gervais"]),
    (["--tag", "#Resource/Web-Design"], ["Sam Lee"]),
    (["--tier", "B"], ["Raj Patel", "Sam Lee"]),
    (["--tier", "C", "--tier", "B"], ["Bea Hart", "Gus", "Raj Patel", "Sam Lee"]),
    (["--group", "chamber"], ["Alain Gervais"]),
    (["--group", "BNI"], ["Alain Gervais"]),  # through the event they met at
    (["--stage", "trust"], ["Alain Gervais", "Natalie Simard", "Tom Tax"]),
    (["--pipeline", "partner"], ["Alain Gervais"]),
    (["--pipeline", "customer", "--pipeline", "partner"], ["Alain Gervais", "Marie Tremblay"]),
    (["--met-before", "2025-01-01"], ["Marie Tremblay"]),
    (["--met-after", "2026-03-01"], ["Sam Lee"]),
    (["--met-after", "2025-01-01", "--met-before", "2026-03-02"], ["Alain Gervais", "Gus"]),
    (["--tier", "A", "--stage", "like"], ["Dana Okafor", "Lucy Moss", "Marie Tremblay"]),
])
def test_list_filters(vault: Path, args: list[str], expected: list[str]) -> None:
    assert names(vault, *args) == expected


def test_list_pipeline_none(vault: Path) -> None:
    got = names(vault, "--pipeline", "none")
    assert "Alain Gervais" not in got and "Marie Tremblay" not in got and "Gus" in got


@pytest.mark.parametrize("option,values", [("--stage", "STAGES"), ("--pipeline", "PIPELINES")])
def test_list_stage_and_pipeline_take_the_values_a_card_may_hold(vault: Path, option: str, values: str) -> None:
    """One home: the choices are the card's own values (netnotes.notes.fields, which
    `validate` checks cards against), read only when a command runs."""
    import subprocess
    import sys

    from netnotes.notes import fields

    choices = getattr(fields, values)
    assert f"{option} [{'|'.join(choices)}]" in run_cli(["list", "--help"]).output
    refused = run_cli(["list", option, "friend"], vault, expect_error=True)
    assert refused.exit_code == 2
    assert "'friend' is not one of " + ", ".join(f"'{v}'" for v in choices) in refused.output
    for value in choices:  # each one is a filter that runs
        assert run_cli(["list", option, value, "--json", "--today", TODAY], vault).exit_code == 0
    code = "import sys, netnotes.cli; print('netnotes.notes.fields' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # `netnotes --help` does not load the card's fields


def test_list_overdue_depends_on_today(vault: Path) -> None:
    # Marie: tier A (21 days), last touch 2026-08-12 -> due 2026-09-02
    assert "Marie Tremblay" not in [r["name"] for r in js(vault, "list", "--overdue", "--today", "2026-09-01")]
    rows = js(vault, "list", "--overdue", "--today", TODAY)
    marie = next(r for r in rows if r["name"] == "Marie Tremblay")
    assert marie["overdue_days"] == 82 and marie["next_followup"] == "2026-09-02"
    assert "Alain Gervais" not in [r["name"] for r in rows]  # next_followup 2026-12-01
    assert all(r["overdue_days"] > 0 for r in rows)
    text = ok(vault, "list", "--overdue", "--today", TODAY)
    assert re.search(r"^Marie Tremblay .* 82d late$", text, re.M)


def test_list_json_keys_and_text(vault: Path) -> None:
    rows = js(vault, "list", "--today", TODAY)
    assert list(rows[0]) == ["name", "path", "company", "tier", "stage", "pipeline", "last_touch",
                             "last_touch_source", "next_followup", "overdue_days", "groups"]
    assert len(rows) == 12
    text = ok(vault, "list", "--today", TODAY)
    assert text.splitlines()[0].split() == ["name", "company", "tier", "last", "touch", "follow", "up"]
    assert text.endswith("12 contacts\n")
    assert ok(vault, "list", "--tier", "Z") == "no contacts match\n"


def test_no_ansi_escapes_without_a_terminal(vault: Path) -> None:
    for env in ({"NO_COLOR": "1"}, {"NO_COLOR": None}):
        for args in (["list"], ["show", "al"], ["who", "bookkeeping"], ["search", "web"], ["index"]):
            result = run_cli([*args], vault, env=env)
            assert "\x1b[" not in result.output, (env, args)
    proc = run_netnotes(["show", "al", "--today", TODAY], cwd=vault, env={"TERM": "xterm-256color"})
    assert proc.returncode == 0 and "\x1b[" not in proc.stdout + proc.stderr


def run_on_a_terminal(args: list[str], cwd: Path, no_color: bool) -> tuple[int, bytes]:
    """The installed program with stdout and stderr on a pseudo-terminal; (exit code, what it showed)."""
    import os
    import pty
    import subprocess

    env = user_env(TERM="xterm-256color", COLUMNS="120", NO_COLOR="1" if no_color else None)
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([str(NETNOTES), *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=follower, stderr=follower, timeout=30)
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal is closed and drained
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    return proc.returncode, out


def test_no_color_on_a_terminal(vault: Path) -> None:
    code, out = run_on_a_terminal(["show", "Alan Gervias"], vault, no_color=True)
    assert code == 3 and b"did you mean" in out and b"\x1b[" not in out
    code, out = run_on_a_terminal(["show", "Alan Gervias"], vault, no_color=False)
    assert code == 3 and b"\x1b[" in out  # the same message is coloured on a terminal without NO_COLOR
    code, out = run_on_a_terminal(["list", "--today", TODAY], vault, no_color=True)
    assert code == 0 and b"Alain Gervais" in out and b"\x1b[" not in out
