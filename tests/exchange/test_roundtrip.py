"""Lossless import and export (issue 21): what each format holds lands on a card field or is
kept under `vcard:` (and said so in the plan), an export writes all of it back, and import,
export, import gives the same cards. The files in tests/fixtures/roundtrip/ have what real
exports have: a BOM, folded lines, quoted-printable (folded, and with soft line breaks), a
photo, vCard 3.0 and 4.0, Outlook's headers, semicolons and tabs, LinkedIn's preamble."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, parse, run_cli, run_ok

FIX = FIXTURES / "roundtrip"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def imported(vault: Path, kind: str, path: Path | str) -> str:
    return run_ok(["import", kind, str(path), "--apply"], vault).stdout


def card(vault: Path, name: str):
    rel = f"People/{name}.md"
    return parse((vault / rel).read_bytes(), rel)


def cards(vault: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((vault / "People").glob("*.md"))}


def exported(vault: Path, fmt: str = "vcard", *extra: str) -> str:
    """The export as the file holds it (CRLF line ends), folded lines joined."""
    run_ok(["export", fmt, "--out", f"export.{fmt}", *extra], vault)
    return Path(f"export.{fmt}").read_bytes().decode("utf-8").replace("\r\n ", "")


def vcard_of(vcf: str, name: str) -> list[str]:
    """The lines of one person's vCard in an export."""
    start = vcf.index(f"FN:{name}\r\n")
    return vcf[start:vcf.index("END:VCARD", start)].split("\r\n")


def without(text: str, *keys: str) -> str:
    """A card's text without the lines of some properties (`source`: it names the format)."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(tuple(f"{k}:" for k in keys)))


# ---- vCard: what it holds lands on the card ------------------------------------------------------
def test_vcard_import_keeps_address_nicknames_categories_and_uid(make_vault):
    vault = make_vault()
    out = imported(vault, "vcard", FIX / "phone.vcf")
    assert out.splitlines() == [
        "created: vault/People/Zoé Côté.md  (phone.vcf:1)",
        "  note: photo left out (phone.vcf:1)",
        "  kept under vcard: EMAIL, TEL, ORG, URL, ADR, X-ABADR, X-ABLABEL, X-SOCIALPROFILE, REV (phone.vcf:1)",
        "created: vault/People/Alejandro García López.md  (phone.vcf:37)",
        "  kept under vcard: N, EMAIL, TEL, ADR, X-TWITTER (phone.vcf:37)",
        "2 people: 2 create",
    ]
    zoe = card(vault, "Zoé Côté").props
    assert (zoe["address"], zoe["city"]) == ("Suite 210, 45 rue Laurier", "Gatineau")
    assert zoe["aliases"] == ["Zozo"] and zoe["tags"] == ["Clients", "Chamber"]
    assert zoe["uid"] == "8F2C1D3E-5A4B-4C6D-9E8F-1A2B3C4D5E6F"  # the phone's own UID
    assert zoe["vcard"]["ADR"] == ["item1.ADR;TYPE=WORK,pref:;Suite 210;45 rue Laurier;Gatineau;QC;J8X 4C6;Canada",
                                   "ADR;TYPE=HOME:;;12 Maple Ave;Ottawa;ON;K1S 2B1;Canada"]
    assert zoe["vcard"]["X-SOCIALPROFILE"] == "X-SOCIALPROFILE;TYPE=instagram:https://instagram.com/cotedesign"
    assert zoe["vcard"]["TEL"] == "TEL;TYPE=CELL,VOICE,pref:+1 (819) 555-0196"  # its TYPE; the other TEL is plain
    text = (vault / "People/Zoé Côté.md").read_text(encoding="utf-8")
    assert "PHOTO" not in text and "AAECAwQF" not in text
    # quoted-printable with a soft line break (`=` at the end, the next line without a space)
    assert "Cherche un comptable pour sa filiale." in text
    ale = card(vault, "Alejandro García López").props
    assert ale["aliases"] == ["Ale", "Alex"]  # NICKNAME:Ale,Alex is two nicknames
    assert (ale["address"], ale["city"], ale["tags"]) == ("200 Elgin St, Floor 3", "Ottawa", ["Lawyers"])
    assert ale["phone"] == "+1-613-555-0188" and ale["birthday"] == "--07-22"


def test_the_plan_says_what_is_kept_in_json_too(make_vault):
    vault = make_vault()
    steps = json.loads(run_ok(["import", "vcard", str(FIX / "phone.vcf"), "--json"], vault).stdout)["steps"]
    assert steps[0]["skipped"] == ["photo"]
    assert steps[0]["kept"] == ["EMAIL", "TEL", "ORG", "URL", "ADR", "X-ABADR", "X-ABLABEL", "X-SOCIALPROFILE", "REV"]
    assert "address" in steps[0]["fields"] and "aliases" in steps[0]["fields"] and "vcard" in steps[0]["fields"]


def test_export_writes_address_aliases_tags_uid_and_the_kept_lines(make_vault):
    vault = make_vault()
    imported(vault, "vcard", FIX / "phone.vcf")
    zoe = vcard_of(exported(vault), "Zoé Côté")
    for line in ("NICKNAME:Zozo", "CATEGORIES:Clients,Chamber", "UID:8F2C1D3E-5A4B-4C6D-9E8F-1A2B3C4D5E6F",
                 "item1.ADR;TYPE=WORK,pref:;Suite 210;45 rue Laurier;Gatineau;QC;J8X 4C6;Canada",
                 "ADR;TYPE=HOME:;;12 Maple Ave;Ottawa;ON;K1S 2B1;Canada", "ORG:Côté Design;Studio",
                 "X-SOCIALPROFILE;TYPE=instagram:https://instagram.com/cotedesign", "TEL:819 555 0197",
                 "TEL;TYPE=CELL,VOICE,pref:+1 (819) 555-0196"):
        assert line in zoe


def test_an_edit_on_the_card_wins_over_the_kept_line(make_vault):
    """The user moved: the exported ADR has the card's street and city, and the kept line's TYPE;
    a phone removed from the card is not written back from `vcard:`."""
    vault = make_vault()
    imported(vault, "vcard", FIX / "phone.vcf")
    path = vault / "People/Zoé Côté.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("address: Suite 210, 45 rue Laurier", "address: 9 rue Principale")
                    .replace("phone: [+1 (819) 555-0196, 819 555 0197]", "phone: 819 555 0197"), encoding="utf-8")
    vcf = exported(vault)
    assert "item1.ADR;TYPE=WORK,pref:;;9 rue Principale;Gatineau;QC;J8X 4C6;Canada\r\n" in vcf
    assert "555-0196" not in vcf


# ---- round trips ---------------------------------------------------------------------------------
def round_trip(make_vault, kind: str, fixture: Path) -> tuple[Path, Path]:
    """Import the file into one vault, export it as vCard, import that into an empty vault."""
    first, second = make_vault(name="first"), make_vault(name="second")
    imported(first, kind, fixture)
    run_ok(["export", "vcard", "--out", "out.vcf"], first)
    imported(second, "vcard", "out.vcf")
    return first, second


def test_vcard_import_export_import_gives_the_same_cards(make_vault):
    first, second = round_trip(make_vault, "vcard", FIX / "phone.vcf")
    assert cards(second) == cards(first)
    zoe = cards(second)["Zoé Côté.md"]  # with everything the phone had, but the photo
    for line in ("aliases: [Zozo]", "address: Suite 210, 45 rue Laurier", "city: Gatineau", "tags: [Clients, Chamber]",
                 "uid: 8F2C1D3E-5A4B-4C6D-9E8F-1A2B3C4D5E6F", "X-SOCIALPROFILE: 'X-SOCIALPROFILE;TYPE=instagram:"):
        assert line in zoe
    again = make_vault(name="third")  # and the export of the copy is the same file
    run_ok(["export", "vcard", "--out", "again.vcf"], second)
    assert Path("again.vcf").read_bytes() == Path("out.vcf").read_bytes()
    imported(again, "vcard", "again.vcf")
    assert cards(again) == cards(first)


def test_the_older_fixtures_round_trip_too(make_vault):
    for name in ("contacts-3.0.vcf", "contacts-4.0.vcf"):
        first, second = round_trip(make_vault, "vcard", FIXTURES / "import" / name)
        assert cards(second) == cards(first), name
        shutil.rmtree(first)
        shutil.rmtree(second)


@pytest.mark.parametrize("kind,fixture,count", [
    ("csv", "outlook.csv", 2), ("csv", "google-semicolon.csv", 2), ("csv", "google-tab.csv", 2),
    ("linkedin", "Connections.csv", 4)])
def test_csv_formats_round_trip_through_vcard(make_vault, kind, fixture, count):
    """What the CSV had comes back from the vCard: the same cards, but for `source` (which
    names the format) and `met` (LinkedIn's `Connected On`, which no vCard property holds)."""
    first, second = round_trip(make_vault, kind, FIX / fixture)
    assert len(cards(first)) == count
    assert any("aliases: " in text or "city: " in text for text in cards(second).values())  # not lost on the way
    assert {k: without(v, "source", "met") for k, v in cards(second).items()} == \
        {k: without(v, "source", "met") for k, v in cards(first).items()}


# ---- Google, Outlook, LinkedIn, delimiters --------------------------------------------------------
def test_google_csv_keeps_address_and_nickname(make_vault):
    vault = make_vault()
    imported(vault, "csv", FIXTURES / "import" / "google-contacts.csv")
    nora = card(vault, "Nora Whitfield").props
    assert (nora["address"], nora["city"]) == ("12 Bank St", "Ottawa")
    assert nora["vcard"]["ADR"] == "ADR;TYPE=Work:;;12 Bank St;Ottawa;ON;K1P 5N2;CA"


@pytest.mark.parametrize("fixture", ["google-semicolon.csv", "google-tab.csv"])
def test_semicolon_and_tab_csvs_are_read(make_vault, fixture):
    vault = make_vault()
    out = imported(vault, "csv", FIX / fixture)
    assert out.splitlines()[-1] == "2 people: 2 create"
    klaus = card(vault, "Klaus Müller")
    assert klaus.props["aliases"] == ["Klausi"] and klaus.props["company"] == "Müller Steuerberatung"
    assert (klaus.props["address"], klaus.props["city"]) == ("Friedrichstr. 12", "Berlin")
    assert klaus.props["email"] == "klaus@mueller-steuer.example" and klaus.props["tags"] == ["Accountants"]
    assert 'Tax adviser; "Sehr gründlich"; refers German clients.' in klaus.body  # quoted semicolons
    anais = card(vault, "Anaïs Dubois").props
    assert anais["city"] == "Lyon" and anais["birthday"] == "--05-17"


def test_outlook_csv_headers_are_recognised(make_vault):
    vault = make_vault()
    out = imported(vault, "csv", FIX / "outlook.csv")
    assert out.splitlines() == [
        "created: vault/People/Bernard Tremblay.md  (outlook.csv:2)",
        "  kept under vcard: ORG, ADR, X-SPOUSE (outlook.csv:2)",
        "created: vault/People/Ingrid Nilsson.md  (outlook.csv:4)",
        "  kept under vcard: ADR (outlook.csv:4)",
        "2 people: 2 create",
    ]
    ben = card(vault, "Bernard Tremblay").props
    assert ben["aliases"] == ["Ben"] and ben["role"] == "Broker" and ben["company"] == "Tremblay Assurances"
    assert ben["phone"] == ["613-555-0194", "+1 613 555 0193"]  # the mobile first
    assert ben["birthday"] == dt.date(1971, 4, 12)  # 4/12/1971
    assert ben["tags"] == ["Insurance", "Referral partners"]  # Outlook's categories, `;` between
    assert (ben["address"], ben["city"]) == ("100 Queen St Suite 5", "Ottawa")
    assert ben["vcard"]["X-SPOUSE"] == "X-SPOUSE:Lise" and ben["source"] == "outlook"
    ingrid = card(vault, "Ingrid Nilsson").props
    assert "birthday" not in ingrid  # 0/0/00 is Outlook's "none"
    assert ingrid["city"] == "Chelsea"


def test_linkedin_display_names_are_cleaned_and_kept_as_aliases(make_vault):
    vault = make_vault()
    out = imported(vault, "linkedin", FIX / "Connections.csv")
    assert sorted(cards(vault)) == ["Priya Nair.md", "Sophie Martin.md", "Tom Baker, Jr.md", "Wei Zhang.md"]
    assert "🚀" not in out and "CPA" not in out
    assert card(vault, "Sophie Martin").props["aliases"] == ["Sophie Martin, CPA"]
    assert card(vault, "Wei Zhang").props["aliases"] == ["Wei 🚀 Zhang"]
    assert card(vault, "Priya Nair").props["aliases"] == ["Priya Nair ✨, MBA, PMP"]
    assert "aliases" not in card(vault, "Tom Baker, Jr").props  # Jr. is his name, not a credential


# ---- identity ------------------------------------------------------------------------------------
def test_a_uid_written_at_import_survives_a_rename(make_vault):
    vault = make_vault()
    imported(vault, "vcard", FIXTURES / "import" / "contacts-3.0.vcf")
    uid = card(vault, "Martin Okafor").props["uid"]
    assert f"UID:{uid}" in vcard_of(exported(vault), "Martin Okafor")
    (vault / "People/Martin Okafor.md").rename(vault / "People/Martin Okafor (plumber).md")
    assert f"UID:{uid}" in vcard_of(exported(vault), "Martin Okafor (plumber)")
    run_ok(["import", "vcard", str(FIXTURES / "import" / "contacts-3.0.vcf"), "--apply"], vault)
    assert card(vault, "Martin Okafor (plumber)").props["uid"] == uid  # found again, not changed


def test_the_ics_uid_is_the_cards_uid_so_a_rename_keeps_the_event(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\ntier: A\nuid: ann-lee-7f3a\nmet: 2026-10-01\n---\n\n## Log\n"})
    assert "UID:ann-lee-7f3a\r\n" in exported(vault, "ics", "--today", "2026-11-20")
    (vault / "People/Ann Lee.md").rename(vault / "People/Ann Lee-Park.md")
    assert "UID:ann-lee-7f3a\r\n" in exported(vault, "ics", "--today", "2026-11-20")


# ---- CSV for Excel, types.json --------------------------------------------------------------------
def test_csv_export_with_a_bom_for_excel(make_vault):
    vault = make_vault({"People/Zoé Côté.md": "---\ncompany: Côté Design\n---\n"})
    run_ok(["export", "csv", "--bom", "--out", "excel.csv"], vault)
    data = Path("excel.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfname,company,")
    assert "Zoé Côté,Côté Design" in data.decode("utf-8-sig")
    assert not run_ok(["export", "csv"], vault).stdout.startswith("\ufeff")  # only when asked


def test_types_json_declares_phone_as_a_list_as_netnotes_writes_it(make_vault, tmp_path):
    vault = tmp_path / "notes"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "app.json").write_text("{}")
    run_ok(["init", str(vault)])
    types = json.loads((vault / ".obsidian" / "types.json").read_text())["types"]
    assert types["phone"] == "multitext" and types["website"] == "multitext" and types["email"] == "multitext"
    assert types["address"] == types["city"] == types["uid"] == "text"
    imported(vault, "csv", FIXTURES / "import" / "google-contacts.csv")
    nora = card(vault, "Nora Whitfield").props
    assert isinstance(nora["phone"], list) and isinstance(nora["email"], list)  # what multitext means


def test_a_bad_kept_line_is_written_back_as_it_is(make_vault):
    vault = make_vault({"People/Ann Lee.md": "---\nvcard: {X-ODD: 'X-ODD;broken=\"'}\n---\n"})
    assert "X-ODD;broken=\"" in vcard_of(exported(vault), "Ann Lee")


# ---- property: card -> vCard -> card ---------------------------------------------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from netnotes.exchange.exports import to_vcard  # noqa: E402
from netnotes.exchange.readers import read_vcard  # noqa: E402
from netnotes.notes.people import card_props  # noqa: E402
from netnotes.notes.yamlwrite import emit  # noqa: E402

_word = st.text("abcdeéèçñøßžABCÉÑZ'-", min_size=1, max_size=8).filter(lambda w: w.strip("'-"))
_words = st.lists(_word, min_size=1, max_size=3).map(" ".join)
_odd = st.text("abcé ,;:\\\"'&()/.-", min_size=1, max_size=20).map(lambda s: " ".join(s.split())).filter(
    lambda s: s and s[0] not in "-'\"&" and s.strip(".,;:\\/") == s)
_phone = st.from_regex(r"\+1 [2-9]\d\d [2-9]\d\d \d{4}", fullmatch=True)
_email = st.from_regex(r"[a-z]{1,6}(\.[a-z]{1,4})?@[a-z]{2,6}\.example", fullmatch=True)
_tag = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
# a kept line as an import writes it (vobject's escaping already applied)
_line = st.from_regex(r"X-[A-Z]{2,6}(;TYPE=[a-z]{2,5})?:[a-z0-9 .@]{0,12}[a-z0-9]", fullmatch=True)


@st.composite
def cards_text(draw) -> str:
    props: dict[str, object] = {}
    for key, strategy in (("aliases", st.lists(_words, max_size=2, unique_by=str.casefold)),
                          ("company", _odd), ("role", _odd), ("email", st.lists(_email, max_size=2, unique=True)),
                          ("phone", st.lists(_phone, max_size=2, unique=True)), ("address", _odd), ("city", _words),
                          ("tags", st.lists(_tag, max_size=3, unique=True)), ("uid", st.uuids().map(str))):
        value = draw(st.one_of(st.none(), strategy))
        if value:
            props[key] = value
    kept = draw(st.lists(_line, max_size=3, unique_by=lambda s: s.split(":")[0].split(";")[0]))
    if kept:
        props["vcard"] = {line.split(":")[0].split(";")[0]: line for line in kept}
    note = draw(st.one_of(st.just(""), st.lists(_odd, min_size=1, max_size=3).map("\n".join)))
    fm = "".join(f"{k}: {emit(v)}\n" for k, v in props.items())
    return f"---\n{fm}---\n{note}\n\n## Log\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=cards_text(), name=_words)
def test_a_card_exported_as_vcard_reads_back_as_the_same_card(tmp_path, text, name):
    if "," in name or name.lower() in text.lower():
        return
    note = parse(text.encode("utf-8"), f"People/{name}.md")
    path = tmp_path / "one.vcf"
    path.write_text(to_vcard([note]), encoding="utf-8", newline="")
    back, = read_vcard(path)
    assert back.name == name

    def same(props: dict) -> dict:
        out = {k: v for k, v in props.items() if k != "source"}
        if isinstance(out.get("aliases"), list):  # a nickname equal to the name is the name
            out["aliases"] = [a for a in out["aliases"] if a.casefold() != name.casefold()] or None
        return {k: v for k, v in out.items() if v}

    expected = {k: v for k, v in note.props.items()}
    expected.setdefault("uid", back.uid)  # no uid: the one its path gives, as on import
    for key in ("email", "phone", "aliases", "tags"):
        if isinstance(expected.get(key), list) and len(expected[key]) == 1 and key in ("email", "phone"):
            expected[key] = expected[key][0]  # one value is written as a text, as imports write it
    assert same(card_props(back)) == same(expected)
    assert back.note == note.body.split("\n## Log")[0].strip()


def test_a_namesake_at_another_company_gets_a_card_of_her_own(make_vault):
    """Cleaned, LinkedIn's "Sophie Martin, CPA" has the name of the vault's Sophie Martin, an
    event planner: only the name is the same, so nothing of the bookkeeper goes on her card."""
    planner = "---\ncompany: Martin Events\nrole: Event planner\n---\nPlans the chamber gala.\n\n## Log\n"
    vault = make_vault({"People/Sophie Martin.md": planner})
    out = imported(vault, "linkedin", FIX / "Connections.csv")
    assert ("created: vault/People/Sophie Martin (2).md  (Connections.csv:5; same name as People/Sophie Martin.md, "
            "another company)") in out.splitlines()
    assert (vault / "People/Sophie Martin.md").read_text(encoding="utf-8") == planner
    bookkeeper = card(vault, "Sophie Martin (2)").props
    assert (bookkeeper["name"], bookkeeper["aliases"], bookkeeper["company"]) == (
        "Sophie Martin", ["Sophie Martin, CPA"], "Martin Bookkeeping")


def test_uid_and_vcard_are_known_properties_and_checked(make_vault):
    vault = make_vault()
    imported(vault, "vcard", FIX / "phone.vcf")
    assert run_ok(["validate", "--strict"], vault).stdout.endswith("0 errors, 0 warnings\n")
    (vault / "People/Odd.md").write_text("---\nvcard: [not, a, mapping]\n---\n", encoding="utf-8")
    result = run_cli(["validate"], vault)
    assert result.exit_code == 1 and "Odd.md:2:8: error[field-type] `vcard` must map property names" in result.stdout
