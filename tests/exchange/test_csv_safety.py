"""CSV and JSON that any program can read safely: no cell a spreadsheet would run, and valid
UTF-8 even for a file name that is not."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from conftest import run_netnotes, write_vault
from netnotes.exchange.exports import cell


@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("@SUM(A1)", "'@SUM(A1)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "-2+3"), ("\tx", "'\tx"),
    ("+1 613 555 0114", "+1 613 555 0114"), ("-12.50", "-12.50"), ("Ann", "Ann"), ("", ""),
])
def test_a_cell_that_would_be_a_formula_is_neutralised(value, shown):
    assert cell(value) == shown


def test_export_csv_neutralises_formulas_and_import_reads_them_back(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "People/Eve.md": "---\nname: \"=1+2\"\ncompany: \"@SUM(A1)\"\nphone: \"+1 613 555 0114\"\n"
                         "email: eve@example.com\n---\n"})
    done = run_netnotes(["export", "csv"], vault=vault)
    assert done.returncode == 0, done.stderr
    row = list(csv.DictReader(io.StringIO(done.stdout)))[0]
    assert (row["name"], row["company"], row["phone"]) == ("'=1+2", "'@SUM(A1)", "+1 613 555 0114")
    (tmp_path / "out.csv").write_text(done.stdout, encoding="utf-8")
    other = write_vault(tmp_path / "w")
    imported = run_netnotes(["import", "csv", str(tmp_path / "out.csv"), "--apply", "--map", "name=name",
                             "--map", "company=company", "--map", "phone=phone", "--map", "email=email"],
                            vault=other)
    assert imported.returncode == 0, imported.stderr
    card = next((other / "People").glob("*.md")).read_text(encoding="utf-8")
    assert "company: '@SUM(A1)'" in card  # YAML's quotes around the value itself: no extra quote


def test_json_and_csv_are_valid_utf8_for_a_file_name_that_is_not(tmp_path):
    vault = write_vault(tmp_path / "v", {"People/Ann.md": "---\nname: Ann\n---\n"})
    (vault / "People").joinpath(os.fsdecode(b"Bad\xff Name.md")).write_bytes(b"---\nname: Bad Name\n---\n")
    for args in (["list", "--json"], ["export", "json"], ["export", "csv"], ["validate", "--format", "json"]):
        argv = [str(a) for a in args]
        from conftest import NETNOTES, user_env
        import subprocess

        out = subprocess.run([str(NETNOTES), "--vault", str(vault), *argv], env=user_env(), capture_output=True)
        assert out.returncode in (0, 1), out.stderr
        text = out.stdout.decode("utf-8")  # strict: raises on an invalid byte
        if args[0] != "validate" and "csv" not in args:
            paths = [r["path"] for r in json.loads(text)]
            assert os.fsdecode(b"People/Bad\xff Name.md") in paths  # the exact name, escaped in JSON
    (tmp_path / "x.json").unlink(missing_ok=True)
    done = run_netnotes(["export", "json", "--out", str(tmp_path / "x.json")], vault=vault)
    assert done.returncode == 0, done.stderr
    json.loads((tmp_path / "x.json").read_bytes().decode("utf-8"))
