"""vCard properties as card fields, and the raw lines of the rest, kept under ``vcard:``.

Each property a card field holds is mapped to it (``ADR`` to ``address`` and ``city``,
``NICKNAME`` to ``aliases``, ``CATEGORIES`` to ``tags``, ``UID`` to ``uid``...). A line that
says more than its field (a ``TYPE=CELL``, an ``item1.`` group, an address's postal code) and
every property no field holds is kept as one unfolded raw line, so that an export writes it
back and import, export, import gives the same card. Photos, logos and sounds are left out,
and the plan says so: they are large, and a card is text.
"""

from __future__ import annotations

import re

from netnotes.notes.people import Person, clean, normalize_birthday, unique


def _values(card, key: str) -> list:
    return [c.value for c in card.contents.get(key, [])]


NOT_DATA = ("version", "prodid")  # the file's, not the person's
LEFT_OUT = ("photo", "logo", "sound")  # large and binary: left out, and said so
PLAIN_PARAMS = ("CHARSET", "ENCODING")  # how the value was written, not what it says


def raw_line(line) -> str:
    """One vCard property as one unfolded line, its value decoded (quoted-printable read, the
    charset UTF-8): what ``vcard:`` keeps and an export writes back as it is."""
    for param in PLAIN_PARAMS:
        line.params.pop(param, None)
    line.encoded = False
    return re.sub(r"\r?\n[ \t]", "", line.serialize()).rstrip("\r\n")


def _extra(line) -> bool:
    """Whether a line says more than the card field it maps to: a group (``item1.``) or a
    parameter such as ``TYPE=CELL``."""
    if line.group:
        return True
    for key, values in line.params.items():
        key = key.upper()
        if key == "TYPE" and all(v.upper() == "INTERNET" for v in values):
            continue  # every email is an internet one
        if key not in PLAIN_PARAMS and key != "VALUE":
            return True
    return False


def name_parts(name: str) -> tuple[str, str]:
    """(given, family) as an export writes ``N`` for a name: the last word is the family name."""
    parts = name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) > 1 else ("", name)


def _kept(card, fn: str) -> tuple[tuple[str, str], ...]:
    """The raw lines of every property no card field holds, and of the mapped ones that say
    more than their field (their TYPE, an address's postal code, a second ORG unit...)."""
    kept = []
    for key, lines in card.contents.items():
        if key in NOT_DATA or key in LEFT_OUT or key == "fn":
            continue
        for n, line in enumerate(lines):
            value = line.value
            if key == "n":
                words = [getattr(value, a, "") for a in ("prefix", "given", "additional", "family", "suffix")]
                derived = name_parts(fn)
                keep = _extra(line) or [clean(w) for w in words] != ["", clean(derived[0]), "", clean(derived[1]), ""]
            elif key == "org":
                keep = _extra(line) or isinstance(value, list) and len([v for v in value if clean(v)]) > 1
            elif key == "adr":  # region, postal code and country have no card field; nor a second address
                keep = _extra(line) or n > 0 or any(clean(getattr(value, a, "")) for a in
                                                    ("box", "extended", "region", "code", "country"))
            elif key in MAPPED:
                keep = _extra(line) or key in ("title", "bday", "note", "uid") and n > 0
            else:
                keep = True
            if keep:
                kept.append((key.upper(), raw_line(line)))
    order = {k.upper(): i for i, k in enumerate(MAPPED)}
    return tuple(sorted(kept, key=lambda k: order.get(k[0], len(order))))  # as an export writes them


# the properties a card field holds, in the order an export writes them
MAPPED = ("n", "nickname", "email", "tel", "org", "title", "url", "adr", "bday", "categories", "note", "uid")


def _address(card) -> tuple[str, str]:
    """(address, city) from the first ``ADR``: the street lines, and the city."""
    adr = next(iter(_values(card, "adr")), None)
    if adr is None:
        return "", ""
    street = [clean(x) for x in (getattr(adr, "box", ""), getattr(adr, "extended", ""), getattr(adr, "street", ""))]
    return ", ".join(x for x in street if x), clean(getattr(adr, "city", ""))


_ESCAPED = re.compile(r"\\(.)")


def _nicknames(chunk: str) -> list[str]:
    """``NICKNAME`` values, a comma-separated list (vobject keeps only the first item)."""
    out = []
    for line in re.sub(r"\r?\n[ \t]", "", chunk).splitlines():
        m = re.match(r"(?i)(?:[\w-]+\.)?NICKNAME([;:].*)", line)
        if not m or "QUOTED-PRINTABLE" in m.group(1).upper().split(":", 1)[0]:
            continue
        value = re.split(r'^(?:;[^:"]*(?:"[^"]*"[^:"]*)*)?:', m.group(1), maxsplit=1)[-1]
        out.extend(_ESCAPED.sub(lambda e: "\n" if e.group(1) in "nN" else e.group(1), v)
                   for v in re.split(r"(?<!\\),", value))
    return out


def from_vcard(card, where: str, chunk: str = "") -> Person:
    fn = next((clean(v) for v in _values(card, "fn") if clean(v)), "")
    if not fn:
        for n in _values(card, "n"):
            fn = clean(" ".join(x for x in (getattr(n, "prefix", ""), getattr(n, "given", ""),
                                           getattr(n, "additional", ""), getattr(n, "family", "")) if x))
    """The person a parsed vCard describes; ``chunk`` is its text (for ``NICKNAME`` lists)."""
    org = next(iter(_values(card, "org")), "")
    company = clean(org[0] if isinstance(org, list) and org else org)
    urls = [clean(u) for u in _values(card, "url")]
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    bday = next((normalize_birthday(clean(b)) for b in _values(card, "bday")), "")
    skipped = tuple(k for k in LEFT_OUT if k in card.contents)
    notes = "\n".join(str(n).strip() for n in _values(card, "note") if str(n).strip())
    nicknames = _nicknames(chunk) if "nickname" in card.contents and chunk else [
        clean(v) for v in _values(card, "nickname")]
    tags = [t for c in _values(card, "categories") for t in (c if isinstance(c, list) else [c])]
    address, city = _address(card)
    uid = next((clean(u) for u in _values(card, "uid") if clean(u)), "")
    kept = _kept(card, fn)
    return Person(
        name=fn, emails=unique(_values(card, "email")), phones=unique(phone_text(t) for t in _values(card, "tel")),
        company=company, role=next((clean(t) for t in _values(card, "title") if clean(t)), ""),
        urls=unique(u for u in urls if u != linkedin), linkedin=linkedin, note=notes, birthday=bday,
        tags=unique(tags), aliases=unique(a for a in nicknames if clean(a).lower() != fn.lower()),
        address=address, city=city, uid=uid, kept=kept, source="vcard", where=where, skipped=skipped)


def phone_text(value: object) -> str:
    """A vCard 4.0 ``tel:`` URI (``tel:+1-613-555-0177;ext=12``) as people write a number."""
    s = clean(value)
    if s.lower().startswith("tel:"):
        number, _, params = s[4:].partition(";")
        ext = next((p[4:] for p in params.split(";") if p.lower().startswith("ext=")), "")
        s = number + (f" ext. {ext}" if ext else "")
    return s


def escape(text: str) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def adr_line(kind: str, box: str = "", extended: str = "", street: str = "", city: str = "", region: str = "",
             code: str = "", country: str = "") -> str:
    """An ``ADR`` line built from a CSV's address columns, kept as a vCard would have it."""
    kind = re.sub(r"[^A-Za-z0-9-]", "", kind.replace(" ", "-"))
    value = ";".join(escape(clean(x)) for x in (box, extended, street, city, region, code, country))
    return f"ADR{';TYPE=' + kind if kind else ''}:{value}"


def cell_line(column: str, value: str) -> str:
    """A CSV cell no card field holds, as an ``X-`` vCard line named for its column
    (``Phone 1 - Label`` is ``X-PHONE-1-LABEL``)."""
    return f"{cell_key(column)}:{escape(value.strip())}"


def cell_key(column: str) -> str:
    return "X-" + (re.sub(r"[^A-Za-z0-9]+", "-", column).strip("-").upper() or "COLUMN")
