"""`netnotes sync vdir` (netnotes.exchange.vdir, vdirwrite, vcfedit, threeway, syncstate): a
vault and a vdir of .vcf files kept in step field by field, with the three-way merge tested
by hypothesis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from conftest import age, run_cli, tree_hashes, write_vault
from netnotes.exchange.threeway import merge
from netnotes.notes.people import derived_uid

ALAIN = '---\ncompany: Gervais Consulting\nemail: alain@example.com\nphone: "+1 613 555 0101"\ntier: A\n---\n' \
        "Private notes.\n\n## Log\n- 2026-11-10 call: secret pricing.\n"
UID = derived_uid("People/Alain Gervais.md")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def sync(vault: Path, vdir: Path, *extra: str, apply: bool = True) -> str:
    result = run_cli(["sync", "vdir", str(vdir), *extra] + (["--apply"] if apply else []), vault)
    assert result.exit_code == 0, result.output
    return result.output


def setup(tmp_path: Path, files: dict | None = None) -> tuple[Path, Path]:
    vault = write_vault(tmp_path / "v", files if files is not None else {"People/Alain Gervais.md": ALAIN})
    vdir = tmp_path / "c"
    vdir.mkdir()
    return vault, vdir


def vcf(vdir: Path, name: str = f"{UID}.vcf") -> Path:
    return vdir / name


# ---- the merge ------------------------------------------------------------------------------
values = st.one_of(st.sampled_from(["", "a", "b", "c"]),
                   st.lists(st.sampled_from(["x", "y", "z"]), unique=True, max_size=3).map(tuple))


@given(values, values, values)
def test_three_way_merge(base, vault, phone):
    if type(vault) is not type(phone) or type(base) is not type(vault):
        return
    m = merge(base, vault, phone)
    if vault == base:
        assert (m.vault, m.phone, m.conflict) == (phone, phone, False)  # only the phone changed
    elif phone == base:
        assert (m.vault, m.phone, m.conflict) == (vault, vault, False)  # only the vault changed
    elif vault == phone:
        assert (m.vault, m.phone, m.conflict) == (vault, vault, False)
    elif isinstance(vault, str):
        assert m.conflict and (m.vault, m.phone, m.base) == (vault, phone, base)  # neither overwritten
    else:
        assert not m.conflict and m.vault == m.phone
        assert all(x in m.vault for x in vault + phone if x not in base)  # what either side added
        assert not any(x in m.vault for x in base if x not in vault or x not in phone)  # or removed
    if not m.conflict:
        again = merge(m.base, m.vault, m.phone)
        assert (again.vault, again.phone, again.conflict) == (m.vault, m.phone, False)  # settled
    swapped = merge(base, phone, vault)
    assert swapped.conflict == m.conflict


@given(values, values)
def test_first_sync_merge(vault, phone):
    if type(vault) is not type(phone):
        return
    m = merge(None, vault, phone)
    if vault and phone and vault != phone and isinstance(vault, str):
        assert m.conflict
    else:
        assert not m.conflict and m.vault == m.phone


# ---- the vault and the vdir -----------------------------------------------------------------
def test_first_sync_sends_contact_details_only(tmp_path):
    vault, vdir = setup(tmp_path)
    plan = sync(vault, vdir, apply=False)
    assert plan.splitlines()[-1] == "1 contacts: 1 new .vcf files; nothing written (add --apply to write)"
    assert list(vdir.iterdir()) == []
    sync(vault, vdir)
    text = vcf(vdir).read_bytes().decode("utf-8")
    assert "TEL:+1 613 555 0101\r\n" in text and "ORG:Gervais Consulting\r\n" in text and f"UID:{UID}" in text
    assert "tier" not in text.lower() and "secret" not in text and "Private" not in text
    card = (vault / "People/Alain Gervais.md").read_text(encoding="utf-8")
    assert card == ALAIN.replace("tier: A\n", f"tier: A\nuid: {UID}\n")  # its identity, written once
    hashes = tree_hashes(vault), tree_hashes(vdir)
    assert sync(vault, vdir).splitlines() == ["1 contacts: 1 in step"]
    assert (tree_hashes(vault), tree_hashes(vdir)) == hashes  # a second run rewrites nothing (the state neither)


def test_phone_edit_keeps_the_rest_of_the_file_and_card(tmp_path):
    vault, vdir = setup(tmp_path)
    sync(vault, vdir)
    path = vcf(vdir)
    text = path.read_bytes().replace(b"TEL:+1 613 555 0101", b"item1.TEL;TYPE=CELL:+1 613 555 0199")
    text = text.replace(b"END:VCARD", b"PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n BBBB\r\nX-SOCIAL:@al\r\nEND:VCARD")
    path.write_bytes(text)
    card = vault / "People/Alain Gervais.md"
    card.write_text(card.read_text().replace("alain@example.com", "al@example.com"))
    age(card)
    before = card.read_text()
    out = sync(vault, vdir)
    assert f'wrote {UID}.vcf: email "al@example.com" (changed in the vault, People/Alain Gervais.md)' in out
    after = card.read_text()
    assert after == before.replace('"+1 613 555 0101"', '"+1 613 555 0199"').replace(
        f"uid: {UID}\n", f"uid: {UID}\nvcard: {{X-SOCIAL: 'X-SOCIAL:@al'}}\n")
    assert path.read_bytes() == text.replace(b"alain@example.com", b"al@example.com")  # photo and TYPE kept
    hashes = tree_hashes(vault), tree_hashes(vdir)
    sync(vault, vdir)
    assert (tree_hashes(vault), tree_hashes(vdir)) == hashes


def test_vault_edit_keeps_the_phone_type(tmp_path):
    vault, vdir = setup(tmp_path)
    sync(vault, vdir)
    path = vcf(vdir)
    path.write_bytes(path.read_bytes().replace(b"TEL:", b"TEL;TYPE=CELL:"))
    sync(vault, vdir)
    card = vault / "People/Alain Gervais.md"
    card.write_text(card.read_text().replace("0101", "0111"))
    age(card)
    sync(vault, vdir)
    assert b"TEL;TYPE=CELL:+1 613 555 0111\r\n" in path.read_bytes()


def test_conflict_is_reported_and_neither_side_overwritten(tmp_path):
    vault, vdir = setup(tmp_path)
    sync(vault, vdir)
    path = vcf(vdir)
    path.write_bytes(path.read_bytes().replace(b"Gervais Consulting", b"Gervais Inc"))
    card = vault / "People/Alain Gervais.md"
    card.write_text(card.read_text().replace("Gervais Consulting", "Gervais LLC"))
    age(card)
    vcf_bytes, card_text = path.read_bytes(), card.read_text()
    out = sync(vault, vdir, "--json")
    step = json.loads(out)["steps"][0]
    assert step["conflicts"] == [{"field": "company", "vault": "Gervais LLC", "phone": "Gervais Inc"}]
    assert path.read_bytes() == vcf_bytes and card.read_text() == card_text
    assert "conflict: company of People/Alain Gervais.md" in sync(vault, vdir)  # until settled
    card.write_text(card_text.replace("Gervais LLC", "Gervais Inc"))  # settled in the vault
    age(card)
    assert "conflict" not in sync(vault, vdir)
    path.write_bytes(path.read_bytes().replace(b"Gervais Inc", b"Gervais Ltd"))
    assert "company" in sync(vault, vdir) and "company: Gervais Ltd" in card.read_text()


def test_new_on_the_phone_becomes_a_card(tmp_path):
    vault, vdir = setup(tmp_path, {})
    vcf(vdir, "abc.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoe Cote\r\nEMAIL:zoe@example.com\r\n"
                                     b"CATEGORIES:friends\r\nUID:urn:uuid:abc\r\nEND:VCARD\r\n")
    out = sync(vault, vdir)
    assert "created People/Zoe Cote.md from abc.vcf (new on the phone)" in out
    card = (vault / "People/Zoe Cote.md").read_text()
    assert "email: zoe@example.com" in card and "uid: urn:uuid:abc" in card
    hashes = tree_hashes(vault), tree_hashes(vdir)
    assert sync(vault, vdir).splitlines() == ["1 contacts: 1 in step"]
    assert (tree_hashes(vault), tree_hashes(vdir)) == hashes


def test_tags_leave_only_when_included(tmp_path):
    vault, vdir = setup(tmp_path, {"People/Ann Lee.md": "---\ntags: [client]\n---\n"})
    sync(vault, vdir)
    path = next(vdir.glob("*.vcf"))
    assert b"CATEGORIES" not in path.read_bytes()
    sync(vault, vdir, "--include", "tags")
    assert b"CATEGORIES:client\r\n" in path.read_bytes()


def test_deletions(tmp_path):
    vault, vdir = setup(tmp_path, {"People/Alain Gervais.md": ALAIN, "People/Ann Lee.md": "---\nemail: a@x.org\n---\n"})
    sync(vault, vdir)
    ann = next(p for p in vdir.glob("*.vcf") if b"Ann Lee" in p.read_bytes())
    vcf(vdir).unlink()  # deleted on the phone
    out = sync(vault, vdir)
    assert f"{UID}.vcf was deleted on the phone; the card People/Alain Gervais.md stays" in out
    assert (vault / "People/Alain Gervais.md").exists() and not vcf(vdir).exists()
    assert "deleted on the phone" in sync(vault, vdir) and not vcf(vdir).exists()  # not sent again
    sync(vault, vdir, "--resend", "Alain Gervais")
    assert vcf(vdir).exists()
    (vault / "People/Ann Lee.md").unlink()  # deleted in the vault, unchanged on the phone
    assert f"removed {ann.name}: its card People/Ann Lee.md was deleted in the vault" in sync(vault, vdir)
    assert not ann.exists()
    (vault / "People/Alain Gervais.md").unlink()
    vcf(vdir).write_bytes(vcf(vdir).read_bytes().replace(b"0101", b"0102"))  # but changed on the phone
    assert "kept" in sync(vault, vdir) and vcf(vdir).exists()


def test_unreadable_and_foreign_files_are_left_alone(tmp_path):
    vault, vdir = setup(tmp_path)
    (vdir / "notes.txt").write_text("not a card")
    (vdir / "bad.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBEGIN:VCARD\r\nEND:VCARD\r\n")
    out = sync(vault, vdir)
    assert "problem: bad.vcf: holds 2 vCards, a vdir has one per file; left alone" in out
    assert (vdir / "notes.txt").read_text() == "not a card"


def test_not_a_folder(tmp_path):
    vault, _vdir = setup(tmp_path)
    result = run_cli(["sync", "vdir", str(tmp_path / "nope")], vault)
    assert result.exit_code == 2 and "nope is not a folder" in result.output and "Traceback" not in result.output


def test_undo_puts_the_cards_back(tmp_path):
    vault, vdir = setup(tmp_path)
    sync(vault, vdir)
    card = vault / "People/Alain Gervais.md"
    synced = card.read_text()
    vcf(vdir).write_bytes(vcf(vdir).read_bytes().replace(b"0101", b"0199"))
    sync(vault, vdir)
    assert "0199" in card.read_text()
    assert run_cli(["undo"], vault).exit_code == 0
    assert card.read_text() == synced


def test_a_card_that_cannot_be_edited_safely_is_left_and_the_others_sync(tmp_path):
    vault, vdir = setup(tmp_path, {"People/Alain Gervais.md": ALAIN, "People/Ann Lee.md": "---\nemail: a@x.org\n---\n"})
    sync(vault, vdir)
    card = vault / "People/Alain Gervais.md"
    card.write_text(card.read_text().replace('phone: "+1 613 555 0101"', 'phone:\n  - "+1 613 555 0101"'))
    age(card)
    sync(vault, vdir)  # the block list reads as before: nothing to do
    path = vcf(vdir)
    path.write_bytes(path.read_bytes().replace(b"0101", b"0199"))
    ann = next(p for p in vdir.glob("*.vcf") if b"Ann Lee" in p.read_bytes())
    ann.write_bytes(ann.read_bytes().replace(b"a@x.org", b"ann@x.org"))
    before = card.read_bytes()
    out = sync(vault, vdir)
    assert "problem: " in out and "spans several lines" in out and "this contact was not synced" in out
    assert card.read_bytes() == before
    assert "email: ann@x.org" in (vault / "People/Ann Lee.md").read_text()
    assert "problem: " in sync(vault, vdir)  # still said, until the card is fixed


def test_notes_leave_only_when_included_and_come_back(tmp_path):
    vault, vdir = setup(tmp_path)
    sync(vault, vdir)
    path = vcf(vdir)
    assert b"NOTE" not in path.read_bytes()
    sync(vault, vdir, "--include", "note")
    assert b"NOTE:Private notes.\r\n" in path.read_bytes()
    path.write_bytes(path.read_bytes().replace(b"NOTE:Private notes.", b"NOTE:Met at the mixer."))
    card = vault / "People/Alain Gervais.md"
    before = card.read_text()
    sync(vault, vdir, "--include", "note")
    assert card.read_text() == before.replace("Private notes.", "Met at the mixer.")  # the log untouched
    assert "secret pricing" not in path.read_text()
