"""What came of an introduction: ``- DATE intro outcome [[B]]: OUTCOME`` on both cards.

The second half of an introduction's life (``edit.capture.record_intro`` is the first): it is
recorded only for a pair whose introduction is on a card already, once per day and outcome,
and on both cards or neither (``edit.write.apply_edits``: both edits proved before either is
written, then one ``vault.history`` change).
"""

from __future__ import annotations

import datetime as dt

from netnotes.base.errors import NetnotesError
from netnotes.base.text import decode_text
from netnotes.edit.capture import _link, _names, _path_of, _signed, card_of
from netnotes.edit.spans import append_log
from netnotes.edit.write import EditResult, apply_edits
from netnotes.index.session import Session
from netnotes.notes.log import OUTCOME, OUTCOMES, outcome_of
from netnotes.notes.note import Note, parse_note


def record_outcome(session: Session, a: str | Note, b: str | Note, outcome: str, day: dt.date, note_text: str = "",
                   dry_run: bool = False) -> list[EditResult]:
    """``intro outcome [[B]]: OUTCOME[, NOTE]`` on A's card and ``[[A]]`` on B's. Refused
    unless an introduction of the two (an ``intro`` entry on either card, linking to the
    other) is dated on or before ``day``; a card that has this outcome of the pair on that
    day already is left alone, and when both have it nothing is written."""
    if outcome not in OUTCOMES:
        raise NetnotesError(f"`{outcome}` is not an outcome", f"use one of {', '.join(OUTCOMES)}")
    first, second = card_of(session, a), card_of(session, b)
    if first.rel == second.rel:
        raise NetnotesError(f"{first.name} cannot be introduced to themselves")
    config = session.vault.config
    texts = {}
    for card in (first, second):
        texts[card.rel] = decode_text(_path_of(session, card).read_bytes(), errors="replace")
    logs = {card.rel: parse_note(card.rel, texts[card.rel].encode("utf-8"), config).log for card in (first, second)}

    def links(card: Note, other: Note, kind: str) -> list:
        return [e for e in logs[card.rel] if e.kind == kind and e.date <= day
                and (kind != "intro" or e.direction != "received")
                and any(_names(session, t, other) for t in e.links)]

    if not links(first, second, "intro") and not links(second, first, "intro"):
        raise NetnotesError(f"no introduction of {first.name} and {second.name} is recorded on or before "
                            f"{day.isoformat()}; nothing was written",
                            f"record it first: netnotes intro \"{first.name}\" \"{second.name}\"")
    suffix = f", {' '.join(note_text.split())}" if note_text.strip() else ""
    heading = config.log_heading
    plans = []
    for card, other in ((first, second), (second, first)):
        same = [e for e in links(card, other, OUTCOME) if e.date == day and outcome_of(e.text) == outcome]
        if not same:
            entry = _signed(session, f"intro {OUTCOME} {_link(other)}: {outcome}{suffix}")
            plans.append((_path_of(session, card), lambda text, e=entry: append_log(text, day, e, heading)))
    if not plans:
        raise NetnotesError(f"the outcome `{outcome}` of the introduction of {first.name} and {second.name} "
                            f"on {day.isoformat()} is on both cards already; nothing was written")
    # both edits proved on the cards as they are before either is written; then one change
    return apply_edits(session.vault.root, f"intro {first.name} {second.name} --outcome {outcome}", plans, dry_run)
