"""Reading other tools' exports (netnotes.exchange.readers): a bad file gives one clear error
naming the file and line, and nothing is written; a big file is a bounded run."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli, tree_hashes

FIX = FIXTURES / "import"
CARD = """---
company: Gervais Consulting
email: alain@gervaisconsulting.example
---
Strategy consultant.

## Log
- 2026-10-21 coffee: his expansion.
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def fails(vault: Path, *args: str, code: int = 2) -> str:
    """Run a command that must fail without writing anything; its one error (and hint) line."""
    before = tree_hashes(vault)
    result = run_cli(list(args), vault)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert tree_hashes(vault) == before
    assert not list(vault.rglob("*.netnotes-tmp"))
    return result.stderr


def test_a_truncated_vcard_names_the_card_that_is_cut(make_vault, tmp_path):
    vault = make_vault({"People/Alain Gervais.md": CARD})
    data = (FIX / "contacts-3.0.vcf").read_bytes()
    cut = tmp_path / "cut.vcf"
    cut.write_bytes(data[: data.index(b"PHOTO") + 300])  # in the middle of the second card's photo
    err = fails(vault, "import", "vcard", "cut.vcf", "--apply")
    assert err == ("error: cut.vcf:20: this vCard is not closed (no END:VCARD); the file looks truncated\n"
                   "  hint: export it again\n")


def test_a_file_that_is_not_a_vcard(make_vault):
    vault = make_vault()
    err = fails(vault, "import", "vcard", str(FIX / "crm-export.csv"), "--apply")
    assert err.startswith(f"error: {FIX / 'crm-export.csv'}: no BEGIN:VCARD found; is this a vCard file?")


@pytest.mark.parametrize("kind", ["csv", "linkedin"])
def test_a_latin_1_csv_names_the_line_of_the_first_bad_byte(make_vault, tmp_path, kind):
    vault = make_vault()
    path = tmp_path / "latin1.csv"
    path.write_bytes("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                     "Ann,Lee,,,Lee Design,Owner,12 Mar 2024\n"
                     "José,Álvarez,,,Álvarez Legal,Partner,3 Sep 2019\n".encode("latin-1"))
    args = ["import", kind, "latin1.csv", "--apply"] + (["--map", "First Name=first_name"] if kind == "csv" else [])
    assert fails(vault, *args) == ("error: latin1.csv:3: not UTF-8 (byte 0xE9)\n"
                                   "  hint: export the file again as UTF-8 (or re-save it as UTF-8)\n")


def test_a_bom_is_fine(make_vault, tmp_path):
    vault = make_vault()
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfName,Mail\r\nAnn Lee,ann@lee.example\r\n")
    result = run_cli(["import", "csv", str(path), "--map", "Name=name", "--map", "Mail=email", "--apply"], vault)
    assert result.exit_code == 0, result.output
    assert (vault / "People/Ann Lee.md").exists()


def test_unknown_and_missing_headers(make_vault, tmp_path):
    vault = make_vault()
    path = tmp_path / "contacts.csv"
    path.write_text("Nom,Courriel,Téléphone\nAnn Lee,ann@lee.example,613-555-0100\n", encoding="utf-8")
    err = fails(vault, "import", "csv", "contacts.csv")
    assert err.splitlines()[0] == ("error: contacts.csv:1: netnotes does not know this CSV layout "
                                   "(columns: Nom, Courriel, Téléphone)")
    assert err.splitlines()[1].startswith('  hint: say which column is which: --map "Full name=name"')

    err = fails(vault, "import", "csv", "contacts.csv", "--map", "Nom=name", "--map", "Mail=email")
    assert err == "error: contacts.csv:1: no column 'Mail'; the columns are: Nom, Courriel, Téléphone\n"

    err = fails(vault, "import", "csv", "contacts.csv", "--map", "Nom=full_name")
    assert err.startswith("error: --map 'Nom=full_name': write COLUMN=FIELD with FIELD one of name, first_name,")

    err = fails(vault, "import", "linkedin", "contacts.csv")
    assert err == ("error: contacts.csv: no header line starting with `First Name` in the first 50 lines; "
                   "is this LinkedIn's Connections.csv?\n")

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert fails(vault, "import", "csv", "empty.csv") == "error: empty.csv: the file is empty\n"


def test_a_bad_date_names_its_line(make_vault, tmp_path):
    vault = make_vault()
    path = tmp_path / "Connections.csv"
    path.write_text("Notes:\n\"Some text, with a comma\"\n\n"
                    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Ann,Lee,,,,,12 Mar 2024\nBo,Chen,,,,,yesterday\n", encoding="utf-8")
    assert fails(vault, "import", "linkedin", "Connections.csv", "--apply") == \
        "error: Connections.csv:6: `Connected On` is `yesterday`, not a date like `12 Mar 2024`\n"


def test_a_50_mb_csv_is_a_bounded_run(make_vault, tmp_path, monkeypatch):
    """50 MB of Google rows (about 1 KB each: notes, as real exports have): planned in a few
    seconds, every row accounted for, nothing written by the dry run."""
    vault = make_vault({"People/Alain Gervais.md": CARD})
    path = tmp_path / "big.csv"
    header = ["First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title", "Notes",
              "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value"]
    notes = "Met at the trade show; follows up in spring about the warehouse lease, two kids, cycling. " * 10
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerow(["Alain", "", "Gervais", "Gervais Consulting", "Owner", "", "* myContacts", "* Work",
                    "alain@gervaisconsulting.example", "Mobile", "+1 613 555 0101"])
        rows = 1
        while f.tell() < 50 * 1024 * 1024:
            w.writerow([f"Given{rows}", "", f"Family{rows}", f"Company {rows % 997}", "Owner", notes,
                        "* myContacts", "* Work", f"p{rows}@example.com", "Mobile", f"+1 819 {rows:07d}"])
            rows += 1
    assert path.stat().st_size >= 50 * 1024 * 1024

    before = tree_hashes(vault)
    started = time.monotonic()
    result = run_cli(["import", "csv", str(path)], vault)
    took = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (f"{rows} people: {rows - 1} create, 1 merge; "
                                              "nothing written (add --apply to write)")
    assert tree_hashes(vault) == before
    assert took < 30, f"planning {rows} rows took {took:.1f}s"

    # Past the size limit: a clear error before reading the rows.
    monkeypatch.setattr("netnotes.exchange.readers.MAX_FILE", 10 * 1024 * 1024)
    assert fails(vault, "import", "csv", "big.csv", "--apply") == (
        "error: big.csv: 50 MiB is more than netnotes imports at once\n  hint: split the file\n")
