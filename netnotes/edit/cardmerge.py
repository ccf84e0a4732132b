"""Three-way merge of one card, as git's merge driver for a shared vault (docs/team.md).

A card is three texts that merge by different rules:

- **front matter**, key by key: a key changed on one side takes that side; a list (tags,
  offers, needs...) changed on both sides is merged as a set (what either side added, less what
  either side removed); ``next_followup`` set on both sides takes the sooner date, and set on one
  side wins over removed on the other; any other key changed differently on both sides is a
  real conflict, and only that key gets conflict markers. Comments, key order (ours, with theirs' new keys after the
  key they follow there) and quoting are kept.
- **the Log**, as a union: every entry either side wrote, each once, where the card's own date
  order puts it; an entry one side removed (or edited: a changed entry is a removal and an
  addition) is removed.
- **the free notes**, by git's own line merge (``git merge-file``), markers and all.

The card's line ends and byte-order mark are those of "ours". Anything this module cannot
read as cards (front matter that is not plain ``key: value`` lines, a key written twice) is
merged by git's line merge whole, so the driver never does worse than plain git.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any

from netnotes.base.dates import as_date
from netnotes.notes import yamlload, yamlwrite
from netnotes.edit.spans import log_order
from netnotes.notes.log import find_section

_SPLIT = re.compile(r"(?<=\n)")


def _lines(text: str) -> list[str]:
    """The text's lines, each with its newline (the last perhaps without)."""
    return [line for line in _SPLIT.split(text) if line]
_DATED = re.compile(r"^- (?:\[.\] )?(\d{4}-\d{2}-\d{2})")
BOM = "\ufeff"
# stands for the Log section while git merges the free notes around it
PLACEHOLDER = "@@netnotes-merge: the log section stands here 6f1c0e@@\n"


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: tuple[str, ...] = ()  # what needs a person, one line each

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass
class _Card:
    fm: str | None  # the front matter's YAML text, None when the card has none
    body: str


class _Unmergeable(Exception):
    """This side cannot be merged key by key: merge the whole text by lines."""


def merge_card(base: str, ours: str, theirs: str, heading: str = "Log", marker_size: int = 7,
               labels: tuple[str, str, str] = ("ours", "base", "theirs")) -> Merged:
    """The merged card (see the module's docstring)."""
    bom = ours.startswith(BOM)
    newline = "\r\n" if "\r\n" in ours else "\n"
    texts = [t.removeprefix(BOM).replace("\r\n", "\n") for t in (base, ours, theirs)]
    try:
        if any(PLACEHOLDER.strip() in t for t in texts):
            raise _Unmergeable
        cards = [_split(t) for t in texts]
        fm_text, fm_conflicts = _merge_front(*(c.fm for c in cards), marker_size, labels)
        body, body_conflicts = _merge_body(*(c.body for c in cards), heading, marker_size, labels)
        text = (f"---\n{fm_text}---\n" if fm_text is not None else "") + body
        conflicts = (*fm_conflicts, *body_conflicts)
    except _Unmergeable:
        text, count = line_merge(*texts, marker_size, labels)
        conflicts = tuple(f"{count} conflicting part(s) in the card, merged by lines" for _ in range(1) if count)
    if newline != "\n":
        text = text.replace("\n", newline)
    return Merged((BOM if bom else "") + text, conflicts)


# ---- the card's parts ----------------------------------------------------------------------
def _split(text: str) -> _Card:
    lines = _lines(text)
    if not lines or lines[0].rstrip("\n \t") != "---":
        return _Card(None, text)
    for i, line in enumerate(lines[1:], 1):
        if line.rstrip("\n \t") in ("---", "..."):
            if line.rstrip("\n \t") == "..." or not line.endswith("\n"):
                raise _Unmergeable
            return _Card("".join(lines[1:i]), "".join(lines[i + 1:]))
    raise _Unmergeable  # never closed


@dataclass
class _Front:
    head: str  # lines before the first key
    blocks: dict[str, str] = field(default_factory=dict)  # key -> its lines (comments above it included)
    values: dict[str, Any] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def _front(fm: str | None) -> _Front:
    if fm is None or not fm.strip():
        return _Front(fm or "")
    loaded = yamlload.load_front_matter(fm)
    if loaded.layout != "lines" or not isinstance(loaded.data, dict) or \
            any(d.code in ("yaml-syntax", "yaml-unsafe", "file-too-large") for d in loaded.issues):
        raise _Unmergeable
    names = [e.name for e in loaded.entries]
    if None in names or len(set(names)) != len(names):
        raise _Unmergeable
    lines = _lines(fm)
    starts = []
    previous_end = -1
    for e in loaded.entries:
        start = e.key.line
        while start - 1 > previous_end and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        starts.append(start)
        previous_end = max(e.value.end_line, e.key.line)
    out = _Front("".join(lines[:starts[0]]) if starts else fm)
    for i, e in enumerate(loaded.entries):
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        block = "".join(lines[starts[i]:end])
        out.blocks[e.name] = block if block.endswith("\n") else block + "\n"
        out.values[e.name] = loaded.data.get(e.name)
        out.order.append(e.name)
    return out


def _one_sided(base, ours, theirs):
    """The result when at most one side changed (both alike, or one as the base), else None."""
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    return None


def _merge_front(base: str | None, ours: str | None, theirs: str | None, marker_size: int,
                 labels: tuple[str, str, str]) -> tuple[str | None, list[str]]:
    if (taken := _one_sided(base, ours, theirs)) is not None:
        return taken, []
    b, o, t = _front(base), _front(ours), _front(theirs)
    conflicts: list[str] = []
    merged: dict[str, str] = {}
    for key in {*o.order, *t.order}:
        ob, tb, bb = o.blocks.get(key), t.blocks.get(key), b.blocks.get(key)
        if ob == tb:
            block = ob
        elif bb == ob:
            block = tb
        elif bb == tb:
            block = ob
        elif _same_value(o, t, key):
            block = ob  # the same value written two ways: ours' way
        elif key in SOONEST:
            block = _soonest(key, o, t)
        else:
            block = _merge_list(key, b, o, t)
            if block is None:
                conflicts.append(f"property `{key}` was changed differently on both sides")
                block = _markers(ob or "", tb or "", marker_size, labels)
        if block is not None:
            merged[key] = block
    order = [k for k in o.order if k in merged]
    for i, key in enumerate(t.order):  # theirs' new keys, after the key they follow there
        if key in merged and key not in order:
            before = next((k for k in reversed(t.order[:i]) if k in order), None)
            order.insert(order.index(before) + 1 if before else 0, key)
    head = o.head if o.head == t.head or t.head == b.head else (t.head if o.head == b.head else o.head)
    return head + "".join(merged[k] for k in order), conflicts


# dates both sides may set for the same reason: the soonest wins (nobody's follow-up is missed),
# and one set wins over one removed (``done`` clears it; the other side asked for a new one)
SOONEST = ("next_followup",)


def _soonest(key: str, o: _Front, t: _Front) -> str | None:
    ov, tv = o.values.get(key), t.values.get(key)
    if key not in o.blocks:
        return t.blocks.get(key)
    if key not in t.blocks:
        return o.blocks[key]
    od, td = as_date(ov), as_date(tv)  # "2026-12-10" quoted is the same day as netnotes reads it
    if od is not None and td is not None:
        return o.blocks[key] if od <= td else t.blocks[key]
    return o.blocks[key] if od is not None else t.blocks[key]


def _same_value(o: _Front, t: _Front, key: str) -> bool:
    return key in o.values and key in t.values and yamlwrite.same(o.values[key], t.values[key])


def _scalars(value: Any) -> list | None:
    if isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) for v in value):
        return value
    return None


def _merge_list(key: str, b: _Front, o: _Front, t: _Front) -> str | None:
    """Both sides changed the list ``key``: what either added, less what either removed, in
    ours' order then theirs'; None when it is not a list of plain values on both sides."""
    ours, theirs = _scalars(o.values.get(key)), _scalars(t.values.get(key))
    base = _scalars(b.values.get(key, [])) if key in b.values else []
    if ours is None or theirs is None or base is None:
        return None
    removed = [v for v in base if v not in ours or v not in theirs]
    values = [v for v in ours if v not in removed]
    values += [v for v in theirs if v not in values and v not in removed]
    block = o.blocks[key]
    comments = "".join(line for line in _lines(block) if line.lstrip().startswith("#")
                       and not line.startswith(key))
    lines = [line for line in _lines(block) if not line.lstrip().startswith("#")]
    if len(lines) > 1 and lines[1].lstrip().startswith("- "):  # a block list: keep it one
        indent = lines[1][:len(lines[1]) - len(lines[1].lstrip())]
        return comments + f"{key}:\n" + "".join(f"{indent}- {yamlwrite.emit(v)}\n" for v in values)
    return comments + f"{key}: {yamlwrite.emit(values)}\n"


def _markers(ours: str, theirs: str, size: int, labels: tuple[str, str, str]) -> str:
    return (f"{'<' * size} {labels[0]}\n{ours}{'=' * size}\n{theirs}{'>' * size} {labels[2]}\n")


# ---- the body: free notes by lines, the Log as a union ------------------------------------
def _merge_body(base: str, ours: str, theirs: str, heading: str, marker_size: int,
                labels: tuple[str, str, str]) -> tuple[str, list[str]]:
    if (taken := _one_sided(base, ours, theirs)) is not None:
        return taken, []
    parts = [_cut_log(text, heading) for text in (base, ours, theirs)]
    if all(p[1] is None for p in parts):
        text, count = line_merge(base, ours, theirs, marker_size, labels)
        return text, [f"{count} conflicting part(s) in the notes"] if count else []
    if len({tuple(_prose(p[1][1])) if p[1] is not None else () for p in parts}) > 1:
        # the Log holds text besides its entries, and the sides changed it: a union of items
        # cannot know where that text belongs, git's line merge does (markers and all)
        text, count = line_merge(base, ours, theirs, marker_size, labels)
        return text, [f"{count} conflicting part(s) in the notes and the log"] if count else []
    outside = [p[0] if p[1] is not None else _with_placeholder(p[0]) for p in parts]
    text, count = line_merge(*outside, marker_size, labels)
    conflicts = [f"{count} conflicting part(s) in the notes"] if count else []
    title = next((p[1][0] for p in (parts[1], parts[2], parts[0]) if p[1] is not None))
    log = _merge_log(*(p[1][1] if p[1] is not None else [] for p in parts))
    section = title + "".join(log)
    if text.count(PLACEHOLDER) != 1:  # git could not keep the section's place: at the end
        text = text.replace(PLACEHOLDER, "")
        text = text + ("" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n")
        text += PLACEHOLDER
    return text.replace(PLACEHOLDER, section), conflicts


def _with_placeholder(text: str) -> str:
    if not text:
        return PLACEHOLDER
    return text + ("" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n") + PLACEHOLDER


def _cut_log(text: str, heading: str) -> tuple[str, tuple[str, list[str]] | None]:
    """The text with its Log section replaced by the placeholder, and (heading line, the
    section's lines); (text, None) when it has none."""
    lines = _lines(text)
    found = find_section([line.rstrip("\n") for line in lines], heading)
    if found is None:
        return text, None
    start, end, _ = found
    title = lines[start] if lines[start].endswith("\n") else lines[start] + "\n"
    section = lines[start + 1:end]
    if section and not section[-1].endswith("\n"):
        section[-1] += "\n"
    return "".join(lines[:start]) + PLACEHOLDER + "".join(lines[end:]), (title, section)


def _items(lines: list[str]) -> list[str]:
    """The section's lines as items: a top-level list item with the lines indented under it,
    or any other single line."""
    items: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        if line.startswith(("- ", "* ", "+ ")):
            while j < len(lines) and lines[j].strip() and lines[j][:1] in (" ", "\t"):
                j += 1
        items.append("".join(lines[i:j]))
        i = j
    return items


def _prose(lines: list[str]) -> list[str]:
    """The section's lines that are neither list items, lines indented under them, nor blank."""
    return [item for item in _items(lines) if item.strip() and not item.startswith(("- ", "* ", "+ "))]


def _date(item: str) -> str | None:
    m = _DATED.match(item)
    return m.group(1) if m else None


def _merge_log(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Every entry either side has, each once (an entry both added is one entry); entries
    one side removed, removed; theirs' new entries where ours' date order puts them."""
    b, o, t = _items(base), _items(ours), _items(theirs)
    count = lambda items, k: sum(1 for x in items if x == k)  # noqa: E731
    result = list(o)
    for key in dict.fromkeys(x for x in (*o, *t) if x.strip()):
        cb, co, ct = count(b, key), count(o, key), count(t, key)
        final = max(cb + max(co - cb, ct - cb, 0) + min(co - cb, ct - cb, 0), 0)
        while count(result, key) > final:  # removed by theirs: the last of ours' copies go
            del result[len(result) - 1 - result[::-1].index(key)]
        extra = final - count(result, key)
        for _ in range(extra):
            _place(result, key, t)
    for key in dict.fromkeys(x for x in b if x.strip() and x not in o and x not in t):
        pass  # removed on both sides: gone
    return result


def _place(result: list[str], item: str, theirs: list[str]) -> None:
    day = _date(item)
    dated = [(i, d) for i, d in ((i, _date(x)) for i, x in enumerate(result)) if d]
    if day and dated:
        if log_order([when for _, d in dated if (when := as_date(d))]) == "asc":  # the card's order, as `log` keeps it
            after = [i for i, d in dated if d <= day]
            at = after[-1] + 1 if after else dated[0][0]
        else:
            at = next((i for i, d in dated if d <= day), dated[-1][0] + 1)
        result.insert(at, item)
        return
    # undated, or the first dated entry: after the item it follows in theirs
    pos = theirs.index(item)
    for previous in reversed(theirs[:pos]):
        if previous in result and previous.strip():
            result.insert(result.index(previous) + 1, item)
            return
    lead = 0
    while lead < len(result) and not result[lead].strip():
        lead += 1
    result.insert(lead, item)


# ---- git's line merge ------------------------------------------------------------------------
def line_merge(base: str, ours: str, theirs: str, marker_size: int = 7,
               labels: tuple[str, str, str] = ("ours", "base", "theirs")) -> tuple[str, int]:
    """``git merge-file``'s merge of three texts: (text, number of conflicts)."""
    with tempfile.TemporaryDirectory(prefix="netnotes-merge-") as tmp:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            paths.append(path)
        proc = subprocess.run(["git", "merge-file", "-p", f"--marker-size={marker_size}",
                               "-L", labels[0], "-L", labels[1], "-L", labels[2], *paths],
                              capture_output=True)
    if proc.returncode < 0 or proc.returncode > 127:
        raise OSError(f"git merge-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout.decode("utf-8"), proc.returncode
