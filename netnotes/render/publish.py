"""Rendering a report and putting it where it goes: the vault's review folder, a path, or stdout."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from netnotes.index.session import Session
from netnotes.reports.weekly import Week, WeeklyReview, weekly_review

FORMATS = ("md", "html", "json")


@dataclass(frozen=True)
class Published:
    path: Path
    written: bool


def render_weekly(session: Session, review: WeeklyReview, fmt: str,
                  card_link: Callable[[str], str | None] | None = None) -> str:
    """The review as text; in HTML, names lead to ``card_link(path)`` (default: the card
    itself, ``render.links.card_href``)."""
    if fmt == "json":
        return json.dumps(review.to_json(), indent=2, ensure_ascii=False) + "\n"
    from netnotes.render.money import format_money
    from netnotes.render.jinja import render

    return render(session.vault.root, f"weekly.{fmt}.j2", html=fmt == "html", card_link=card_link, r=review,
                  money=format_money)


def weekly_text(session: Session, week: Week, today: dt.date, fmt: str) -> str:
    """The rendered review, from the report cache when the vault, config, templates and
    dates are the same as when it was last rendered (the notes are then never loaded)."""
    from netnotes.render.cache import cached

    def compute() -> str:
        return page_text(render_weekly(session, weekly_review(session, week, today), fmt), fmt)

    # the week's own page is left out of the key: the review never reads it (its asks come
    # from earlier weeks), and writing it must not make the next run recompute
    own = tuple(os.path.relpath(default_path(session, week, f), session.vault.root).replace(os.sep, "/")
                for f in ("md", "html"))
    return cached(session, ("weekly", week.label, today.isoformat(), fmt), f"weekly.{fmt}.j2", compute, own)


def page_text(text: str, fmt: str) -> str:
    """The rendered review as a page of the vault: the Markdown page carries the record of
    its generated lines (``review_page.stamp``), so that ``--out -`` prints what is written."""
    if fmt != "md":
        return text
    from netnotes.render.review_page import stamp

    return stamp(text)


def default_path(session: Session, week: Week, fmt: str) -> Path:
    from netnotes.vault.person import review_folder

    config = session.vault.config
    return session.vault.root / review_folder(session.vault.root, config.reviews_folder, config.per_person) / \
        f"{week.label}.{fmt}"


def publish_weekly(session: Session, week: Week, today: dt.date, fmt: str, out: Path | None = None,
                   review: WeeklyReview | None = None, text: str | None = None,
                   dry_run: bool = False) -> Published:
    """Render and write one weekly review file; Markdown pages keep what the user wrote.
    With ``dry_run`` nothing is written: ``written`` says whether it would be."""
    from netnotes.vault.atomic import write_if_changed
    from netnotes.render.review_page import write_review

    if text is None:
        review = review or weekly_review(session, week, today)
        text = render_weekly(session, review, fmt)
    target = out or default_path(session, week, fmt)
    from netnotes.base.text import shown, utf8_safe

    # a card whose file name is not UTF-8: its name as a reader sees it; JSON keeps it exactly
    text = utf8_safe(text) if fmt == "json" else shown(text)
    if fmt == "md":
        return Published(target, write_review(target, text, dry_run))
    if dry_run:
        try:
            return Published(target, target.read_bytes() != text.encode("utf-8"))
        except OSError:
            return Published(target, True)
    try:
        return Published(target, write_if_changed(target, text.encode("utf-8")))
    except OSError as e:
        from netnotes.base.errors import NetnotesError

        raise NetnotesError(f"cannot write {target}: {e.strerror}") from None
