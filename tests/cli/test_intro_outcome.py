"""An introduction's life from the shell: made (`intro A B`), its outcome recorded later
(`intro A B --outcome ...`, on both cards, once), and shown by `introductions --made`."""

from __future__ import annotations

from conftest import one_line_error, run_cli, run_json, run_ok, tree_hashes

CARDS = {
    "People/Susan McAllister.md": "---\ntier: A\nstage: trust\n---\n## Log\n- 2026-10-01 call: hi\n",
    "People/Emily Watson.md": "---\naliases: [Em]\n---\n## Log\n",
    "People/Sam Lee.md": "---\n---\n## Log\n- 2026-08-20 intro [[Alain Gervais]]: the website\n",
    "People/Alain Gervais.md": "---\n---\n",
}


def test_an_outcome_goes_on_both_cards_once(make_vault):
    vault = make_vault(CARDS)
    run_ok(["intro", "Susan McAllister", "Emily Watson", "--note", "HR for her new hires"], vault,
           today="2026-11-21")
    result = run_ok(["intro", "Em", "Susan McAllister", "--outcome", "met", "--note", "coffee on Tuesday"], vault,
                    today="2026-11-28")
    lines = result.stdout.splitlines()
    assert [line.rsplit(" (", 1)[0] for line in lines] == [
        "Emily Watson: logged 2026-11-28 intro outcome [[Susan McAllister]]: met, coffee on Tuesday",
        "Susan McAllister: logged 2026-11-28 intro outcome [[Emily Watson]]: met, coffee on Tuesday"]
    assert lines[0].endswith("/People/Emily Watson.md)") and lines[1].endswith("/People/Susan McAllister.md)")
    emily = (vault / "People/Emily Watson.md").read_text()
    susan = (vault / "People/Susan McAllister.md").read_text()
    assert "- 2026-11-28 intro outcome [[Susan McAllister]]: met, coffee on Tuesday\n" in emily
    assert "- 2026-11-28 intro outcome [[Emily Watson]]: met, coffee on Tuesday\n" in susan
    before = tree_hashes(vault)
    again = run_cli(["intro", "Susan McAllister", "Emily Watson", "--outcome", "met"], vault, today="2026-11-28",
                    expect_error=True)
    assert again.exit_code == 2
    assert "is on both cards already; nothing was written" in one_line_error(again.stderr)
    assert tree_hashes(vault) == before
    assert run_json(["validate", "--format", "json"], vault) == []


def test_an_outcome_needs_an_introduction_first(make_vault):
    vault = make_vault(CARDS)
    before = tree_hashes(vault)
    result = run_cli(["intro", "Susan McAllister", "Emily Watson", "--outcome", "met"], vault, today="2026-11-28",
                     expect_error=True)
    assert result.exit_code == 2
    assert "no introduction of Susan McAllister and Emily Watson is recorded" in one_line_error(result.stderr)
    assert 'netnotes intro "Susan McAllister" "Emily Watson"' in result.stderr
    assert tree_hashes(vault) == before


def test_dry_run_shows_both_diffs_and_writes_nothing(make_vault):
    vault = make_vault(CARDS)
    before = tree_hashes(vault)
    result = run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "business", "--dry-run"], vault,
                    today="2026-11-28")
    assert result.stdout.count("+- 2026-11-28 intro outcome [[") == 2
    assert tree_hashes(vault) == before


def test_made_lists_each_introduction_newest_first_with_what_came_of_it(make_vault):
    vault = make_vault(CARDS)
    run_ok(["intro", "Susan McAllister", "Emily Watson", "--note", "HR"], vault, today="2026-11-21")
    run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "no-reply"], vault, today="2026-09-01")
    run_ok(["intro", "Alain Gervais", "Sam Lee", "--outcome", "business"], vault, today="2026-11-02")
    made = run_json(["introductions", "--made", "--json"], vault, today="2026-11-30")
    assert [(m["a"]["name"], m["b"]["name"], m["date"], m["note"], m["outcome"], m["outcome_date"])
            for m in made] == [
        ("Emily Watson", "Susan McAllister", "2026-11-21", "HR", None, None),
        ("Alain Gervais", "Sam Lee", "2026-08-20", "the website", "business", "2026-11-02")]
    assert [o["outcome"] for o in made[1]["outcomes"]] == ["no-reply", "business"]
    table = run_ok(["introductions", "--made"], vault, today="2026-11-30").stdout
    assert table.splitlines()[2].startswith("2026-11-21  Emily Watson + Susan McAllister  no outcome yet")
    assert "business (2026-11-02)" in table.splitlines()[3]
    mine = run_json(["introductions", "--made", "--for", "Sam Lee", "--json"], vault, today="2026-11-30")
    assert [m["date"] for m in mine] == ["2026-08-20"]
    earlier = run_json(["introductions", "--made", "--json"], vault, today="2026-10-01")
    assert [(m["date"], m["outcome"]) for m in earlier] == [("2026-08-20", "no-reply")]  # as of that day
