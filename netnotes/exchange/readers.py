"""Reading other tools' exports into ``Person`` records.

vCard 3.0 and 4.0 through vobject (``netnotes.exchange.vcards`` maps the properties, and
keeps the rest); LinkedIn's Connections.csv (a notes preamble above the header, display names
cleaned of emoji and credentials); Google Contacts' CSV, current and legacy layouts, and
Outlook's, recognised by their headers; any other CSV through ``--map column=field``. Commas,
semicolons or tabs between cells, whichever the header has. Cells no card field holds are kept
as vCard lines, as a vCard's are. Bad files are an error naming the file and line, before
anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterator

from netnotes.base.errors import NetnotesError
from netnotes.base.text import NotUtf8, decode_text
from netnotes.exchange.vcards import adr_line, cell_key, cell_line, escape, from_vcard
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
            card = vobject.readOne(prepared(chunk), ignoreUnreadable=True)
        except Exception as e:  # vobject raises several exception types for bad input
            raise ImportFailed(f"{path}:{line}: this vCard cannot be read ({str(e).splitlines()[0]})") from None
        people.append(from_vcard(card, where, chunk))
    return people


_QP = re.compile(r"(?i)^[^:]*;ENCODING=QUOTED-PRINTABLE[;:]")
_PROPERTY = re.compile(r'^((?:[\w-]+\.)?([\w-]+))((?:;(?:"[^"]*"|[^:;"])*)*):(.*)$', re.S)
# properties whose value is a list (or structured) in vCard: their commas separate values
LISTED = ("N", "ADR", "ORG", "CATEGORIES", "NICKNAME", "GEO", "PHOTO", "LOGO", "SOUND", "KEY")


def prepared(chunk: str) -> str:
    """One vCard's text as vobject reads it without losing a word: folded lines unfolded;
    quoted-printable lines as Android and Outlook write them, continued after a final ``=``
    on the next line without a leading space, joined; and a bare comma in a text value
    (``NOTE:one, two``, which vobject would cut at the comma) escaped."""
    out: list[str] = []
    joining = False
    for line in re.sub(r"\r?\n[ \t]", "", chunk).splitlines():
        if joining:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        joining = out[-1].endswith("=") and bool(_QP.match(out[-1]))
    return "".join(_commas(line) + "\r\n" for line in out)


def _commas(line: str) -> str:
    m = _PROPERTY.match(line)
    if not m or m.group(2).upper() in LISTED:
        return line
    value, escaped = [], False
    for c in m.group(4):
        value.append("\\," if c == "," and not escaped else c)
        escaped = c == "\\" and not escaped
    return f"{m.group(1)}{m.group(3)}:{''.join(value)}"


# ---- CSV --------------------------------------------------------------------------------------
def _uncell(value: str) -> str:
    """A cell as ``netnotes export csv`` neutralised it (``exports.cell``), read back."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def delimiter(header: str) -> str:
    """``,``, ``;`` (what Excel writes where the decimal mark is a comma) or a tab: whichever
    the header line has most of outside quotes (a header has no empty column names)."""
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(text: str, path: Path, header_at: int = 0) -> Iterator[tuple[int, dict[str, str]]]:
    lines = text.splitlines(keepends=True)
    sep = delimiter(lines[header_at] if header_at < len(lines) else "")
    reader = csv.DictReader(io.StringIO("".join(lines[header_at:])), delimiter=sep)
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
        shown = clean(f"{row.get('First Name', '')} {row.get('Last Name', '')}")
        name = display_name(shown)
        met = _linkedin_date(row.get("Connected On", ""), path, line)
        people.append(Person(
            name=name, aliases=(shown,) if name != shown and name else (),
            emails=unique([row.get("Email Address", "")]), company=clean(row.get("Company")),
            role=clean(row.get("Position")), linkedin=clean(row.get("URL")), met=met, source="linkedin",
            where=f"{path.name}:{line}"))
    return people


_CREDENTIAL = re.compile(r"[A-Z][A-Za-z.&/-]{0,11}")
_ROMAN = re.compile(r"(?i)[IVX]+\.?")


def _credential(part: str) -> bool:
    """``CPA``, ``MBA``, ``Ph.D.``, ``P.Eng.``; not ``Jr.`` or ``III`` (those are the name's)."""
    words = part.split()
    return bool(words) and all(_CREDENTIAL.fullmatch(w) and sum(c.isupper() for c in w) >= 2
                               and not _ROMAN.fullmatch(w) for w in words)


def display_name(shown: str) -> str:
    """A LinkedIn display name as a card's name: without emoji and pictographs, and without
    the credentials people add after a comma (``Sophie Martin, CPA`` is ``Sophie Martin``)."""
    kept = "".join(c for c in shown if unicodedata.category(c) not in ("So", "Sk", "Cs", "Co")
                   and c not in "\u200d\ufe0f\ufe0e" and not 0x1F3FB <= ord(c) <= 0x1F3FF)
    parts = [x.strip() for x in clean(kept).split(",")]
    while len(parts) > 1 and _credential(parts[-1]):
        parts.pop()
    return clean(", ".join(parts))


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
                  "department": "Organization Department", "url": "Website {} - Value", "birthday": "Birthday",
                  "note": "Notes", "tags": "Labels", "address": "Address {} - "}
GOOGLE_LEGACY = {"name": ("Given Name", "Additional Name", "Family Name"), "email": "E-mail {} - Value",
                 "phone": "Phone {} - Value", "company": "Organization 1 - Name", "role": "Organization 1 - Title",
                 "department": "Organization 1 - Department", "url": "Website {} - Value", "birthday": "Birthday",
                 "note": "Notes", "tags": "Group Membership", "address": "Address {} - "}
ADDRESS_PARTS = ("PO Box", "Extended Address", "Street", "City", "Region", "Postal Code", "Country")


class _Cells:
    """A CSV row read column by column; what no card field takes is kept (``cell_line``)."""

    def __init__(self, row: dict[str, str]) -> None:
        self.row, self.read = row, {"Photo"}  # a photo URL: left out, and said so

    def get(self, column: str) -> str:
        self.read.add(column)
        return self.row.get(column, "").strip()

    def multi(self, pattern: str, sep: str = " ::: ") -> list[str]:
        out = []
        for i in range(1, 10):
            if pattern.format(i) not in self.row:
                break
            out.extend(v.strip() for v in self.get(pattern.format(i)).split(sep) if v.strip())
        return out

    def kept(self) -> tuple[tuple[str, str], ...]:
        return tuple((cell_key(k), cell_line(k, v)) for k, v in self.row.items() if k not in self.read and v.strip())


def _adr(kind: str, parts: list[str]) -> tuple[str, str]:
    return "ADR", adr_line(kind, *parts)


def _google(row: dict[str, str], layout: dict, where: str) -> Person:
    cells = _Cells(row)
    name = clean(" ".join(cells.get(h) for h in layout["name"]))
    nickname = cells.get("Nickname")
    fallback = clean(cells.get("Name")) or clean(cells.get("File As"))
    name = name or fallback or clean(nickname)
    tags = [t.strip().lstrip("* ").strip() for t in cells.get(layout["tags"]).split(" ::: ")]
    tags = [t for t in tags if t and t.lower() not in ("mycontacts", "my contacts", "starred")]
    urls = cells.multi(layout["url"])
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    company, department = clean(cells.get(layout["company"])), cells.get(layout["department"])
    kept: list[tuple[str, str]] = []
    if department:
        kept.append(("ORG", f"ORG:{escape(company)};{escape(department)}"))
    address = city = ""
    for i in range(1, 4):
        prefix = layout["address"].format(i)
        parts = [cells.get(prefix + part) for part in ADDRESS_PARTS]
        formatted, kind = cells.get(prefix + "Formatted"), cells.get(prefix + "Label") or cells.get(prefix + "Type")
        if not any(parts) and formatted:
            parts[2] = " ".join(formatted.split())
        if any(parts):
            kept.append(_adr(kind.lstrip("* "), parts))
            if not (address or city):
                address = ", ".join(x for x in (clean(v) for v in parts[:3]) if x)
                city = clean(parts[3])
    return Person(
        name=name, emails=unique(cells.multi(layout["email"])), phones=unique(cells.multi(layout["phone"])),
        company=company, role=clean(cells.get(layout["role"])), urls=unique(u for u in urls if u != linkedin),
        linkedin=linkedin, note=cells.get("Notes"), birthday=normalize_birthday(cells.get("Birthday")),
        tags=unique(tags), aliases=unique(a for a in [nickname] if a and clean(a) != name),
        address=address, city=city, kept=tuple(kept) + cells.kept(), source="google", where=where,
        skipped=("photo",) if row.get("Photo", "").strip() else ())


# Outlook's "Comma Separated Values" export: (vCard TYPE, columns of that address)
OUTLOOK_ADDRESSES = (("WORK", "Business"), ("HOME", "Home"), ("OTHER", "Other"))
OUTLOOK_PHONES = ("Mobile Phone", "Business Phone", "Business Phone 2", "Home Phone", "Home Phone 2",
                  "Other Phone", "Primary Phone", "Company Main Phone", "Car Phone", "Assistant's Phone")


def _outlook(row: dict[str, str], where: str) -> Person:
    cells = _Cells(row)
    name = clean(" ".join(cells.get(h) for h in ("First Name", "Middle Name", "Last Name")))
    nickname = cells.get("Nickname")
    name = name or clean(cells.get("E-mail Display Name")) or clean(nickname)
    emails = [cells.get(c) for c in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")]
    phones = [cells.get(c) for c in OUTLOOK_PHONES]
    company, department = clean(cells.get("Company")), cells.get("Department")
    kept: list[tuple[str, str]] = []
    if department:
        kept.append(("ORG", f"ORG:{escape(company)};{escape(department)}"))
    address = city = ""
    for kind, prefix in OUTLOOK_ADDRESSES:
        extended = ", ".join(x for x in (cells.get(f"{prefix} Street 2"), cells.get(f"{prefix} Street 3")) if x)
        parts = [cells.get(f"{prefix} PO Box"), extended, cells.get(f"{prefix} Street"), cells.get(f"{prefix} City"),
                 cells.get(f"{prefix} State"), cells.get(f"{prefix} Postal Code"),
                 cells.get(f"{prefix} Country/Region")]
        if any(parts):
            kept.append(_adr(kind, parts))
            if not (address or city):
                address = ", ".join(x for x in (clean(v) for v in parts[:3]) if x)
                city = clean(parts[3])
    urls = [u for u in [cells.get("Web Page")] if u]
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    birthday = _outlook_date(cells.get("Birthday"))
    tags = [t.strip() for t in cells.get("Categories").split(";")]
    return Person(
        name=name, emails=unique(emails), phones=unique(phones), company=company, role=clean(cells.get("Job Title")),
        urls=unique(u for u in urls if u != linkedin), linkedin=linkedin, note=cells.get("Notes"),
        birthday=birthday, tags=unique(t for t in tags if t),
        aliases=unique(a for a in [nickname] if a and clean(a) != name),
        address=address, city=city, kept=tuple(kept) + cells.kept(), source="outlook", where=where)


def _outlook_date(text: str) -> str:
    """Outlook writes ``4/12/1979`` (its locale's order) and ``0/0/00`` for none."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", text.strip())
    if not m or m.group(1) == "0":
        return normalize_birthday(text)
    month, day, year = (int(x) for x in m.groups())
    if month > 12:
        month, day = day, month
    try:
        return dt.date(year if year > 100 else 1900 + year, month, day).isoformat()
    except ValueError:
        return ""


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
    headers = [h.strip() for h in next(csv.reader([first], delimiter=delimiter(first)), [])] if first else []
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
    if layout is None and "E-mail Address" in headers and "First Name" in headers:
        return [_outlook(row, f"{path.name}:{line}") for line, row in _rows(text, path)]
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
