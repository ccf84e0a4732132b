"""One-time form ids: every form the dashboard renders carries a fresh ``nonce``, and a nonce
is accepted once. A double click, a form sent again from the browser's history, or a page
reloaded after a POST then writes nothing more: it is answered with what the first one did.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal, Mapping
from urllib.parse import parse_qs, quote, unquote_to_bytes, urlencode, urlsplit

from netnotes.base.text import shown

Claim = Literal["fresh", "used", "unknown"]


@dataclass(frozen=True)
class Said:
    """What an action answered, kept for the repeats of its form."""

    ok: bool
    message: str


class Nonces:
    """The ids handed out and not used yet, and those used (with what they did). Both are
    bounded: the oldest are forgotten first, so a page left open for days still works
    unless thousands of forms were rendered since."""

    def __init__(self, keep: int = 20_000) -> None:
        self.keep = keep
        self._issued: OrderedDict[str, None] = OrderedDict()
        self._used: OrderedDict[str, Said | None] = OrderedDict()
        self._lock = threading.Lock()

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(12)
        with self._lock:
            self._issued[nonce] = None
            while len(self._issued) > self.keep:
                self._issued.popitem(last=False)
        return nonce

    def claim(self, nonce: str) -> Claim:
        """"fresh" the first time (the nonce is then used), "used" after, "unknown" for a
        nonce never issued (or long forgotten)."""
        with self._lock:
            if nonce in self._issued:
                del self._issued[nonce]
                self._used[nonce] = None
                while len(self._used) > self.keep:
                    self._used.popitem(last=False)
                return "fresh"
            return "used" if nonce in self._used else "unknown"

    def record(self, nonce: str, said: Said) -> None:
        with self._lock:
            if nonce in self._used:
                self._used[nonce] = said

    def said(self, nonce: str) -> Said | None:
        with self._lock:
            return self._used.get(nonce)


def parse_form(body: bytes) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body as one value a field (the last)."""
    return {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}


def path_field(rel: str) -> str:
    """A card's path as a form carries it: percent-encoded, so that a file name that is not
    UTF-8 survives the trip (a form can only send UTF-8)."""
    return quote(rel, safe="/", errors="surrogateescape")


def card_paths(form: Mapping[str, str]) -> dict[str, str]:
    """The form with its card paths decoded back (``path_field``)."""
    out = dict(form)
    from netnotes.serve.actions import CONTACT_FIELDS

    for name in CONTACT_FIELDS:
        if name in out:
            out[name] = os.fsdecode(unquote_to_bytes(out[name]))
    return out


FLASH = "said"  # the query parameter that carries an action's message back to the page
FLASH_OK = "ok"


def back_to(form: Mapping[str, str], said: Said) -> str:
    """Where to send the person after an action: the page the form was on (a path of this
    server, never another site), with the message to show."""
    back = form.get("back") or "/"
    try:
        parts = urlsplit(back)
    except ValueError:
        parts = urlsplit("/")
    path = parts.path if parts.path.startswith("/") and not parts.path.startswith("//") \
        and not parts.scheme and not parts.netloc and "\\" not in parts.path else "/"
    query = [(k, v) for k, vs in parse_qs(parts.query, keep_blank_values=True).items() for v in vs
             if k not in (FLASH, FLASH_OK, "token")]
    # a name from a file name that is not UTF-8 is shown as a reader sees it (U+FFFD)
    query += [(FLASH, shown(said.message)), (FLASH_OK, "1" if said.ok else "0")]
    return path + "?" + urlencode(query)
