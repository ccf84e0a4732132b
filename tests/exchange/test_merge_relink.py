"""Merge done right (issue 21): `duplicates` suggests keeping the richer card and the accented
name, and `merge` rewrites the links to B across the vault so Obsidian's backlinks keep them,
byte-preserving, in one undoable change."""

from __future__ import annotations

from conftest import card, run_cli, run_json, run_ok, tree_hashes, write_vault

RICH = card("2026-10-01 coffee: met at the chamber", "2026-11-02 call: about the audit",
            email="zoe@cote.example", company="Côté Design", role="Owner", tier="A", tags=["design"],
            body="Runs a design studio in the Glebe. Two kids.")
POOR = card(email="zoe@cote.example")


def _files() -> dict[str, str]:
    return {
        "People/Zoé Côté.md": RICH,
        "People/Zoe Cote.md": POOR,
        "People/Sam Lee.md": card("2026-11-03 intro [[Zoe Cote]]: for the rebrand", tier="B"),
        "Daily/2026-11-05.md": "Lunch with [[Zoe Cote|Zoé]], then [[Zoe Cote#Log]].\n```\n[[Zoe Cote]] in code\n```\n"
                               "Also [[Sam Lee]].\r\n",
        "Events/2026-11-01 Mixer.md": '---\ntype: event\ndate: 2026-11-01\npeople: ["[[Zoe Cote]]", "[[Sam Lee]]"]\n---\n',
    }


def test_duplicates_suggests_keeping_the_richer_accented_card(tmp_path):
    vault = write_vault(tmp_path / "v", _files())
    pairs = run_json(["duplicates", "--json"], vault)
    assert [(p["a_path"], p["b_path"]) for p in pairs] == [("People/Zoé Côté.md", "People/Zoe Cote.md")]
    out = run_ok(["duplicates"], vault).output
    assert 'netnotes merge "People/Zoé Côté" "People/Zoe Cote"' in out


def test_merge_rewrites_links_to_b_and_nothing_else(tmp_path):
    vault = write_vault(tmp_path / "v", _files())
    daily = vault / "Daily" / "2026-11-05.md"
    plan = run_ok(["merge", "People/Zoé Côté", "People/Zoe Cote"], vault).output
    assert "Daily/2026-11-05.md" in plan and "nothing written" in plan
    before = tree_hashes(vault)
    done = run_ok(["merge", "People/Zoé Côté", "People/Zoe Cote", "--apply"], vault).output
    assert "4 links to it in 3 notes now name Zoé Côté" in done, done
    assert daily.read_bytes() == ("Lunch with [[Zoé Côté|Zoé]], then [[Zoé Côté#Log]].\n```\n[[Zoe Cote]] in code\n```\n"
                                  "Also [[Sam Lee]].\r\n").encode("utf-8")
    assert "- 2026-11-03 intro [[Zoé Côté]]: for the rebrand" in (vault / "People" / "Sam Lee.md").read_text("utf-8")
    assert 'people: ["[[Zoé Côté]]", "[[Sam Lee]]"]' in (vault / "Events" / "2026-11-01 Mixer.md").read_text("utf-8")
    assert not (vault / "People" / "Zoe Cote.md").exists()
    assert run_cli(["validate"], vault).exit_code == 0
    run_ok(["undo"], vault)
    assert tree_hashes(vault) == before  # one change: A, the move and every relinked note


def test_code_tables_markdown_links_and_bs_own_links(tmp_path):
    files = _files()
    files["Notes/Table.md"] = ("| who | why |\n| --- | --- |\n| [[Zoe Cote\\|Zoé]] | design |\n\n"
                               "Inline `[[Zoe Cote]]` stays; so does\n\n    [[Zoe Cote]] indented code\n\n"
                               "A [Markdown link](../People/Zoe%20Cote.md) and [another](People/Zoe%20Cote.md#Log).\n")
    files["People/Zoe Cote.md"] = card(email="zoe@cote.example", body="See [[Zoe Cote]] and [[Sam Lee]].")
    vault = write_vault(tmp_path / "v", files)
    run_ok(["merge", "People/Zoé Côté", "People/Zoe Cote", "--apply"], vault)
    table = (vault / "Notes" / "Table.md").read_text(encoding="utf-8")
    assert "| [[Zoé Côté\\|Zoé]] | design |" in table
    assert "Inline `[[Zoe Cote]]` stays" in table and "    [[Zoe Cote]] indented code" in table
    assert "[Markdown link](../People/Zo%C3%A9%20C%C3%B4t%C3%A9.md)" in table
    assert "[another](People/Zo%C3%A9%20C%C3%B4t%C3%A9.md#Log)" in table
    kept = (vault / "People" / "Zoé Côté.md").read_text(encoding="utf-8")
    assert "[[Zoe Cote]]" not in kept  # B's own link, carried into A, names A


def test_a_card_it_cannot_read_is_not_merged(tmp_path):
    files = _files()
    files["People/Listy.md"] = "---\n- x\n---\nListy.\n"
    files["People/Dup.md"] = "---\ntier: A\ntier: B\n---\n"
    vault = write_vault(tmp_path / "v", files)
    before = tree_hashes(vault)
    for other in ("Listy", "Dup"):
        result = run_cli(["merge", "People/Zoé Côté", f"People/{other}", "--apply"], vault)
        assert result.exit_code == 4 and f"People/{other}.md:" in result.output and "nothing was merged" in result.output
    assert tree_hashes(vault) == before


def test_the_kept_card_keeps_its_uid_and_both_cards_kept_vcard_lines(tmp_path):
    files = _files()
    files["People/Zoé Côté.md"] = RICH.replace("---\n", "---\nuid: zoe-1\nvcard: {X-A: 'X-A:1'}\n", 1)
    files["People/Zoe Cote.md"] = POOR.replace("---\n", "---\nuid: zoe-2\nvcard: {X-A: 'X-A:2', X-B: 'X-B:3'}\n", 1)
    vault = write_vault(tmp_path / "v", files)
    result = run_cli(["merge", "People/Zoé Côté", "People/Zoe Cote", "--apply"], vault)
    assert result.exit_code == 0, result.output  # no conflict on uid or vcard
    text = (vault / "People" / "Zoé Côté.md").read_text(encoding="utf-8")
    assert "uid: zoe-1\n" in text
    shown = run_json(["show", "Zoé Côté", "--json"], vault)
    assert shown["properties"]["vcard"] == {"X-A": ["X-A:1", "X-A:2"], "X-B": "X-B:3"}


def test_a_markdown_link_to_a_name_with_a_dot_is_relinked(tmp_path):
    files = {"People/John Smith.md": card("2026-10-01 call: a", "2026-10-02 call: b", email="j@s.example", tier="A"),
             "People/J. Smith.md": card(email="j@s.example"),
             "Notes/Zed.md": "[[J. Smith]], [J](../People/J.%20Smith.md) and [w](<../People/J. Smith.md>).\n"}
    vault = write_vault(tmp_path / "v", files)
    run_ok(["merge", "People/John Smith", "People/J. Smith", "--apply"], vault)
    assert (vault / "Notes" / "Zed.md").read_text(encoding="utf-8") == \
        "[[John Smith]], [J](../People/John%20Smith.md) and [w](<../People/John Smith.md>).\n"
