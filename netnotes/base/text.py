"""The text of a user's file: UTF-8, with or without a byte order mark. The one decoder.

Every place that reads a card, the config, an import or the review page decodes its bytes
here, so a BOM is dropped the same way everywhere and a bad byte is reported at the same
place. Offsets, lines and columns count the bytes after the BOM.
"""

from __future__ import annotations

BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """The bytes are not UTF-8: where the first bad byte is."""

    def __init__(self, data: bytes, offset: int) -> None:
        self.offset = offset  # 0-based, in the bytes after the BOM
        self.byte = data[offset]
        self.line = data.count(b"\n", 0, offset) + 1  # 1-based
        self.col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1  # 1-based, in bytes
        super().__init__(f"byte 0x{self.byte:02X} at line {self.line}, column {self.col} is not UTF-8")


def decode_text(data: bytes, errors: str = "strict") -> str:
    """``data`` as text, a leading BOM dropped. Strict by default: raises ``NotUtf8`` at the
    first bad byte; ``errors="replace"`` puts U+FFFD in its place instead, as bytes.decode does.
    Line breaks are kept as written (no newline translation)."""
    body = data[len(BOM):] if data.startswith(BOM) else data
    try:
        return body.decode("utf-8", errors)
    except UnicodeDecodeError as e:
        raise NotUtf8(body, e.start) from None


def utf8_safe(text: str) -> str:
    """Text that encodes to valid UTF-8: a file name's undecodable bytes (held as lone
    surrogates, as ``os.fsdecode`` gives them) written as ``\\udcXX`` escapes. In JSON those are
    the string escapes for the same code units, so a reader gets the name back exactly."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
