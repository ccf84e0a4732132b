"""`netnotes add` at the moment of capture (issue 16): only a near-certain duplicate stops it
(same email, same phone, same folded name); similar names are a note; phone numbers are
written as quoted text, normalised when the config gives a region."""

from __future__ import annotations

import pytest

from conftest import diagnostics_json, run_cli

TODAY = "2026-11-20"

PEOPLE = {
    "People/Lucia Bianchi.md": "---\ncompany: Little Steps Daycare\nemail: lucia@example.com\n---\n",
    "People/Marco Bianchi.md": "---\ncompany: Bianchi Renovations\nphone: \"06 12 34 56 78\"\n---\n",
    "People/Sam Lee.md": "---\ncompany: Lee Law\n---\n",
    "People/Emily Watson.md": "---\ncompany: Watson Design\n---\n",
    "People/Li Wei.md": "---\ncompany: Wei Imports\n---\n",
    "People/Hélène Côté.md": "---\ncompany: Côté Coaching\n---\n",
}


@pytest.mark.parametrize("name, close", [
    ("Anna Bianchi", "Lucia Bianchi (People/Lucia Bianchi.md), Marco Bianchi (People/Marco Bianchi.md)"),
    ("Tom Lee", "Sam Lee (People/Sam Lee.md)"),
    ("Ed Watson", "Emily Watson (People/Emily Watson.md)"),
    ("Li Na", None),
])
def test_a_similar_name_is_added_with_a_note(make_vault, name, close):
    vault = make_vault(PEOPLE)
    result = run_cli(["add", name], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("created: ") and result.stdout.endswith(f"People/{name}.md\n")
    assert (vault / f"People/{name}.md").is_file()
    if close:
        assert result.stderr == f"note: similar names on other cards: {close}\n"


@pytest.mark.parametrize("args, who, why", [
    (["helene cote"], "Hélène Côté", "same name"),
    (["HÉLÈNE  CÔTÉ"], "Hélène Côté", "same name"),
    (["Lucy Bianchi", "--email", "Lucia@Example.com"], "Lucia Bianchi", "same email Lucia@Example.com"),
    (["M. Bianchi", "--phone", "0612345678"], "Marco Bianchi", "same phone 0612345678"),
])
def test_a_near_certain_duplicate_is_refused(make_vault, args, who, why):
    vault = make_vault(PEOPLE)
    before = sorted(p.name for p in (vault / "People").iterdir())
    result = run_cli(["add", *args], vault, today=TODAY)
    assert result.exit_code == 2
    assert f"error: {who} (People/{who}.md) has the {why}: probably this person; no card was added" in result.stderr
    assert "--force" in result.stderr
    assert sorted(p.name for p in (vault / "People").iterdir()) == before
    forced = run_cli(["add", *args, "--force"], vault, today=TODAY)
    assert forced.exit_code in (0, 2)  # the same file name is still never overwritten
    assert "Traceback" not in forced.output


def test_a_phone_number_is_written_quoted_and_validates(make_vault):
    vault = make_vault(PEOPLE)
    result = run_cli(["add", "Zoé Martin", "--phone", "0698765432"], vault, today=TODAY)
    assert result.exit_code == 0, result.output
    assert 'phone: "0698765432"' in (vault / "People/Zoé Martin.md").read_text(encoding="utf-8")
    assert diagnostics_json(vault) == []


def test_the_config_region_normalises_phone_numbers(make_vault):
    vault = make_vault(PEOPLE, config='[vault]\nphone_region = "FR"\n')
    result = run_cli(["add", "Zoé Martin", "--phone", "0698765432", "--phone", "+1 613 555 0101"], vault,
                     today=TODAY)
    assert result.exit_code == 0, result.output
    text = (vault / "People/Zoé Martin.md").read_text(encoding="utf-8")
    assert 'phone: ["+33 6 98 76 54 32", "+1 613-555-0101"]' in text
    assert diagnostics_json(vault) == []
    # the national form on an existing card is the same number
    again = run_cli(["add", "Marc Bianchi", "--phone", "+33612345678"], vault, today=TODAY)
    assert again.exit_code == 2 and "Marco Bianchi (People/Marco Bianchi.md) has the same phone" in again.stderr


def test_a_bad_region_is_a_config_error_naming_the_line(make_vault):
    vault = make_vault(PEOPLE, config='[vault]\nphone_region = "France"\n')
    result = run_cli(["add", "Zoé Martin"], vault, today=TODAY, expect_error=True)
    assert result.exit_code != 0
    assert ".netnotes/config.toml:2:1" in result.stderr and "two-letter country code" in result.stderr
    assert not (vault / "People/Zoé Martin.md").exists()
