"""The one decoder of a user's file bytes (netnotes.base.text): a BOM is dropped, line breaks
stay as written, and a bad byte is reported where it is, the same way by every reader."""

from __future__ import annotations

import pytest

from netnotes.base.text import BOM, NotUtf8, decode_text


@pytest.mark.parametrize("data, text", [
    (b"", ""),
    (BOM, ""),
    (BOM + b"---\r\nname: Zo\xc3\xab\r\n", "---\r\nname: Zoë\r\n"),
    ("na\u00efve\rold mac\n".encode(), "na\u00efve\rold mac\n"),  # no newline translation
    (BOM + BOM + b"x", "\ufeffx"),  # only the first BOM is the file's; the second is text
    (b"x" + BOM, "x\ufeff"),
])
def test_a_bom_is_dropped_and_the_rest_kept_as_written(data, text):
    assert decode_text(data) == text
    assert decode_text(data, errors="replace") == text


def test_the_bad_byte_is_reported_by_offset_line_and_column_after_the_bom():
    data = BOM + "---\nname: H".encode() + b"\xe9l\xe8ne\n---\n"
    with pytest.raises(NotUtf8) as bad:
        decode_text(data)
    e = bad.value
    assert (e.offset, e.line, e.col, e.byte) == (11, 2, 8, 0xE9)
    assert isinstance(e, ValueError)
    assert str(e) == "byte 0xE9 at line 2, column 8 is not UTF-8"


def test_replace_keeps_the_meaning_of_bytes_decode():
    data = BOM + b"caf\xe9 \xff ok"
    assert decode_text(data, errors="replace") == "caf\ufffd \ufffd ok"
    assert decode_text(data, errors="replace") == data.decode("utf-8-sig", "replace")


def test_a_truncated_sequence_at_the_end_is_reported():
    with pytest.raises(NotUtf8) as bad:
        decode_text("ok\né".encode()[:-1])
    assert (bad.value.line, bad.value.col, bad.value.byte) == (2, 1, 0xC3)


def test_every_reader_reports_the_same_place(make_vault, tmp_path):
    from conftest import parse, run_cli

    latin1 = BOM + "---\nname: Hélène\n---\n".encode("latin-1")
    note = parse(latin1)
    [d] = note.diagnostics
    assert (d.code, d.line, d.col) == ("encoding", 2, 8)
    assert "byte 0xE9 at line 2" in d.message

    vault = make_vault({"People/Hélène.md": latin1})
    result = run_cli(["validate"], vault)
    assert "People/Hélène.md:2:8: error[encoding] not valid UTF-8: byte 0xE9 at line 2" in result.stdout

    (vault / ".netnotes" / "config.toml").write_bytes(BOM + b"[vault]\n# caf\xe9\n")
    result = run_cli(["validate"], vault, expect_error=True)
    assert result.exit_code == 2
    assert "not valid UTF-8 (byte 13)" in result.stderr
