"""Ticks on review pages feed back: a ticked follow-up, ask or introduction is recorded on the
cards it names, once.

Every page of the reviews folder is read. A ticked generated task (``- [x] ... ^nn-fu-...``)
becomes a log entry written by ``netnotes.edit.capture``, as ``done`` and ``intro`` write them:

- a follow-up: ``- DAY note: followed up (ticked in [[2026-W47]])``, a touch that satisfies an
  explicit ``next_followup`` on or before DAY (``record_done``);
- an ask: ``- DAY note: asked about NEED (ticked in [[2026-W47]])`` on the person asked;
- an introduction: ``- DAY intro [[B]]: ticked in 2026-W47`` on A's card and the same on B's
  (``record_intro``; no link to the page there, since the links of an intro entry name the
  people introduced).

DAY is the task's done date (Obsidian Tasks' ``✅ 2026-11-20``), else the last day of the
page's week, or today if that is earlier. The entry itself is the memory: a card whose log
already has the entry's text for that page (any date) is not written again, so ``report``
and ``watch`` may run any number of times. Nothing else keeps state.
"""

from __future__ import annotations

from netnotes.base.files import read_regular

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text
from netnotes.edit.capture import record_done, record_intro
from netnotes.edit.write import EditResult
from netnotes.index.session import Session
from netnotes.notes.links import link_targets
from netnotes.notes.log import unsigned
from netnotes.notes.note import Note, parse_note
from netnotes.notes.resolve import Resolver
from netnotes.render.review_tasks import PageTask, page_tasks, page_week, review_pages

_ASK = re.compile(r"\bAsk .*? about (.+?):\s")
_UNESCAPE = re.compile(r"\\(.)")
WHAT = {"fu": "follow-up", "ask": "ask", "intro": "introduction"}


@dataclass(frozen=True)
class Tick:
    """A ticked generated task of a review page."""

    page: str  # the page's path in the vault
    stem: str  # its name, as a link names it (``2026-W47``)
    task: PageTask
    day: dt.date

    @property
    def where(self) -> str:
        return f"{self.page}:{self.task.line}"


@dataclass(frozen=True)
class TickReport:
    """What recording the ticks did (or, with ``dry_run``, would do)."""

    recorded: tuple[str, ...] = ()  # one line per card entry: "People/Ann.md: 2026-11-20 note: ..."
    warnings: tuple[str, ...] = ()
    edits: tuple[EditResult, ...] = field(default=(), repr=False)

    @property
    def changed(self) -> bool:
        return any(e.changed for e in self.edits)


def find_ticks(session: Session, today: dt.date) -> tuple[list[Tick], list[str]]:
    """The ticked follow-ups, asks and introductions of every review page, and the warnings
    about ticks that cannot be dated."""
    root = session.vault.root
    ticks: list[Tick] = []
    warnings: list[str] = []
    config = session.vault.config
    from netnotes.vault.person import review_folder

    for path in review_pages(root, review_folder(root, config.reviews_folder, config.per_person)):
        try:
            text = decode_text(read_regular(path)[0], errors="replace")  # a FIFO there never blocks
        except OSError as e:
            warnings.append(f"cannot read {_rel(root, path)}: {e.strerror}; its ticks are not recorded")
            continue
        week = page_week(path)
        default = min(week.end, today) if week else today
        for task in page_tasks(text):
            if not task.ticked or not task.kind:
                continue
            rel = _rel(root, path)
            # a team's pages share their names (Reviews/Ann/2026-W47, Reviews/Bob/2026-W47): the
            # entry names the page by its path, so two people's ticks are two entries
            stem = rel.removesuffix(".md") if config.per_person else path.stem
            tick = Tick(rel, stem, task, task.done or default)
            if tick.day > today:
                warnings.append(f"{tick.where}: the {WHAT[task.kind]} is ticked done on {tick.day.isoformat()}, "
                                "after today; it is recorded on that day")
                continue
            ticks.append(tick)
    return ticks, warnings


def record_ticks(session: Session, today: dt.date, dry_run: bool = False) -> TickReport:
    """Record every tick not recorded yet; with ``dry_run`` nothing is written. A tick whose
    names no longer resolve is a warning, never an error: the other ticks are recorded."""
    ticks, warnings = find_ticks(session, today)
    recorded: list[str] = []
    edits: list[EditResult] = []
    seen: set[tuple] = set()
    resolver = _resolver(session)
    for tick in ticks:
        try:
            cards = _cards(resolver, tick)
            key = (tick.stem, tick.task.kind, tuple(c.rel for c in cards), _need(tick.task))
            if key in seen:
                continue
            seen.add(key)
            done = _record(session, tick, cards, today, dry_run)
        except NetnotesError as e:
            warnings.append(f"{tick.where}: the ticked {WHAT[tick.task.kind]} is not recorded: {e.message}"
                            + (f" ({e.hint})" if getattr(e, "hint", None) else ""))
            continue
        for result in done:
            if result.changed:
                edits.append(result)
                recorded.append(f"{_rel(session.vault.root, result.path)}: {_added_line(result)} (from {tick.where})")
    return TickReport(tuple(recorded), tuple(warnings), tuple(edits))


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _resolver(session: Session) -> Resolver:
    if session.index is not None and "notes" not in session.__dict__:
        return Resolver(tables=session.index_tables())
    return session.resolver


def _cards(resolver: Resolver, tick: Tick) -> list[Note]:
    """The contacts the task names: its first link (a follow-up, an ask), its first two (an
    introduction)."""
    wanted = 2 if tick.task.kind == "intro" else 1
    targets = link_targets(tick.task.text)[:wanted]
    if len(targets) < wanted:
        raise NetnotesError("its line has no link to the card", "record it by hand: `netnotes done NAME`")
    cards = []
    for target in targets:
        found = [n for n in resolver.resolve(target).notes if n.kind == "contact"]
        if len(found) != 1:
            why = "no card" if not found else f"{len(found)} cards"
            raise NetnotesError(f"[[{target}]] names {why} now",
                                "fix the link on the page, or record it with `netnotes done` or `netnotes intro`")
        cards.append(found[0])
    if wanted == 2 and cards[0].rel == cards[1].rel:
        raise NetnotesError(f"both links name {cards[0].name}")
    return cards


def _need(task: PageTask) -> str:
    if task.kind != "ask":
        return ""
    m = _ASK.search(task.text)
    return _UNESCAPE.sub(r"\1", m.group(1)).strip() if m else ""


def entry_text(tick: Tick) -> str:
    """What the log entry says after its kind: how a re-run knows the tick is recorded."""
    if tick.task.kind == "intro":
        return f"ticked in {tick.stem}"
    if tick.task.kind == "ask":
        need = _need(tick.task)
        return f"asked{' about ' + need if need else ''} (ticked in [[{tick.stem}]])"
    return f"followed up (ticked in [[{tick.stem}]])"


def _record(session: Session, tick: Tick, cards: list[Note], today: dt.date, dry_run: bool) -> list[EditResult]:
    text = entry_text(tick)
    if tick.task.kind != "intro":
        if _has_entry(session, cards[0], text):
            return []
        return [record_done(session, cards[0].rel, tick.day, today, text, kind="note", dry_run=dry_run)]
    a, b = cards
    if _has_entry(session, a, text, b) and _has_entry(session, b, text, a):
        return []
    return record_intro(session, a.rel, b.rel, tick.day, text, dry_run=dry_run)


def _has_entry(session: Session, card: Note, text: str, other: Note | None = None) -> bool:
    """Whether the card's log (as the file reads now) has an entry saying ``text``; with
    ``other``, an ``intro`` entry that links to ``other``."""
    path = session.vault.root / card.rel
    try:
        note = parse_note(card.rel, path.read_bytes(), session.vault.config)
    except OSError:
        return False
    resolver = _resolver(session)
    for e in note.log:
        if unsigned(e.text) != text:  # whoever's clone recorded it
            continue
        if other is None:
            return True
        if e.kind == "intro" and any(n.rel == other.rel for t in e.links for n in resolver.resolve(t).notes):
            return True
    return False


def _added_line(result: EditResult) -> str:
    """The log line an edit added, without its dash."""
    before = set(result.before.decode("utf-8", "replace").splitlines())
    for line in result.after.decode("utf-8", "replace").splitlines():
        if line not in before and line.lstrip().startswith("- "):
            return line.strip()[2:]
    return "updated"
