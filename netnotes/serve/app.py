"""The dashboard as a Starlette app: its routes, each page read from a freshly synced index,
and ``POST /act/<action>``, behind ``guard.Guard``.

Requests are answered one at a time (a lock): a person at one browser never notices, and
the index, the edits and the one-time form ids then never race each other.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode

from netnotes.base.errors import NetnotesError
from netnotes.base.isoweek import Week
from netnotes.index.session import Session
from netnotes.serve import pages
from netnotes.serve.forms import FLASH, FLASH_OK, Nonces, Said, back_to, parse_form, path_field
from netnotes.serve.guard import TOKEN_FIELD, Guard, Secret
from netnotes.serve.live import Live

STATIC = Path(__file__).resolve().parent / "static"
NAV = (("/", "Review"), ("/followups", "Follow-ups"), ("/introductions", "Introductions"),
       ("/groups", "Groups"), ("/pipeline", "Pipeline"))


@dataclass
class Dashboard:
    """One running dashboard: the vault, its secret, the live version and the form ids."""

    root: Path
    secret: Secret
    today: dt.date | None = None  # --today: every page as of this day (else the clock's)
    debounce: float = 0.15
    nonces: Nonces = field(default_factory=Nonces)
    lock: threading.RLock = field(default_factory=threading.RLock)
    live: Live | None = None
    # what each page computed at the current version: going back to a page, or a second tab,
    # does not compute the review again when nothing changed (the forms are still rendered
    # afresh, each with a new one-time id)
    computed: dict[tuple, Any] = field(default_factory=dict)
    seen: str | None = None  # the index state the version stands for

    def page(self, key: tuple, version: int, compute: Callable[[], Any]) -> Any:
        """``compute()``, or what it gave for ``key`` at this version and day."""
        key = (*key, version, self.day())
        if key not in self.computed:
            self.computed = {k: v for k, v in self.computed.items() if k[-2:] == key[-2:]}
            self.computed[key] = compute()
        return self.computed[key]

    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def session(self) -> Session:
        """The vault (its config read again: an edit of it shows too) and its synced index."""
        from netnotes.serve.actions import open_session

        return open_session(self.root)

    def refresh(self) -> bool:
        """Sync the index with the files; True (and the version moved) when the notes are not
        the ones the version stood for."""
        from netnotes.index.cache import open_synced
        from netnotes.vault.handle import open_vault

        with self.lock:
            index, result = open_synced(open_vault(str(self.root)))
            try:
                return self.note_state(index.state() if index.path is not None else None, changed(result))
            finally:
                index.close()

    def note_state(self, state: str | None, synced_a_change: bool) -> bool:
        """Move the version (under the lock, so no page is computed in between) when this
        process's sync found a change or the index holds other notes than last time: another
        netnotes (a second dashboard, ``watch``) may have synced the change first."""
        moved = synced_a_change or (state is not None and state != self.seen)
        self.seen = state
        if moved:
            self.bump()
        return moved

    def version(self) -> int:
        return self.live.version if self.live is not None else 1

    def bump(self) -> None:
        if self.live is not None:
            self.live.bump()


def changed(result) -> bool:
    """A sync found a note changed, added or removed (a file saved with the same bytes is none)."""
    return result is not None and bool(result.changed or result.gone or result.rebuilt)


def build_app(dash: Dashboard):
    """The ASGI app: the routes, wrapped in the guard."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    script = (STATIC / "live.js").read_bytes()

    def view(request: Request, title: str, template: str, compute: Callable[[Session, dt.date], Any]) -> Response:
        with dash.lock:
            try:
                session = dash.session()
            except NetnotesError as e:
                return HTMLResponse(_error_page(dash, request, e, dash.version()), status_code=500)
            index = session.index  # a change found before the watcher's own look: the other open pages follow
            dash.note_state(index.state() if index is not None and index.path is not None else None,
                            changed(session.sync))
            # read after the sync, under the lock the watcher syncs under too: a change the page
            # does not show yet moves the version later, so the page asks again
            version = dash.version()
            try:
                ctx = dash.page((template, request.scope.get("raw_path") or request.url.path, request.url.query), version,
                                lambda: compute(session, dash.day()))
                if ctx is None:
                    return HTMLResponse(_error_page(dash, request, "Nothing here: no such contact or week.", version),
                                        status_code=404)
                return HTMLResponse(_render(dash, request, template, title, version, ctx))
            except NetnotesError as e:
                return HTMLResponse(_error_page(dash, request, e, version), status_code=500)
            finally:
                if session.index is not None:
                    session.index.close()

    def home(request: Request) -> Response:
        week = Week.of(dash.day())
        return view(request, f"Review {week.label}", "serve/review.html.j2",
                    lambda s, day: pages.review(s, week, day))

    def review(request: Request) -> Response:
        try:
            week = Week.parse(request.path_params["week"])
        except NetnotesError:
            return HTMLResponse(_error_page(dash, request, "No such week: write it like 2026-W47.", dash.version()),
                                status_code=404)
        return view(request, f"Review {week.label}", "serve/review.html.j2",
                    lambda s, day: pages.review(s, week, _as_of(week, dash.today)))

    def contact(request: Request) -> Response:
        rel = _rel_from(request.scope)
        return view(request, "Contact", "serve/contact.html.j2", lambda s, day: pages.contact(s, rel, day))

    def simple(title: str, template: str, compute: Callable[[Session, dt.date], Any]):
        return lambda request: view(request, title, template, compute)

    def search(request: Request) -> Response:
        q = request.query_params.get("q", "")
        return view(request, f"Search {q}".strip(), "serve/search.html.j2", lambda s, day: pages.search(s, q))

    def version(_request: Request) -> Response:
        return JSONResponse({"version": dash.version()})

    def live_js(_request: Request) -> Response:
        return Response(script, media_type="text/javascript; charset=utf-8")

    async def act(request: Request) -> Response:
        form = parse_form(await request.body())
        said = await run_in_threadpool(_act, dash, request.path_params["action"], form)
        return RedirectResponse(back_to(form, said), status_code=303)

    routes = [
        Route("/", home),
        Route("/review/{week}", review),
        Route("/contact/{rel:path}", contact),
        Route("/followups", simple("Follow-ups", "serve/followups.html.j2", pages.followups)),
        Route("/introductions", simple("Introductions", "serve/introductions.html.j2", pages.introductions)),
        Route("/groups", simple("Groups and events", "serve/groups.html.j2", pages.groups)),
        Route("/pipeline", simple("Pipeline", "serve/pipeline.html.j2", pages.pipeline)),
        Route("/search", search),
        Route("/version", version),
        Route("/static/live.js", live_js),
        Route("/act/{action}", act, methods=["POST"]),
    ]
    return Guard(Starlette(routes=routes), dash.secret)


def _as_of(week: Week, today: dt.date | None) -> dt.date:
    """The day a week is reviewed as of, as ``report --week`` does it (``weekly.as_of``)."""
    from netnotes.reports.weekly import as_of

    return as_of(week, today, dt.date.today())[1]


def _rel_from(scope: dict) -> str:
    """The index path in ``/contact/<path>``, from the raw bytes of the address (a file name
    need not be UTF-8)."""
    import os
    from urllib.parse import unquote_to_bytes

    raw = (scope.get("raw_path") or scope["path"].encode("utf-8")).split(b"?", 1)[0]
    return os.fsdecode(unquote_to_bytes(raw[len(b"/contact/"):]))


def _act(dash: Dashboard, action: str, form: dict[str, str]) -> Said:
    """Claim the form's one-time id, then do the action (once per id, however often sent)."""
    from netnotes.serve import forms
    from netnotes.serve.actions import perform

    nonce = form.get("nonce", "")
    form = forms.card_paths(form)
    with dash.lock:
        claim = dash.nonces.claim(nonce)
        if claim == "used":
            return dash.nonces.said(nonce) or Said(True, "This form was sent already; nothing was written twice")
        if claim == "unknown":
            return Said(False, "This form is out of date, so nothing was written: try again")
        outcome = perform(dash.root, action, form, today=dash.day())
        said = Said(outcome.ok, outcome.message)
        dash.nonces.record(nonce, said)
        if outcome.changed:
            dash.bump()
        return said


def _here(scope: dict) -> str:
    """This page's address, as the form that comes back to it names it (no message, no token)."""
    raw = (scope.get("raw_path") or scope["path"].encode("utf-8")).split(b"?", 1)[0].decode("ascii", "replace")
    query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
             if k not in (FLASH, FLASH_OK, TOKEN_FIELD)]
    return raw + ("?" + urlencode(query) if query else "")


def _common(dash: Dashboard, request, title: str, version: int) -> dict[str, Any]:
    from netnotes.render.money import format_money
    from netnotes.serve.actions import CHOICES

    flash = request.query_params.get(FLASH)
    return {"title": title, "version": version, "nav": NAV, "path": request.url.path, "token": dash.secret.token,
            "nonce": dash.nonces.issue, "back": _here(request.scope), "path_field": path_field, "flash": flash,
            "flash_ok": request.query_params.get(FLASH_OK) != "0", "contact_url": pages.contact_url,
            "choices": CHOICES, "today": dash.day(), "snooze_until": (dash.day() + dt.timedelta(days=7)).isoformat(),
            "money": format_money, "q": request.query_params.get("q", "") if request.url.path == "/search" else "",
            "review_styles": []}


def _render(dash: Dashboard, request, template: str, title: str, version: int, ctx: dict[str, Any]) -> str:
    from markupsafe import Markup

    from netnotes.render.jinja import render

    context = {**_common(dash, request, title, version), **ctx}
    context["review_styles"] = [Markup(s) for s in context["review_styles"]]
    if "review_body" in context:
        context["review_body"] = Markup(context["review_body"])  # the review's own autoescaped HTML
    return shown(render(dash.root, template, html=True, **context))


def shown(html: str) -> str:
    """The page as valid UTF-8: a file name's undecodable bytes (lone surrogates) shown as
    U+FFFD, as a browser shows bytes it cannot read. Links and forms carry those names
    percent-encoded (``pages.contact_url``, ``forms.path_field``), so they still lead there."""
    try:
        html.encode("utf-8")
        return html
    except UnicodeEncodeError:
        return html.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _error_page(dash: Dashboard, request, error: NetnotesError | str, version: int) -> str:
    """What went wrong, as the CLI would say it: the message, the hint, each problem of a
    broken config with its place (``file:line:col``)."""
    message = error if isinstance(error, str) else error.message
    hint = None if isinstance(error, str) else error.hint
    problems = [f"{d.path}:{d.line}:{d.col}: {d.message}" for d in getattr(error, "diagnostics", [])]
    try:
        return _render(dash, request, "serve/error.html.j2", "Error", version,
                       {"message": message, "hint": hint, "problems": problems})
    except NetnotesError:
        from html import escape

        return f"<!DOCTYPE html><title>netnotes</title><main id=\"main\"><p>{escape(message)}</p></main>"
