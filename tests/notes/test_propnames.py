"""Property names as Obsidian matches them (any case) and as people write them (synonyms)."""

from __future__ import annotations

from dataclasses import replace

from conftest import codes, parse, run_json, write_vault

from netnotes.vault.config import Config
from netnotes.notes.propnames import fold


def test_names_in_any_case_are_netnotes_fields():
    n = parse("---\nCompany: Acme\nE-mail: ann@example.com\nBirthday: 1980-04-02\nTier: A\n---\n")
    assert n.props["company"] == "Acme"
    assert n.props["email"] == "ann@example.com"
    assert str(n.props["birthday"]) == "1980-04-02"
    assert n.props["tier"] == "A"
    assert "unknown-field" not in codes(n)


def test_common_synonyms_name_netnotes_fields_on_a_contact():
    n = parse("---\norg: Acme\ntitle: CFO\nbirth: 1980-04-02\nmail: a@b.example\nmobile: \"+1 613 555 0100\"\n---\n")
    assert (n.props["company"], n.props["role"], n.props["email"], n.props["phone"]) == \
        ("Acme", "CFO", "a@b.example", "+1 613 555 0100")
    assert str(n.props["birthday"]) == "1980-04-02"
    n = parse("---\nOrganization: Brandt & Sons\nPosition: Owner\n---\n")
    assert (n.props["company"], n.props["role"]) == ("Brandt & Sons", "Owner")


def test_a_meeting_keeps_its_title_and_its_date_in_any_case():
    n = parse("---\ntitle: Kickoff\nDate: 2024-01-05\nAttendees: [\"[[Ann Lee]]\"]\n---\n", rel="Meetings/Kickoff.md")
    assert n.props["title"] == "Kickoff" and "role" not in n.props
    assert str(n.props["date"]) == "2024-01-05"
    assert [link.source for link in n.links] == ["attendees"]


def test_a_card_writing_both_names_keeps_both():
    n = parse("---\ncompany: Acme\nCompany: Other\n---\n")
    assert n.props["company"] == "Acme" and n.props["Company"] == "Other"


def test_the_config_properties_table_adds_names():
    cfg = replace(Config(), properties={"Works for": "company"})
    n = parse("---\nWorks for: Initech\n---\n", config=cfg)
    assert n.props["company"] == "Initech"
    assert fold("Works For") == fold("works-for") == "works_for"


def test_properties_table_is_read_from_the_config(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": "---\nArbeitgeber: Acme\n---\n"},
                        config='[properties]\nArbeitgeber = "company"\n')
    (row,) = run_json(["list", "--json"], vault)
    assert row["company"] == "Acme"


def test_a_company_written_as_a_link_shows_as_its_name(tmp_path):
    n = parse("---\ncompany: \"[[Acme Corp]]\"\n---\n")
    assert n.props["company"] == "Acme Corp"
    assert [(link.target, link.source) for link in n.links] == [("Acme Corp", "company")]
    n = parse("---\norg: \"[[Companies/Acme Corp|Acme]]\"\n---\n")
    assert n.props["company"] == "Acme"


def test_a_company_written_as_a_list_of_one_link_is_that_company():
    for text in ('org: ["[[Acme Corp]]"]', 'company:\n  - "[[Acme Corp]]"'):
        n = parse(f"---\n{text}\n---\n")
        assert n.props["company"] == "Acme Corp" and codes(n) == [], text
        assert [link.target for link in n.links] == ["Acme Corp"]
    assert "field-type" in codes(parse("---\nrole: [CFO, Owner]\n---\n"))
