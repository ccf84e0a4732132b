"""The one home for hrefs a person clicks: a card, an email address, a phone number, a website.

Every page (the static review, ``netnotes serve``) builds its links here, so one rule decides
which values become links. Values come from cards and are not trusted: a function returns an
href that starts with a scheme it wrote itself (obsidian, file, mailto, tel, http, https), or
None, and the caller shows the value as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

# Characters kept as they are in a web address; everything else (spaces, quotes, non-ASCII,
# control characters) is percent-encoded, so nothing in the href can end it or hide a scheme.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST_PORT = re.compile(r"^[^/?#:]+:\d+(?:[/?#]|$)")
_BARE_HOST = re.compile(r"^(?:[\w-]+\.)+[^\W\d_][\w-]*(?::\d+)?(?:[/?#]\S*)?$")
_EMAIL = re.compile(r"^[^\s@<>()\[\]\\,;:\"]+@(?:[\w-]+\.)+[\w-]+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")


def card_href(vault_root: Path, rel_path: str) -> str:
    """Open the card in Obsidian when the vault is an Obsidian vault (it has ``.obsidian/``),
    else in whatever the system opens Markdown files with."""
    if (vault_root / ".obsidian").is_dir():
        name = vault_root.absolute().name
        file = rel_path.removesuffix(".md")
        return (f"obsidian://open?vault={quote(name, safe='', errors='surrogateescape')}"
                f"&file={quote(file, safe='', errors='surrogateescape')}")  # a file name's own bytes
    return (vault_root.absolute() / rel_path).as_uri()


def mailto(value: Any) -> str | None:
    """``mailto:`` for a value that is one email address (``mailto:`` prefix allowed)."""
    s = _text(value)
    if s.lower().startswith("mailto:"):
        s = s[len("mailto:"):]
    if not _EMAIL.match(s):
        return None
    return "mailto:" + quote(s, safe="@+.-_~!$&'*=")


def tel(value: Any) -> str | None:
    """``tel:`` with the digits (and a leading +) of a value written as a phone number; a
    value with letters in it (``call after 6``) is not a number to dial."""
    s = _text(value)
    if s.lower().startswith("tel:"):
        s = s[len("tel:"):]
    if not _PHONE_CHARS.match(s):
        return None
    digits = "".join(c for c in s if c.isdigit() and c.isascii())
    if len(digits) < 3:
        return None
    return "tel:" + ("+" if s.startswith("+") else "") + digits


def web(value: Any) -> str | None:
    """An http(s) address; a bare ``example.com`` becomes ``https://example.com``. Every other
    scheme (``javascript:``, ``data:``, ``file:``...) gives None: shown as text, never a link."""
    s = _text(value)
    if not s or _CONTROL.search(s):
        return None
    scheme = _SCHEME.match(s)
    if scheme and not _HOST_PORT.match(s):
        if scheme.group(1).lower() not in ("http", "https"):
            return None
        rest = s[len(scheme.group(1)) + 1:]
        if not rest.startswith("//"):
            return None
        try:
            parts = urlsplit("x:" + rest)
        except ValueError:
            return None
        if not parts.hostname:
            return None
        return scheme.group(1).lower() + ":" + quote(rest, safe=_URL_SAFE)
    if _BARE_HOST.match(s):
        return "https://" + quote(s, safe=_URL_SAFE)
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# the properties whose values are ways to reach a person (the card format's own names first)
EMAIL_KEYS = ("email", "emails", "e-mail")
PHONE_KEYS = ("phone", "phones", "mobile", "cell", "tel", "telephone")
WEB_KEYS = ("website", "websites", "web", "url", "homepage", "site", "linkedin", "blog")


def property_href(key: str, value: Any) -> str | None:
    """Where a property's value leads, by its key: an email, a phone, a website (any value
    that is an http(s) address); None for every other value."""
    key = key.lower()
    if key in EMAIL_KEYS:
        return mailto(value)
    if key in PHONE_KEYS:
        return tel(value)
    if key in WEB_KEYS or (isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))):
        return web(value)
    return None
