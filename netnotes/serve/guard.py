"""The dashboard's safety, in front of every route: an ASGI middleware.

The server binds 127.0.0.1 only, but any web page the person visits can make their browser
send requests there, and a DNS-rebinding site can even read the answers. So: every request
needs the per-session token (the cookie the first visit with ``?token=`` sets, or that
``?token=``), a Host header naming this server (``127.0.0.1:PORT`` or ``localhost:PORT``),
and every request that may change something (not GET or HEAD) also an Origin (or, absent, a
Referer) of this server and the token again in its form (or an ``X-Netnotes-Token`` header).
Every answer, refusals included, carries the Content-Security-Policy and friends, so that
nothing from a card can run as a script even if it slipped past the escaping.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from html import escape
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),  # private data: never kept by the browser's cache
)
TOKEN_FIELD = "token"  # the query parameter of the first visit and the hidden field of each form
TOKEN_HEADER = "x-netnotes-token"
MAX_BODY = 64 * 1024  # a form of the dashboard is a few hundred bytes
SAFE_METHODS = ("GET", "HEAD")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


@dataclass(frozen=True)
class Secret:
    """What one running dashboard accepts: its token and the port it listens on."""

    token: str
    port: int

    @property
    def cookie(self) -> str:
        """Cookies are shared by every port of a host: the port is in the name, so that two
        dashboards on one machine do not log each other out."""
        return f"netnotes-{self.port}"

    @property
    def hosts(self) -> tuple[str, ...]:
        return (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(f"http://{h}" for h in self.hosts)

    def matches(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode("utf-8", "replace"), self.token.encode())


def host_ok(headers: dict[str, str], secret: Secret) -> bool:
    """A Host of this server: a rebinding attacker's page sends its own name."""
    return headers.get("host", "").lower() in secret.hosts


def origin_ok(headers: dict[str, str], secret: Secret) -> bool:
    """The request came from a page of this server (Origin, else Referer; neither: refused)."""
    origin = headers.get("origin")
    if origin is not None:
        return origin.lower() in secret.origins
    referer = headers.get("referer")
    if not referer:
        return False
    try:
        parts = urlsplit(referer)
    except ValueError:
        return False
    return f"{parts.scheme}://{parts.netloc}".lower() in secret.origins


def cookie_value(headers: dict[str, str], name: str) -> str | None:
    """Our cookie, whatever else the browser sends with it: cookies are shared by every port
    of 127.0.0.1, and another local program's may not be one the strict parser of
    ``http.cookies`` reads (it then drops every cookie after it). Starlette's own parser
    reads each ``name=value`` pair on its own, as browsers do."""
    raw = headers.get("cookie")
    if not raw:
        return None
    from starlette.requests import cookie_parser

    return cookie_parser(raw).get(name)


def form_token(body: bytes) -> str | None:
    """The token field of an ``application/x-www-form-urlencoded`` body."""
    values = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).get(TOKEN_FIELD)
    return values[0] if values else None


class Guard:
    """ASGI middleware: refuses (403) what the rules above refuse, before any route runs."""

    def __init__(self, app: Callable, secret: Secret) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return  # websockets: none offered
        send = _with_security_headers(send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        secret = self.secret
        if not host_ok(headers, secret):
            return await _refuse(send, "this server answers only to 127.0.0.1 and localhost")
        method = scope["method"]
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == TOKEN_FIELD]
        if given and method in SAFE_METHODS:
            if not secret.matches(given[-1]):
                return await _refuse(send, "wrong token: use the address `netnotes serve` printed")
            return await _enter(send, scope, [(k, v) for k, v in query if k != TOKEN_FIELD], secret)
        if not secret.matches(cookie_value(headers, secret.cookie)):
            return await _refuse(send, "no session: open the address `netnotes serve` printed (with ?token=)")
        if method in SAFE_METHODS:
            return await self.app(scope, receive, send)
        if not origin_ok(headers, secret):
            return await _refuse(send, "a change must come from a page of this dashboard")
        body = await _read_body(receive)
        if body is None:
            return await _answer(send, 413, "the form is too large")
        if secret.matches(headers.get(TOKEN_HEADER)):
            return await self.app(scope, _replay(body), send)
        if not secret.matches(form_token(body)):
            return await _refuse(send, "the form has no valid token: reload the page")
        await self.app(scope, _replay(body), send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A ``receive`` that hands the app the body the guard has read."""
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _with_security_headers(send: Send) -> Send:
    async def wrapped(message: dict) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _v in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _answer(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = (text + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Send, why: str) -> None:
    await _answer(send, 403, f"forbidden: {why}")


async def _enter(send: Send, scope: Scope, rest: list[tuple[str, str]], secret: Secret) -> None:
    """The first visit: the token becomes an HttpOnly, SameSite=Strict cookie, and the
    address loses it (so it is not left in the history or shown on a screenshot). The page
    that sets it moves on by itself: a redirect would still count as the visit that came
    from elsewhere (a terminal, the launcher file of ``--open``), and a strict cookie is not
    sent with it; a step taken from this page is a visit from the dashboard itself."""
    path = (scope.get("raw_path") or scope["path"].encode("utf-8")).split(b"?", 1)[0]
    if not path.startswith(b"/") or path.startswith((b"//", b"/\\")):
        path = b"/"  # never on to another site (``//evil.example``)
    location = escape((path + (b"?" + urlencode(rest).encode("ascii") if rest else b"")).decode("latin-1"))
    cookie = f"{secret.cookie}={secret.token}; HttpOnly; SameSite=Strict; Path=/".encode("ascii")
    page = (f'<!DOCTYPE html>\n<meta charset="utf-8">\n<meta name="referrer" content="same-origin">\n'
            f'<meta http-equiv="refresh" content="0;url={location}">\n<title>netnotes</title>\n'
            f'<p><a href="{location}">Open the netnotes dashboard</a></p>\n').encode("utf-8")
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(page)).encode()), (b"set-cookie", cookie)]})
    await send({"type": "http.response.body", "body": page})
