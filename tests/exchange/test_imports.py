"""`netnotes import` (netnotes.exchange.imports, netnotes.exchange.readers): realistic files
(tests/fixtures/import/) to the cards a user expects, merges into the cards already there,
re-runs that change nothing, and never a half-applied import."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, parse, run_cli, tree_hashes
from netnotes.notes.people import derived_uid

FIX = FIXTURES / "import"
GENERIC_MAP = ["--map", "Full name=name", "--map", "Mail=email", "--map", "Mobile=phone", "--map", "Employer=company",
               "--map", "Job title=role", "--map", "Met on=met", "--map", "Comments=note"]


@pytest.fixture(autouse=True)
def in_vault_parent(tmp_path, monkeypatch):
    """Commands run from the folder holding the vault, so paths print as `vault/People/...`."""
    monkeypatch.chdir(tmp_path)


def import_file(vault: Path, kind: str, name: str, *extra: str, apply: bool = True):
    args = ["import", kind, str(FIX / name), *extra] + (["--apply"] if apply else [])
    result = run_cli(args, vault)
    assert result.exit_code == 0, result.output
    return result


def card(vault: Path, rel: str):
    return parse((vault / rel).read_bytes(), rel)


def fields(note) -> dict:
    """The card's properties but its identity and the raw vCard lines it keeps (tested apart,
    in test_roundtrip.py)."""
    return {k: v for k, v in note.props.items() if k not in ("uid", "vcard")}


def people(vault: Path) -> list[str]:
    return sorted(p.relative_to(vault).as_posix() for p in (vault / "People").glob("*.md"))


def files_and_mtimes(vault: Path) -> dict[str, tuple[bytes, int]]:
    out = {}
    for p in sorted(vault.rglob("*")):
        rel = p.relative_to(vault).as_posix()
        if p.is_file() and not rel.startswith(".netnotes/cache"):
            out[rel] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


# ---- vCard --------------------------------------------------------------------------------------
def test_vcard_30_folded_quoted_printable_photo_and_birthdays(make_vault):
    vault = make_vault()
    result = import_file(vault, "vcard", "contacts-3.0.vcf")
    assert result.stdout.splitlines() == [
        f"created: {vault.name}/People/Camille Lefèvre.md  (contacts-3.0.vcf:1)",
        "  kept under vcard: EMAIL, TEL, ORG, URL, X-ABLABEL (contacts-3.0.vcf:1)",
        f"created: {vault.name}/People/Martin Okafor.md  (contacts-3.0.vcf:20)",
        "  note: photo left out (contacts-3.0.vcf:20)",
        "  kept under vcard: EMAIL, TEL (contacts-3.0.vcf:20)",
        f"created: {vault.name}/People/Anna Bergström.md  (contacts-3.0.vcf:49)",
        "  kept under vcard: BDAY (contacts-3.0.vcf:49)",
        "3 people: 3 create",
    ]
    assert people(vault) == ["People/Anna Bergström.md", "People/Camille Lefèvre.md", "People/Martin Okafor.md"]

    camille = card(vault, "People/Camille Lefèvre.md")
    assert fields(camille) == {
        "company": "Lefèvre Design Studio", "role": "Art director",
        "email": ["camille@lefevre-design.example", "camille.lefevre@example.net"],
        "phone": "+1 (819) 555-0140", "website": "https://lefevre-design.example",
        "linkedin": "https://www.linkedin.com/in/camille-lefevre-design", "birthday": "--04-12", "source": "vcard"}
    # quoted-printable and a folded line, decoded and joined
    assert camille.body.startswith("Rencontrée au salon du design à Gatineau. Cherche un comptable pour son "
                                   "studio (incorporation en 2025).\n")

    martin = (vault / "People/Martin Okafor.md").read_text(encoding="utf-8")
    assert "PHOTO" not in martin and "AAECAwQF" not in martin  # the base64 photo is left out
    m = card(vault, "People/Martin Okafor.md")
    assert m.props["phone"] == ["(819) 555-0190", "819.555.0191"]
    assert m.props["birthday"] == dt.date(1979, 8, 23)
    assert m.props["company"] == "Okafor Plumbing & Heating"
    assert "Fixed the office boiler in January, fair price." in m.body  # \, unescaped

    anna = card(vault, "People/Anna Bergström.md")
    assert anna.props["birthday"] == "--11-02"  # Apple's 1604 "no year"


def test_vcard_40_tel_uri_data_uri_photo_and_birthdays(make_vault):
    vault = make_vault()
    result = import_file(vault, "vcard", "contacts-4.0.vcf")
    assert "  note: photo left out (contacts-4.0.vcf:1)" in result.stdout.splitlines()
    assert people(vault) == ["People/Daniela Ferreira.md", "People/Kenji Watanabe.md", "People/Zoë Kowalczyk.md"]
    assert fields(card(vault, "People/Daniela Ferreira.md")) == {
        "company": "Ferreira Physio", "role": "Physiotherapist", "email": "daniela@ferreiraphysio.example",
        "phone": "+1 819 555 0160", "website": "https://ferreiraphysio.example", "birthday": "--04-12",
        "source": "vcard"}
    kenji = card(vault, "People/Kenji Watanabe.md").props
    assert kenji["phone"] == "+1-819-555-0177 ext. 12"  # from tel:+1-819-555-0177;ext=12
    assert kenji["linkedin"] == "https://www.linkedin.com/in/kenji-watanabe-ottawa/"
    assert kenji["birthday"] == dt.date(1986, 2, 14)
    assert "website" not in kenji  # the LinkedIn URL is the linkedin property, not a website
    assert fields(card(vault, "People/Zoë Kowalczyk.md")) == {
        "company": "Kowalczyk Law", "role": "Notary", "email": "zoe@kowalczyk-law.example", "source": "vcard"}


# ---- LinkedIn -----------------------------------------------------------------------------------
LINKEDIN_VAULT = {
    "People/Sophie Martin.md": """---
company: Martin Bookkeeping
role: Owner
email: sophie@martinbooks.example
linkedin: https://www.linkedin.com/in/sophie-martin-ottawa/
tier: B
---
Bookkeeper in Barrhaven; sends me her year-end overflow.

## Log
- 2026-10-02 coffee: talked about splitting a client.
""",
    "People/Hélène Côté.md": """---
company: Côté Coaching
role: Life coach
email: helene@cotecoaching.example
met: 2025-09-24
---
Life coach, bilingual.

## Log
- 2026-09-02 coffee: she is ready to lease an office.
""",
}


def test_linkedin_connections_with_preamble_and_awkward_rows(make_vault):
    vault = make_vault(LINKEDIN_VAULT)
    v = vault.name
    result = import_file(vault, "linkedin", "Connections.csv", apply=False)
    assert result.stdout.splitlines() == [
        f"would merge into {v}/People/Sophie Martin.md: aliases, met, source, uid  (same LinkedIn profile; "
        "Connections.csv:5)",
        f"would merge into {v}/People/Hélène Côté.md: linkedin, source, uid  (same name; Connections.csv:6)",
        f"  conflict in {v}/People/Hélène Côté.md: company is 'Côté Coaching' on the card, 'Côté Coaching, Inc.' in "
        "the file (kept the card's; edit it by hand to change it)",
        f"  conflict in {v}/People/Hélène Côté.md: role is 'Life coach' on the card, 'Life & career coach' in the "
        "file (kept the card's; edit it by hand to change it)",
        f"  conflict in {v}/People/Hélène Côté.md: met is '2025-09-24' on the card, '2023-01-05' in the file (kept "
        "the card's; edit it by hand to change it)",
        f"would create: {v}/People/José Álvarez Núñez.md  (Connections.csv:7)",
        f"would create: {v}/People/Priya Nair.md  (Connections.csv:8)",
        f"would create: {v}/People/Siobhán Ó Briain.md  (Connections.csv:9)",
        "skipped Connections.csv:10: no name in this record",
        f"would create: {v}/People/Wei Zhang.md  (Connections.csv:11)",
        "7 people: 4 create, 2 merge, 1 skip; nothing written (add --apply to write)",
    ]
    assert people(vault) == ["People/Hélène Côté.md", "People/Sophie Martin.md"]  # a dry run writes nothing

    import_file(vault, "linkedin", "Connections.csv")
    assert people(vault) == ["People/Hélène Côté.md", "People/José Álvarez Núñez.md", "People/Priya Nair.md",
                             "People/Siobhán Ó Briain.md", "People/Sophie Martin.md", "People/Wei Zhang.md"]
    assert fields(card(vault, "People/José Álvarez Núñez.md")) == {
        "company": "Álvarez, Núñez & Asociados", "role": "Partner",
        "linkedin": "https://www.linkedin.com/in/jose-alvarez-nunez", "met": dt.date(2022, 2, 28),
        "source": "linkedin"}
    assert fields(card(vault, "People/Wei Zhang.md")) == {
        "company": "Zhang & Sons Accounting, LLP", "role": "Senior Accountant, Tax", "email": "wei.zhang@example.com",
        "linkedin": "https://www.linkedin.com/in/weizhang88", "met": dt.date(2020, 12, 30), "source": "linkedin"}
    assert fields(card(vault, "People/Siobhán Ó Briain.md")) == {  # empty email, company and position: left out
        "linkedin": "https://www.linkedin.com/in/siobhan-obriain", "met": dt.date(2021, 7, 17), "source": "linkedin"}
    assert card(vault, "People/Priya Nair.md").props["met"] == dt.date(2025, 11, 1)  # `1 Nov 2025`

    # The duplicate by LinkedIn URL ("Martin, CPA" on LinkedIn) merged into the user's card:
    # only the missing fields were added (the display name as an alias), nothing else moved.
    assert (vault / "People/Sophie Martin.md").read_text(encoding="utf-8") == \
        LINKEDIN_VAULT["People/Sophie Martin.md"].replace("tier: B\n", "tier: B\nmet: 2024-03-12\nsource: linkedin\n"
                                                         "aliases: ['Sophie Martin, CPA']\n"
                                                         f"uid: {derived_uid('People/Sophie Martin.md')}\n")
    # The duplicate by name: the user's company, role and met are kept; the profile URL is added.
    assert (vault / "People/Hélène Côté.md").read_text(encoding="utf-8") == \
        LINKEDIN_VAULT["People/Hélène Côté.md"].replace(
            "met: 2025-09-24\n",
            "met: 2025-09-24\nlinkedin: https://www.linkedin.com/in/helene-cote-coaching\nsource: linkedin\n"
            f"uid: {derived_uid('People/Hélène Côté.md')}\n")


# ---- Google Contacts --------------------------------------------------------------------------
ALAIN = """---
company: Gervais Consulting
role: Owner
email: alain@gervaisconsulting.example
phone: "+1 613 555 0101"
---
Strategy consultant.

## Log
- 2026-10-21 coffee: his expansion.
"""


def test_google_current_layout(make_vault):
    vault = make_vault({"People/Alain Gervais.md": ALAIN})
    result = import_file(vault, "csv", "google-contacts.csv")  # UTF-8 with a BOM, CRLF
    v = vault.name
    assert result.stdout.splitlines() == [
        f"created: {v}/People/Nora Whitfield.md  (google-contacts.csv:2)",  # a record over three lines
        "  note: photo left out (google-contacts.csv:2)",
        "  kept under vcard: ADR, X-E-MAIL-1-LABEL, X-E-MAIL-2-LABEL, X-PHONE-1-LABEL, X-WEBSITE-1-LABEL "
        "(google-contacts.csv:2)",
        f"created: {v}/People/Mary Ann O'Neil.md  (google-contacts.csv:5)",
        "  kept under vcard: X-NAME-SUFFIX, X-E-MAIL-1-LABEL, X-PHONE-1-LABEL (google-contacts.csv:5)",
        f"created: {v}/People/Dr. Chen's office.md  (google-contacts.csv:6)",
        "  kept under vcard: X-PHONE-1-LABEL (google-contacts.csv:6)",
        f"merged into {v}/People/Alain Gervais.md: email, source, uid, vcard  (same email "
        "alain@gervaisconsulting.example; google-contacts.csv:7)",
        f"  conflict in {v}/People/Alain Gervais.md: company is 'Gervais Consulting' on the card, "
        "'Gervais Strategy Group' in the file (kept the card's; edit it by hand to change it)",
        "  kept under vcard: X-E-MAIL-1-LABEL, X-E-MAIL-2-LABEL, X-PHONE-1-LABEL (google-contacts.csv:7)",
        "4 people: 3 create, 1 merge",
    ]
    grace = card(vault, "People/Nora Whitfield.md")
    assert fields(grace) == {
        "company": "Whitfield Florals", "role": "Owner",
        "email": ["nora@whitfieldflorals.example", "orders@whitfieldflorals.example", "nora.w@example.net"],
        "phone": ["+1 819-555-0180", "(819) 555-0181"], "website": "https://whitfieldflorals.example",
        "linkedin": "https://www.linkedin.com/in/nora-whitfield", "birthday": dt.date(1982, 7, 15),
        "address": "12 Bank St", "city": "Ottawa",
        "tags": ["Clients", "Chamber"], "source": "google"}  # `* myContacts` and `* starred` are not tags
    assert grace.body.startswith("Met at the Chamber mixer.\nHas two shops; wants a second bookkeeper.\n")
    assert fields(card(vault, "People/Mary Ann O'Neil.md")) == {
        "company": "O'Neil Tax Services", "role": "Partner", "email": "maryann@oneiltax.example",
        "phone": "819-555-0122", "birthday": "--06-01", "source": "google"}
    assert fields(card(vault, "People/Dr. Chen's office.md")) == {  # no name: the "File As" column
        "company": "Bank Street Dental", "phone": "+1 819 555 0133", "tags": ["Suppliers"], "source": "google"}
    # Merged into the user's card: the second email added, the same phone in another format
    # not added twice, the user's company kept, the body untouched.
    assert (vault / "People/Alain Gervais.md").read_text(encoding="utf-8") == ALAIN.replace(
        "email: alain@gervaisconsulting.example\n",
        "email: [alain@gervaisconsulting.example, alain.gervais@example.net]\n").replace(
        'phone: "+1 613 555 0101"\n', 'phone: "+1 613 555 0101"\nsource: google\n'
        "vcard: {X-E-MAIL-1-LABEL: 'X-E-MAIL-1-LABEL:* Work', X-E-MAIL-2-LABEL: 'X-E-MAIL-2-LABEL:Home', "
        "X-PHONE-1-LABEL: 'X-PHONE-1-LABEL:Mobile'}\n"
        f"uid: {derived_uid('People/Alain Gervais.md')}\n")


def test_google_legacy_layout(make_vault):
    vault = make_vault()
    result = import_file(vault, "csv", "google-legacy.csv")
    assert result.stdout.splitlines()[-1] == "3 people: 3 create"
    assert people(vault) == ["People/François Bélanger.md", "People/Rachel Kim.md", "People/Tom.md"]
    rachel = card(vault, "People/Rachel Kim.md")
    assert fields(rachel) == {
        "company": "Kim Properties", "role": "Property manager", "email": "rachel@kimproperties.example",
        "phone": ["+1 819 555 0155", "+1 819 555 0156"], "website": "https://kimproperties.example",
        "tags": ["Suppliers"], "source": "google"}
    assert rachel.body.startswith("Landlord of the Elgin St office.\n")
    assert fields(card(vault, "People/François Bélanger.md")) == {
        "company": "Bélanger Électrique", "role": "Électricien", "email": "francois.belanger@example.ca",
        "birthday": dt.date(1970, 1, 31), "source": "google"}
    assert fields(card(vault, "People/Tom.md")) == {"phone": "819-555-0199", "tags": ["Golf"], "source": "google"}


def test_generic_csv_with_a_mapping(make_vault):
    vault = make_vault()
    result = import_file(vault, "csv", "crm-export.csv", *GENERIC_MAP)
    assert result.stdout.splitlines()[-1] == "2 people: 2 create"
    nadia = card(vault, "People/Nadia Haddad.md")
    assert fields(nadia) == {"company": "Haddad Catering", "role": "Chef", "email": "nadia@haddadcatering.example",
                           "phone": "+1 819 555 0111", "met": dt.date(2026, 4, 2), "source": "csv"}
    assert nadia.body.startswith('Caters the Chamber breakfasts; "ask about the spring gala"\n')
    assert fields(card(vault, "People/Pierre Lavoie.md")) == {
        "company": "Lavoie Bikes", "role": "Owner", "email": ["pierre@lavoiebikes.example", "p.lavoie@example.com"],
        "source": "csv"}


def test_csv_without_a_mapping_says_which_columns_it_saw(make_vault):
    vault = make_vault()
    result = run_cli(["import", "csv", str(FIX / "crm-export.csv")], vault)
    assert result.exit_code == 2
    assert "crm-export.csv:1: netnotes does not know this CSV layout (columns: Full name, Mail, Mobile" in result.stderr
    assert '--map "Full name=name"' in result.stderr


# ---- every import, twice ------------------------------------------------------------------------
IMPORTS = [
    ("vcard", "contacts-3.0.vcf", ()),
    ("vcard", "contacts-4.0.vcf", ()),
    ("linkedin", "Connections.csv", ()),
    ("csv", "google-contacts.csv", ()),
    ("csv", "google-legacy.csv", ()),
    ("csv", "crm-export.csv", tuple(GENERIC_MAP)),
]


@pytest.mark.parametrize(("kind", "name", "extra"), IMPORTS, ids=[i[1] for i in IMPORTS])
def test_a_second_import_changes_nothing(make_vault, kind, name, extra):
    vault = make_vault({**LINKEDIN_VAULT, "People/Alain Gervais.md": ALAIN})
    first = json.loads(import_file(vault, kind, name, *extra, "--json").stdout)
    assert first["applied"] and {s["action"] for s in first["steps"]} & {"create", "merge"}
    old = 1_000_000_000  # set every mtime far back: a rewrite, even of the same bytes, would show
    for p in vault.rglob("*.md"):
        os.utime(p, ns=(old, old))
    before = files_and_mtimes(vault)

    second = json.loads(import_file(vault, kind, name, *extra, "--json").stdout)
    assert files_and_mtimes(vault) == before
    assert {s["action"] for s in second["steps"]} <= {"same", "skip"}
    assert all(not s["fields"] for s in second["steps"])

    text = import_file(vault, kind, name, *extra).stdout.splitlines()[-1]
    steps = len(second["steps"])
    skipped = sum(s["action"] == "skip" for s in second["steps"])
    assert text == f"{steps} people: {steps - skipped} same" + (f", {skipped} skip" if skipped else "")
    assert files_and_mtimes(vault) == before


# ---- merging into the user's cards -------------------------------------------------------------
def test_an_import_adds_missing_fields_unites_lists_and_never_overwrites(make_vault, tmp_path):
    user_card = """---
name: Alain Gervais
aliases: [Al]
company: Gervais Consulting
email: alain@gervaisconsulting.example
phone: "+1 613 555 0101"
website: https://gervaisconsulting.example/
tier: A
---
Strategy consultant for owner-run firms.

## Log
- 2026-10-21 coffee: his expansion; wants 400 sq ft near Elgin St.
"""
    vault = make_vault({"People/Alain Gervais.md": user_card})
    vcf = tmp_path / "phone.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alain Gervais\r\nORG:Gervais Strategy Group\r\n"
                   "TITLE:Owner\r\nEMAIL:al.gervais@example.net\r\nEMAIL:ALAIN@gervaisconsulting.example\r\n"
                   "TEL:(613) 555-0101\r\nURL:https://gervaisconsulting.example\r\nBDAY:--0412\r\n"
                   "NOTE:From my phone.\r\nEND:VCARD\r\n", encoding="utf-8")
    result = run_cli(["import", "vcard", str(vcf), "--json"], vault)
    step, = json.loads(result.stdout)["steps"]
    assert (step["action"], step["reason"]) == ("merge", "same email ALAIN@gervaisconsulting.example")
    assert step["fields"] == ["birthday", "email", "role", "source", "uid"]
    assert step["conflicts"] == [{"key": "company", "ours": "Gervais Consulting", "theirs": "Gervais Strategy Group"}]

    run_cli(["import", "vcard", str(vcf), "--apply"], vault)
    assert (vault / "People/Alain Gervais.md").read_text(encoding="utf-8") == """---
name: Alain Gervais
aliases: [Al]
company: Gervais Consulting
email: [alain@gervaisconsulting.example, al.gervais@example.net]
phone: "+1 613 555 0101"
website: https://gervaisconsulting.example/
tier: A
role: Owner
birthday: --04-12
source: vcard
uid: UID
---
Strategy consultant for owner-run firms.

## Log
- 2026-10-21 coffee: his expansion; wants 400 sq ft near Elgin St.
""".replace("UID", derived_uid("People/Alain Gervais.md"))  # written once: it stays when the card is renamed


def test_one_person_from_two_sources_is_one_card_without_a_conflict(make_vault):
    vault = make_vault()
    import_file(vault, "vcard", "contacts-3.0.vcf")
    connections = (FIX / "Connections.csv").read_text(encoding="utf-8")
    wei = next(line for line in connections.splitlines() if line.startswith("Wei,Zhang,"))
    connections = connections.replace(wei, "Camille,Lefèvre,https://www.linkedin.com/in/camille-lefevre-design/,,"
                                           "Lefèvre Design Studio,Creative director,30 Dec 2020")
    (vault.parent / "Connections.csv").write_text(connections, encoding="utf-8")
    result = run_cli(["import", "linkedin", "Connections.csv", "--apply"], vault)
    assert [line for line in result.stdout.splitlines() if "Camille" in line] == [
        "merged into vault/People/Camille Lefèvre.md: met  (same LinkedIn profile; Connections.csv:11)",
        "  conflict in vault/People/Camille Lefèvre.md: role is 'Art director' on the card, 'Creative director' in "
        "the file (kept the card's; edit it by hand to change it)"]  # and none on `source`
    camille = card(vault, "People/Camille Lefèvre.md").props
    assert (camille["source"], camille["met"], camille["role"]) == ("vcard", dt.date(2020, 12, 30), "Art director")
    assert people(vault) == [  # one card for Camille
        "People/Anna Bergström.md", "People/Camille Lefèvre.md", "People/Hélène Côté.md",
        "People/José Álvarez Núñez.md", "People/Martin Okafor.md", "People/Priya Nair.md", "People/Siobhán Ó Briain.md", "People/Sophie Martin.md"]


# ---- never a half-applied import ---------------------------------------------------------------
CARD = """---
company: Gervais Consulting
email: alain@gervaisconsulting.example
---
Strategy consultant.

## Log
- 2026-10-21 coffee: his expansion.
"""


ROWS = """Name,Mail,Role
Ann Lee,ann@lee.example,Designer
Bo Chen,bo@chen.example,Baker
Alain Gervais,alain@gervaisconsulting.example,Owner
Cy Diaz,cy@diaz.example,Roofer
Dee Eng,dee@eng.example,Welder
"""


MAP = ["--map", "Name=name", "--map", "Mail=email", "--map", "Role=role"]


def planned_then(monkeypatch, meanwhile) -> None:
    """Between the plan and `--apply`, run ``meanwhile(steps)`` (another program at work)."""
    import netnotes.exchange.imports as importing

    real = importing.plan

    def plan(session, people):
        steps = real(session, people)
        meanwhile(steps)
        return steps

    monkeypatch.setattr(importing, "plan", plan)


def test_a_path_taken_between_plan_and_apply_undoes_the_cards_written(make_vault, tmp_path, monkeypatch):
    vault = make_vault({"People/Alain Gervais.md": CARD})
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    before = tree_hashes(vault)

    def take_cy(steps):
        assert [s.action for s in steps] == ["create", "create", "merge", "create", "create"]
        (vault / "People/Cy Diaz.md").mkdir()  # the 4th card's path, after two creates and a merge

    planned_then(monkeypatch, take_cy)
    result = run_cli(["import", "csv", str(path), *MAP, "--apply"], vault)
    assert result.exit_code == 2
    assert result.stderr == ("error: vault/People/Cy Diaz.md appeared meanwhile; nothing was imported, "
                             "run the import again\n")
    (vault / "People/Cy Diaz.md").rmdir()
    assert tree_hashes(vault) == before  # Ann and Bo removed, Alain's card restored, Dee never written
    assert not list(vault.rglob("*.netnotes-tmp"))


def test_a_card_broken_between_plan_and_apply_undoes_the_cards_written(make_vault, tmp_path, monkeypatch):
    vault = make_vault({"People/Alain Gervais.md": CARD})
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    broken = CARD.replace("company: Gervais Consulting", "company: [Gervais Consulting")

    planned_then(monkeypatch, lambda steps: (vault / "People/Alain Gervais.md").write_text(broken, encoding="utf-8"))
    result = run_cli(["import", "csv", str(path), *MAP, "--apply"], vault)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: vault/People/Alain Gervais.md: the front matter does not parse")
    assert "nothing was imported (the cards written so far were undone)" in result.stderr
    assert sorted(p.name for p in (vault / "People").iterdir()) == ["Alain Gervais.md"]
    assert (vault / "People/Alain Gervais.md").read_text(encoding="utf-8") == broken  # the user's save, as it was
