"""One run of the weekly review, as ``netnotes report`` and ``netnotes watch`` both do it:
record the ticks of every review page on the cards (``edit.ticks``), read the changed cards
again, write the week's page (``render.publish``), then mark the open tasks of older pages
superseded (``render.review_tasks``). With ``dry_run`` nothing at all is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from netnotes.edit.ticks import TickReport, record_ticks
from netnotes.index.session import Session
from netnotes.render.publish import Published, publish_weekly, weekly_text
from netnotes.reports.weekly import Week, weekly_review


@dataclass(frozen=True)
class ReviewRun:
    session: Session  # the session the page was rendered from (read again after ticks were recorded)
    ticks: TickReport
    published: tuple[Published, ...]
    superseded: tuple[tuple[Path, int], ...]  # older pages and how many of their tasks were marked


def run_review(session: Session, week: Week, today: dt.date, formats: tuple[str, ...],
               out: Path | None = None, dry_run: bool = False) -> ReviewRun:
    """Record ticks, write the review in each format, supersede older pages' open tasks."""
    config = session.vault.config
    ticks = record_ticks(session, today, dry_run) if config.record_ticks else TickReport()
    if ticks.changed and not dry_run:
        session = resynced(session)
    review = weekly_review(session, week, today) if len(formats) > 1 else None
    published = []
    for fmt in formats:
        text = None if review is not None else weekly_text(session, week, today, fmt)
        published.append(publish_weekly(session, week, today, fmt, out, review=review, text=text, dry_run=dry_run))
    superseded: list[tuple[Path, int]] = []
    if "md" in formats and out is None and config.supersede_old_tasks:
        from netnotes.render.review_tasks import supersede_before

        from netnotes.vault.person import review_folder

        folder = review_folder(session.vault.root, config.reviews_folder, config.per_person)
        superseded = supersede_before(session.vault.root, folder, week, dry_run)
    return ReviewRun(session, ticks, tuple(published), tuple(superseded))


def resynced(session: Session) -> Session:
    """A session over the index brought up to date with the files (after cards were edited)."""
    if session.index is None:
        return session
    result = session.index.sync()
    return Session(session.vault, None, session.index, result, session.with_body)
