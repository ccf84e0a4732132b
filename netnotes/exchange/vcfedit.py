"""Edits to one ``.vcf`` that change only the properties they must.

The file is the phone's: its photo, its ``TYPE=CELL``, its folding and its other lines stay
byte for byte. A changed field rewrites only the lines of its vCard property: a line whose
value is still wanted is left as it is; one whose value changed is written again with the
new value and its old group and parameters (a mobile number edited in the vault is still
the mobile); values no line holds get a new line after the property's last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from netnotes.base.errors import NetnotesError
from netnotes.exchange.readers import prepared
from netnotes.exchange.vcards import name_parts, phone_text, raw_line
from netnotes.notes.people import clean, normalize_birthday

_QP = re.compile(r"(?i)^[^:]*;ENCODING=QUOTED-PRINTABLE[;:]")
_NAME = re.compile(r"^(?:[\w-]+\.)?([\w-]+)[;:]")


class VcfRefused(NetnotesError):
    """A ``.vcf`` netnotes cannot edit safely; it is left as it is."""


@dataclass(frozen=True)
class Line:
    text: str  # the physical lines as in the file, line breaks included
    unfolded: str
    name: str  # the property, upper case, without its group


def split_lines(text: str) -> list[Line]:
    """The file's logical lines: folded continuations and quoted-printable soft breaks joined."""
    out: list[tuple[list[str], str]] = []
    for phys in re.split(r"(?<=\n)", text):
        if not phys:
            continue
        bare = phys.rstrip("\r\n")
        if out and (phys[:1] in (" ", "\t") or out[-1][1].endswith("=") and _QP.match(out[-1][1])):
            joined = out[-1][1] + (bare[1:] if phys[:1] in (" ", "\t") else bare)
            out[-1] = (out[-1][0] + [phys], joined)
        else:
            out.append(([phys], bare))
    lines = []
    for parts, unfolded in out:
        m = _NAME.match(unfolded)
        lines.append(Line("".join(parts), unfolded, m.group(1).upper() if m else ""))
    return lines


def parse_line(unfolded: str):
    """One property as vobject reads it (in a card of its own), or None when it does not parse."""
    import vobject

    m = _NAME.match(unfolded)
    if not m:
        return None
    fn = "" if m.group(1).upper() == "FN" else "FN:x\r\n"
    try:
        card = vobject.readOne(prepared(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{fn}{unfolded}\r\nEND:VCARD\r\n"))
    except Exception:  # vobject raises several exception types for bad input
        return None
    found = card.contents.get(m.group(1).lower(), [])
    return found[0] if len(found) == 1 else None


def _serialized(line, newline: str) -> str:
    return _fold(raw_line(line), newline)


def _new_line(prop: str, value: Any, old=None):
    import vobject

    card = vobject.vCard()
    line = card.add(prop.lower())
    line.value = value
    if old is not None:
        line.params = {k: v for k, v in old.params.items() if k.upper() not in ("CHARSET", "ENCODING", "VALUE")}
        line.group = old.group
    return line


def _street(v: Any) -> str:
    return ", ".join(x for x in (clean(getattr(v, a, "")) for a in ("box", "extended", "street")) if x)


def _words(v: Any) -> list[str]:
    parts = [getattr(v, a, "") for a in ("prefix", "given", "additional", "family", "suffix")]
    return sorted(w for part in parts for w in clean(part).split())


def _items(v: Any) -> list[str]:
    return [clean(x) for x in (v if isinstance(v, list) else [v]) if clean(x)]


def _adr(want: tuple[str, str], old: Any) -> Any:
    import vobject

    rest = {a: getattr(old, a, "") for a in ("region", "code", "country")} if old is not None else {}
    return vobject.vcard.Address(street=want[0], city=want[1], **rest)


def _name(want: str, old: Any) -> Any:
    import vobject

    given, family = name_parts(want)
    return vobject.vcard.Name(family=family, given=given)


# PROPERTY: (is this line's value the wanted one, the value to write for a wanted one given the old)
RULES: dict[str, tuple[Callable[[Any, Any], bool], Callable[[Any, Any], Any]]] = {
    "FN": (lambda v, w: clean(v) == w, lambda w, old: w),
    "N": (lambda v, w: _words(v) == sorted(w.split()), _name),
    "NICKNAME": (lambda v, w: clean(v) == w, lambda w, old: w),
    "EMAIL": (lambda v, w: clean(v) == w, lambda w, old: w),
    "TEL": (lambda v, w: phone_text(v) == w, lambda w, old: w),
    "ORG": (lambda v, w: (_items(v) or [""])[0] == w,
            lambda w, old: [w] + (list(old[1:]) if isinstance(old, list) else [])),
    "TITLE": (lambda v, w: clean(v) == w, lambda w, old: w),
    "URL": (lambda v, w: clean(v) == w, lambda w, old: w),
    "ADR": (lambda v, w: (_street(v), clean(getattr(v, "city", ""))) == w, _adr),
    "BDAY": (lambda v, w: normalize_birthday(clean(v)) == w, lambda w, old: w),
    "CATEGORIES": (lambda v, w: tuple(_items(v)) == w, lambda w, old: list(w)),
    "NOTE": (lambda v, w: str(v).strip() == w, lambda w, old: w),
}


def rewrite(text: str, wanted: dict[str, list], kept_out: tuple[str, ...] = (), kept_in: tuple[str, ...] = (),
            where: str = "") -> str:
    """The file with each property of ``wanted`` holding exactly those values (in the card's
    terms: ``ADR`` as (street, city)), ``kept_out`` raw lines removed and ``kept_in`` added."""
    lines = split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    if not any(ln.unfolded.upper() == "END:VCARD" for ln in lines):
        raise VcfRefused(f"{where}: no END:VCARD line; netnotes will not edit it", "fix the file on the phone side")
    texts: list[str | None] = [ln.text for ln in lines]
    after: dict[int, list[str]] = {}
    for prop, values in wanted.items():
        same, build = RULES[prop]
        own = [(i, parse_line(ln.unfolded)) for i, ln in enumerate(lines) if ln.name == prop]
        if any(parsed is None for _i, parsed in own):
            raise VcfRefused(f"{where}: a {prop} line cannot be read; netnotes will not rewrite it",
                             "fix the line on the phone side, or change the field there")
        used: set[int] = set()
        todo = []
        for w in values:
            hit = next((i for i, parsed in own if i not in used and same(parsed.value, w)), None)
            if hit is None:
                todo.append(w)
            else:
                used.add(hit)
        free = [(i, parsed) for i, parsed in own if i not in used]
        for (i, parsed), w in zip(free, todo):
            texts[i] = _serialized(_new_line(prop, build(w, parsed.value), parsed), newline)
        for i, _parsed in free[len(todo):]:
            texts[i] = None
        new = [_serialized(_new_line(prop, build(w, None)), newline) for w in todo[len(free):]]
        if new:
            at = own[-1][0] if own else _end(lines) - 1
            after.setdefault(at, []).extend(new)
    if kept_out:
        for i, ln in enumerate(lines):
            parsed = parse_line(ln.unfolded) if texts[i] is not None and ln.name and ln.name not in RULES else None
            if parsed is not None and raw_line(parsed) in kept_out:
                texts[i] = None
    if kept_in:
        after.setdefault(_end(lines) - 1, []).extend(_fold(raw, newline) for raw in kept_in)
    out = []
    for i, t in enumerate(texts):
        if t is not None:
            out.append(t)
        out.extend(after.get(i, []))
    return "".join(out)


def _end(lines: list[Line]) -> int:
    """Where new lines go: before the ``UID`` line (netnotes writes it last), else before END:VCARD."""
    end = next(i for i, ln in enumerate(lines) if ln.unfolded.upper() == "END:VCARD")
    return next((i for i, ln in enumerate(lines[:end]) if ln.name == "UID"), end)


def _fold(raw: str, newline: str) -> str:
    """A raw line as the file writes it: folded at 75 octets, with the file's line breaks."""
    import io

    from vobject.base import foldOneLine

    out = io.StringIO()
    foldOneLine(out, raw.replace("\r", " ").replace("\n", " "))
    return out.getvalue().replace("\r\n", newline)
