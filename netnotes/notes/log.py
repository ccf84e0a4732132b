"""The ``## Log`` section: an append-only list of dated interactions.

Grammar (docs/card-format.md has the full text)::

    - 2026-11-10 call: asked how I can help. He needs a web designer.
    - 2026-10-02 coffee at [[Bridgehead]]
    - 2026-09-15 referral given to [[Sam Lee]]: sent him a client.
    - 2026-08-01 sale $1,200: first engagement.

A line is ``- DATE [TIME] KIND [details]`` then an optional ``: free text``. Indented lines
below an entry continue it. Anything else inside the section is reported, never dropped, as a
``Diagnostic`` at its file line.

What came of an introduction is ``- DATE intro outcome [[B]]: OUTCOME[, more text]``, where
OUTCOME is one of ``OUTCOMES``: an entry of its own kind, ``outcome`` (never an ``intro``,
so that nothing counting introductions counts it twice); ``outcome_of`` reads its word.

An unticked task (``- [ ] 2026-11-25 call: ...``) is a *planned* touch: it goes into
``LogSection.planned``, never into ``entries``, so that nothing counting touches, sales or
introductions can count a plan by accident. A ticked one (``- [x]``) is an entry like any other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from netnotes.base.diagnostics import Diagnostic
from netnotes.notes.links import link_targets

KINDS = ("call", "email", "message", "coffee", "lunch", "meeting", "event",
         "intro", "referral", "sale", "note")
# words people write that mean one of the kinds above
KIND_SYNONYMS = {
    "phone": "call", "phonecall": "call", "mail": "email", "text": "message", "sms": "message",
    "dm": "message", "linkedin": "message", "breakfast": "coffee", "dinner": "lunch",
    "introduction": "intro", "referred": "referral", "sold": "sale", "invoice": "sale",
}

OUTCOME = "outcome"  # the kind of `intro outcome [[B]]: met`: written as two words, never alone
OUTCOMES = ("met", "business", "declined", "no-reply")  # what came of an introduction, in order of worth
_OUTCOME_WORD = re.compile(r"\s*(met|business|declined|no[- ]?reply)(?![\w-])", re.IGNORECASE)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# matched at the start of a line (which holds no line break): the item or the rest is what follows
_ITEM = re.compile(r"(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
# an item that starts with its date (then blanks): it matches exactly when _ITEM does and the
# item starts so (none of _ITEM's other ways to match lets a digit follow); group 2 is the
# task box's mark (" " for a planned entry), group 3 the date
_ITEM_ENTRY = re.compile(r"(\s*)[-*+]\s+(?:\[([ xX])\]\s+)?(\d{4}-\d{1,2}-\d{1,2})\b\s*")
# what may stand between the date and the kind: a time of day and separators
# (`2026-11-10 14:00 call`, `2026-11-05, coffee`, `2026-11-05 - coffee`, `2026-11-10 2:30pm call`)
_LEAD = re.compile(r"(?:[,;]\s*)?(?:(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?(?:\s?(?P<ampm>[aApP])\.?[mM]\.?)?(?!\w|:\d)\s*)?"
                   r"(?:[,;]\s*|[-\u2013\u2014]\s+)?")
_NUMBER = r"\d[\d,]*(?:\.\d{1,2})?"
# an amount with its currency: $1,200 / CAD 800 / 1200 EUR / 300 €
_MONEY = re.compile(
    rf"(?P<cur1>[$€£¥]|\b[A-Z]{{3}}\b)\s?(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s?(?P<cur2>\b[A-Z]{{3}}\b|[$€£¥])"
)
_BARE = re.compile(rf"(?<![\w.,]){_NUMBER}(?![\w])")


# who wrote the entry, in a vault a team shares: a Dataview inline field at the end of its text
# (``- 2026-11-20 call: asked about the audit [by:: Ann Lee]``), written by netnotes when
# ``[team] sign_entries`` is on (docs/team.md)
_BY = re.compile(r"\s*\[by::\s*([^\]\n]*?)\s*\]\s*$")


def signer(text: str) -> str:
    """Who signed an entry's text (``[by:: NAME]`` at its end), "" when nobody did."""
    m = _BY.search(text)
    return m.group(1) if m else ""


def unsigned(text: str) -> str:
    """An entry's text without its ``[by:: NAME]``: what it says, whoever wrote it."""
    return _BY.sub("", text)


class LogEntry(NamedTuple):
    """One dated interaction. ``direction`` is "given", "received" or "" (see docs)."""

    line: int  # 1-based line in the file
    date: dt.date
    kind: str
    direction: str
    head: str
    text: str
    links: tuple[str, ...]
    amount_cents: int | None = None
    currency: str | None = None
    time: str | None = None  # "14:00" when the line gives a time of day after the date

    @property
    def by(self) -> str:
        """Who wrote it (``[by:: NAME]`` at the end of its text), "" when it does not say."""
        return signer(self.text)

    def to_json(self) -> dict:
        return {"line": self.line, "date": self.date.isoformat(), "time": self.time, "kind": self.kind,
                "direction": self.direction, "head": self.head, "text": self.text,
                "links": list(self.links),
                "amount": None if self.amount_cents is None else self.amount_cents / 100,
                "currency": self.currency, "by": self.by or None}


@dataclass(frozen=True)
class LogSection:
    heading_line: int  # 1-based, 0 when the note has no log section
    end_line: int  # 1-based line after the section's last line
    entries: tuple[LogEntry, ...]  # what happened: ticked tasks and plain items
    problems: tuple[Diagnostic, ...]
    planned: tuple[LogEntry, ...] = ()  # unticked tasks: touches planned, not touches


def find_section(lines: list[str], heading: str = "Log") -> tuple[int, int, int] | None:
    """(index of heading line, index after section, heading level) or None; 0-based."""
    want = heading.casefold()
    in_fence = False
    start = level = -1
    for i, line in enumerate(lines):
        if line[:1] != "#":  # not a heading (which starts at the margin); perhaps a fence
            if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = _HEADING.match(line)
        if not m:
            continue
        if start < 0 and m.group(2).casefold() == want:
            start, level = i, len(m.group(1))
        elif start >= 0 and len(m.group(1)) <= level:
            return start, i, level
    return (start, len(lines), level) if start >= 0 else None


def parse_amount(text: str) -> tuple[int, str | None] | None:
    """``$1,200`` / ``CAD 800`` / ``1200 EUR`` / ``€300.50`` as (cents, currency): the sign or
    the code as written (``$`` stays ``$``: netnotes does not guess which dollar). An amount
    with a currency wins over other numbers ("sale of 3 licences for $900" is $900)."""
    m = _MONEY.search(text)
    if m:
        number = (m.group("n1") or m.group("n2")).replace(",", "")
        cur = m.group("cur1") or m.group("cur2")
    else:  # no currency written: the last bare number ("sale of 3 licences 900")
        bare = _BARE.findall(text)
        if not bare:
            return None
        number, cur = bare[-1].replace(",", ""), None
    whole, _, frac = number.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2]), cur


def parse_log(body_lines: list[str], first_line: int, heading: str = "Log", path: str = "") -> LogSection:
    """Parse the log section of a note body (its lines, without line breaks). ``first_line``
    is the file line of body_lines[0]; ``path`` is the file's, for the problems found."""
    found = find_section(body_lines, heading)
    if found is None:
        return LogSection(0, 0, (), ())
    start, end, _level = found
    entries: list[LogEntry] = []
    planned: list[LogEntry] = []
    problems: list[Diagnostic] = []
    last_indent = -1
    continues: LogEntry | None = None  # the entry that indented lines below continue
    into: list[LogEntry] = entries  # the list it is the last of
    entry_match = _ITEM_ENTRY.match
    for i in range(start + 1, end):
        raw = body_lines[i]
        stripped = raw.lstrip()
        if not stripped or stripped.startswith("<!--"):
            continue
        indent = len(raw) - len(stripped)
        if last_indent >= 0 and indent > last_indent:
            if continues is not None:  # continuation: its text and links belong to the entry
                more = raw.strip()
                continues = continues._replace(
                    text=f"{continues.text} {more}".strip(),
                    links=continues.links + tuple(link_targets(more)))
                into[-1] = continues
            continue
        m = entry_match(raw)
        if m is not None:  # the item starts with its date: it starts at column at + 1
            last_indent = indent
            at = m.start(3)
            entry, problem = _parse_entry(raw, at, m.group(3), m.end(), first_line + i, path)
            into = planned if m.group(2) == " " else entries
        else:
            m = _ITEM.match(raw)
            if m is None:
                problems.append(Diagnostic.make(path, first_line + i, indent + 1, "log-syntax",
                                                "a log line must be a list item: `- YYYY-MM-DD kind: text`",
                                                span=len(raw.strip())))
                continue
            last_indent = indent
            at = m.end()
            item = raw[at:]
            entry = None
            problem = Diagnostic.make(path, first_line + i, _first_index(raw, item, at) + 1, "log-syntax",
                                      "a log entry starts with its date: `- 2026-11-20 call: ...`",
                                      span=len(item.split(" ", 1)[0]))
        continues = entry
        if entry:
            into.append(entry)
        if problem:
            problems.append(problem)
    return LogSection(first_line + start, first_line + end, tuple(entries), tuple(problems), tuple(planned))


def _first_index(text: str, suffix: str, at: int) -> int:
    """``text.index(suffix)`` for ``suffix == text[at:]``: ``at`` unless the suffix also
    starts earlier, which needs its first character before ``at``."""
    if suffix and suffix[0] not in text[:at]:
        return at
    return text.index(suffix)


_new_entry = tuple.__new__  # LogEntry's own constructor, minus a Python-level call per entry


def _parse_entry(raw: str, at: int, raw_date: str, rest_at: int, lineno: int,
                 path: str) -> tuple[LogEntry | None, Diagnostic | None]:
    """The entry whose item starts at ``raw[at]`` with ``raw_date``; its text after the date
    starts at ``raw[rest_at]``."""
    col = at + 1
    time = time_problem = None
    lead = _LEAD.match(raw, rest_at)
    if lead.end() > rest_at:  # a time of day or a separator before the kind
        if lead.group("h") is not None:
            time, why = _time_of(lead.group("h"), lead.group("m"), lead.group("ampm"))
            if why:
                time_problem = Diagnostic.make(path, lineno, lead.start("h") + 1, "log-syntax", why,
                                               span=lead.end("m") - lead.start("h"))
        rest_at = lead.end()
    rest = raw[rest_at:]
    try:
        if len(raw_date) == 10:
            date = dt.date.fromisoformat(raw_date)
        else:
            y, mo, d = (int(x) for x in raw_date.split("-"))
            date = dt.date(y, mo, d)
    except ValueError:
        return None, Diagnostic.make(path, lineno, col, "invalid-date",
                                     f"`{raw_date}` is not a real date; write an existing day as YYYY-MM-DD",
                                     span=len(raw_date))
    if len(raw_date) != 10:
        return None, Diagnostic.make(path, lineno, col, "log-syntax",
                                     f"write the date as YYYY-MM-DD (`{date.isoformat()}`)", span=len(raw_date))
    if "[[" in rest:
        head, text = _split_head(rest)
        links = tuple(link_targets(rest))
    else:
        colon = _COLON.search(rest)
        head, text = (rest[:colon.start()], rest[colon.end():]) if colon else (rest, "")
        links = ()
    words = head.split()
    if not rest:
        kind_col = col + len(raw_date)
    elif rest[0] in raw[at:rest_at]:  # where the item's text first reads as the rest (rare)
        kind_col = col + raw[at:].index(rest)
    else:
        kind_col = col + rest_at - at
    if not words:
        return None, Diagnostic.make(path, lineno, kind_col, "log-syntax",
                                     "say what happened after the date: `call`, `coffee`, `sale $500`...")
    word = words[0].lower().rstrip(".,;")
    kind = KIND_SYNONYMS.get(word, word)
    if kind == "intro" and len(words) > 1 and words[1].lower().rstrip(".,;") == OUTCOME:
        kind = OUTCOME
    problem = None
    if kind not in KINDS and kind != OUTCOME:
        problem = Diagnostic.make(path, lineno, kind_col, "log-kind",
                                  f"unknown log kind `{words[0]}`; use one of {', '.join(KINDS)}",
                                  span=len(words[0]))
        kind = "note"
    direction = ""
    amount = currency = None
    if kind == "referral":
        tail = words[1].lower() if len(words) > 1 else None
        if tail in ("given", "to", "sent"):
            direction = "given"
        elif tail in ("received", "from", "got"):
            direction = "received"
        else:
            problem = Diagnostic.make(path, lineno, kind_col, "log-syntax",
                                      "say `referral given` (you sent them business) or "
                                      "`referral received` (they sent you business)", span=len(words[0]))
            direction = "given"
    elif kind == "intro":
        direction = "received" if len(words) > 1 and words[1].lower() in ("received", "from", "by") else "given"
    elif kind == OUTCOME:
        if outcome_of(text) is None:
            problem = Diagnostic.make(path, lineno, kind_col, "log-syntax",
                                      "say what came of the introduction after the colon: "
                                      f"`intro outcome [[Name]]: met` ({', '.join(OUTCOMES)})",
                                      span=len(head.rstrip()))
    elif kind == "sale":
        parsed = parse_amount(head)
        if parsed is None:
            problem = Diagnostic.make(path, lineno, kind_col, "log-syntax",
                                      "a sale needs an amount: `sale $1,200: ...`", span=len(words[0]))
        else:
            amount, currency = parsed
    return _new_entry(LogEntry, (lineno, date, kind, direction, head.strip(), text.strip(), links,
                                 amount, currency, time)), problem or time_problem


def outcome_of(text: str) -> str | None:
    """The outcome an ``intro outcome`` entry's text starts with (``OUTCOMES``: ``no reply``
    and ``noreply`` are ``no-reply``), or None."""
    m = _OUTCOME_WORD.match(text)
    if m is None:
        return None
    word = m.group(1).lower()
    return "no-reply" if word.startswith("no") else word


def _time_of(hours: str, minutes: str, ampm: str | None) -> tuple[str | None, str | None]:
    """``14:00`` / ``2:30pm`` as ``HH:MM`` (24-hour), or why it is not a time of day."""
    h, m = int(hours), int(minutes)
    if ampm:
        if not 1 <= h <= 12:
            h = 99
        else:
            h = h % 12 + (12 if ampm in "pP" else 0)
    if h > 23 or m > 59:
        written = f"{hours}:{minutes}{ampm + 'm' if ampm else ''}"
        return None, f"`{written}` is not a time of day; write it as HH:MM, from 00:00 to 23:59"
    return f"{h:02d}:{m:02d}", None


_LINK_SPAN = re.compile(r"\[\[[^\]\n]*\]\]")
_COLON = re.compile(r":(?!//)")


def _split_head(rest: str) -> tuple[str, str]:
    """Split at the first colon that is not inside a wikilink or a URL's ``://``."""
    masked = _LINK_SPAN.sub(lambda m: "_" * len(m.group()), rest) if "[[" in rest else rest
    m = _COLON.search(masked)
    return (rest[:m.start()], rest[m.end():]) if m else (rest, "")
