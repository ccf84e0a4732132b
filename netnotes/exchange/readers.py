"""Reading other tools' exports into ``Person`` records.

vCard 3.0 and 4.0 through vobject (folded lines, quoted-printable, many cards a file;
photos are left out, and said so); LinkedIn's Connections.csv (a notes preamble above the
header); Google Contacts' CSV, current and legacy layouts, recognised by their headers; any
other CSV through ``--map column=field``. Bad files are an error naming the file and line,
before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Callable, Iterator

from netnotes.base.errors import NetnotesError
from netnotes.base.text import NotUtf8, decode_text
from netnotes.notes.people import Person, clean, normalize_birthday, unique

MAX_FILE = 512 * 1024 * 1024
MAP_FIELDS = ("name", "first_name", "last_name", "email", "phone", "company", "role", "url", "linkedin",
          "note", "birthday", "met", "tags")


class ImportFailed(NetnotesError):
    """The file cannot be imported; nothing was written."""


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise ImportFailed(f"{path}: {size // (1024 * 1024)} MiB is more than netnotes imports at once",
                               "split the file")
        data = path.read_bytes()
    except OSError as e:
        raise ImportFailed(f"cannot read {path}: {e.strerror}") from None
    try:
        return decode_text(data)
    except NotUtf8 as e:
        raise ImportFailed(f"{path}:{e.line}: not UTF-8 (byte 0x{e.byte:02X})",
                           "export the file again as UTF-8 (or re-save it as UTF-8)") from None


# ---- vCard ------------------------------------------------------------------------------------
def read_vcard(path: Path) -> list[Person]:
    import vobject

    text = read_text(path)
    if "BEGIN:VCARD" not in text.upper():
        raise ImportFailed(f"{path}: no BEGIN:VCARD found; is this a vCard file?")
    people = []
    starts = [m.start() for m in re.finditer(r"(?im)^BEGIN:VCARD", text)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        chunk = text[start:end]
        line = text.count("\n", 0, start) + 1
        where = f"{path.name}:{line}"
        if not re.search(r"(?im)^END:VCARD", chunk):
            raise ImportFailed(f"{path}:{line}: this vCard is not closed (no END:VCARD); the file looks truncated",
                               "export it again")
        try:
            card = vobject.readOne(chunk, ignoreUnreadable=True)
        except Exception as e:  # vobject raises several exception types for bad input
            raise ImportFailed(f"{path}:{line}: this vCard cannot be read ({str(e).splitlines()[0]})") from None
        people.append(_from_vcard(card, where))
    return people


def _values(card, key: str) -> list:
    return [c.value for c in card.contents.get(key, [])]


def _from_vcard(card, where: str) -> Person:
    fn = next((clean(v) for v in _values(card, "fn") if clean(v)), "")
    if not fn:
        for n in _values(card, "n"):
            fn = clean(" ".join(x for x in (getattr(n, "prefix", ""), getattr(n, "given", ""),
                                           getattr(n, "additional", ""), getattr(n, "family", "")) if x))
    org = next(iter(_values(card, "org")), "")
    company = clean(org[0] if isinstance(org, list) and org else org)
    urls = [clean(u) for u in _values(card, "url")]
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    bday = next((normalize_birthday(clean(b)) for b in _values(card, "bday")), "")
    skipped = tuple(k for k in ("photo", "logo", "sound") if k in card.contents)
    notes = "\n".join(str(n).strip() for n in _values(card, "note") if str(n).strip())
    return Person(
        name=fn, emails=unique(_values(card, "email")), phones=unique(_tel(t) for t in _values(card, "tel")),
        company=company, role=next((clean(t) for t in _values(card, "title") if clean(t)), ""),
        urls=unique(u for u in urls if u != linkedin), linkedin=linkedin, note=notes, birthday=bday,
        source="vcard", where=where, skipped=skipped)


def _tel(value: object) -> str:
    """A vCard 4.0 ``tel:`` URI (``tel:+1-613-555-0177;ext=12``) as people write a number."""
    s = clean(value)
    if s.lower().startswith("tel:"):
        number, _, params = s[4:].partition(";")
        ext = next((p[4:] for p in params.split(";") if p.lower().startswith("ext=")), "")
        s = number + (f" ext. {ext}" if ext else "")
    return s


# ---- CSV --------------------------------------------------------------------------------------
def _uncell(value: str) -> str:
    """A cell as ``netnotes export csv`` neutralised it (``exports.cell``), read back."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def _rows(text: str, path: Path, header_at: int = 0) -> Iterator[tuple[int, dict[str, str]]]:
    lines = text.splitlines(keepends=True)
    reader = csv.DictReader(io.StringIO("".join(lines[header_at:])))
    try:
        if not reader.fieldnames:
            raise ImportFailed(f"{path}: the file is empty")
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1  # a quoted cell may span lines: name the first
            if None in row:  # more cells than headers
                row.pop(None)
            if not any((v or "").strip() for v in row.values()):
                continue
            yield header_at + line, {k.strip(): _uncell((v or "").strip()) for k, v in row.items() if k}
    except csv.Error as e:
        raise ImportFailed(f"{path}:{header_at + reader.line_num}: {e}") from None


def read_linkedin(path: Path) -> list[Person]:
    text = read_text(path)
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines[:50]) if line.lstrip('"').startswith("First Name")), None)
    if header_at is None:
        raise ImportFailed(f"{path}: no header line starting with `First Name` in the first 50 lines; "
                           "is this LinkedIn's Connections.csv?")
    people = []
    for line, row in _rows(text, path, header_at):
        name = clean(f"{row.get('First Name', '')} {row.get('Last Name', '')}")
        met = _linkedin_date(row.get("Connected On", ""), path, line)
        people.append(Person(
            name=name, emails=unique([row.get("Email Address", "")]), company=clean(row.get("Company")),
            role=clean(row.get("Position")), linkedin=clean(row.get("URL")), met=met, source="linkedin",
            where=f"{path.name}:{line}"))
    return people


def _linkedin_date(text: str, path: Path, line: int) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ImportFailed(f"{path}:{line}: `Connected On` is `{text}`, not a date like `12 Mar 2024`")


GOOGLE_CURRENT = {"name": ("First Name", "Middle Name", "Last Name"), "email": "E-mail {} - Value",
                  "phone": "Phone {} - Value", "company": "Organization Name", "role": "Organization Title",
                  "url": "Website {} - Value", "birthday": "Birthday", "note": "Notes", "tags": "Labels"}
GOOGLE_LEGACY = {"name": ("Given Name", "Additional Name", "Family Name"), "email": "E-mail {} - Value",
                 "phone": "Phone {} - Value", "company": "Organization 1 - Name", "role": "Organization 1 - Title",
                 "url": "Website {} - Value", "birthday": "Birthday", "note": "Notes", "tags": "Group Membership"}


def _multi(row: dict[str, str], pattern: str) -> list[str]:
    out = []
    for i in range(1, 10):
        value = row.get(pattern.format(i))
        if value is None:
            break
        out.extend(v.strip() for v in value.split(" ::: ") if v.strip())
    return out


def _google(row: dict[str, str], layout: dict, where: str) -> Person:
    name = clean(" ".join(row.get(h, "") for h in layout["name"]))
    if not name:
        name = clean(row.get("Name") or row.get("File As") or row.get("Nickname"))
    tags = [t.strip().lstrip("* ").strip() for t in row.get(layout["tags"], "").split(" ::: ")]
    tags = [t for t in tags if t and t.lower() not in ("mycontacts", "my contacts", "starred")]
    urls = _multi(row, layout["url"])
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    return Person(
        name=name, emails=unique(_multi(row, layout["email"])), phones=unique(_multi(row, layout["phone"])),
        company=clean(row.get(layout["company"])), role=clean(row.get(layout["role"])),
        urls=unique(u for u in urls if u != linkedin), linkedin=linkedin, note=row.get("Notes", "").strip(),
        birthday=normalize_birthday(row.get("Birthday", "")), tags=unique(tags), source="google", where=where)


def parse_mapping(items: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for item in items:
        column, sep, fieldname = item.partition("=")
        if not sep or fieldname.strip() not in MAP_FIELDS:
            raise ImportFailed(f"--map {item!r}: write COLUMN=FIELD with FIELD one of {', '.join(MAP_FIELDS)}")
        mapping[column.strip()] = fieldname.strip()
    return mapping


def read_csv(path: Path, mapping: dict[str, str] | None = None) -> list[Person]:
    text = read_text(path)
    first = text.splitlines()[0] if text.strip() else ""
    headers = next(csv.reader([first]), []) if first else []
    if not headers:
        raise ImportFailed(f"{path}: the file is empty")
    people = []
    if mapping:
        missing = [c for c in mapping if c not in headers]
        if missing:
            raise ImportFailed(f"{path}:1: no column {', '.join(repr(m) for m in missing)}; "
                               f"the columns are: {', '.join(headers)}")
        for line, row in _rows(text, path):
            people.append(_mapped(row, mapping, f"{path.name}:{line}", path, line))
        return people
    layout = GOOGLE_CURRENT if "Organization Name" in headers or "First Name" in headers and \
        "E-mail 1 - Value" in headers else GOOGLE_LEGACY if "Given Name" in headers else None
    if layout is None:
        raise ImportFailed(f"{path}:1: netnotes does not know this CSV layout (columns: {', '.join(headers[:12])}"
                           f"{'...' if len(headers) > 12 else ''})",
                           "say which column is which: --map \"Full name=name\" --map \"Mail=email\" "
                           f"(fields: {', '.join(MAP_FIELDS)})")
    for line, row in _rows(text, path):
        people.append(_google(row, layout, f"{path.name}:{line}"))
    return people


def _mapped(row: dict[str, str], mapping: dict[str, str], where: str, path: Path, line: int) -> Person:
    got: dict[str, list[str]] = {}
    for column, fieldname in mapping.items():
        value = row.get(column, "")
        got.setdefault(fieldname, []).extend(v.strip() for v in value.split(" ::: ") if v.strip())
    name = clean(" ".join(got.get("name", []))) or clean(" ".join(got.get("first_name", []) + got.get("last_name", [])))
    met = None
    if got.get("met"):
        from netnotes.base.dates import parse_iso_date

        met = parse_iso_date(got["met"][0])
        if met is None:
            raise ImportFailed(f"{path}:{line}: `{got['met'][0]}` is not a date (YYYY-MM-DD)")
    return Person(
        name=name, emails=unique(got.get("email", [])), phones=unique(got.get("phone", [])),
        company=clean(" ".join(got.get("company", []))), role=clean(" ".join(got.get("role", []))),
        urls=unique(got.get("url", [])), linkedin=clean(" ".join(got.get("linkedin", []))),
        note="\n".join(got.get("note", [])), birthday=normalize_birthday((got.get("birthday") or [""])[0]),
        met=met, tags=unique(got.get("tags", [])), source="csv", where=where)


READERS: dict[str, Callable[..., list[Person]]] = {"vcard": read_vcard, "linkedin": read_linkedin, "csv": read_csv}


def read_people(kind: str, path: Path, mapping: tuple[str, ...] = ()) -> list[Person]:
    """The people in a ``vcard``, ``linkedin`` or ``csv`` file; ``mapping`` (``COLUMN=FIELD``
    items, read only for ``csv``) says which column holds which field in CSVs of other layouts."""
    if kind == "csv":
        return read_csv(path, parse_mapping(tuple(mapping)) or None)
    return READERS[kind](path)
