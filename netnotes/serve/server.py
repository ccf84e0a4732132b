"""Running the dashboard: a socket on 127.0.0.1 (the port asked for, or a free one), the app,
the watcher, uvicorn, and a clean stop on Ctrl-C (SIGINT) or SIGTERM.

uvicorn handles both signals by finishing the requests under way and stopping; it then
raises the signal again, which would end the process with a traceback (SIGINT) or a signal
status (SIGTERM). Here it does not: a stop asked for is a normal end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
import shutil
import signal
import socket
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import uvicorn

from netnotes.base.errors import NetnotesError

HOST = "127.0.0.1"  # this machine only: there is no option to listen elsewhere


@dataclass(frozen=True)
class Started:
    """What the person is told once the server listens."""

    root: Path
    port: int
    token: str

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/?token={self.token}"


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: a free port the system picks)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise NetnotesError(f"port {port} is in use", "pick another with --port, or --port 0 for a free one") from None
        if e.errno == errno.EACCES:
            raise NetnotesError(f"port {port} needs more rights than yours", "use a port above 1023") from None
        raise NetnotesError(f"cannot listen on {HOST}:{port}: {e.strerror}") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


def launcher(started: Started, folder: Path) -> Path:
    """A page in ``folder`` (the owner's alone) that sends the browser on to the dashboard.
    The browser is given this file's name, not the address: a program's arguments are
    readable by every user of the machine (``/proc/*/cmdline``), the token must not be."""
    from html import escape

    page = folder / "open.html"
    url = escape(started.url)
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f'<!DOCTYPE html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0;url={url}">\n'
                 f'<title>netnotes</title>\n<p><a href="{url}">Open the netnotes dashboard</a></p>\n')
    return page


def serve(root: Path, port: int = 8765, today: dt.date | None = None,
          ready: Callable[[Started], None] = lambda s: None, open_browser: bool = False) -> None:
    """Serve the vault at ``root`` until SIGINT or SIGTERM; ``ready`` is called once it
    listens (the CLI prints the address there); ``open_browser`` then opens it in the web
    browser, through a page only this user can read (``launcher``)."""
    from netnotes.serve.app import Dashboard, build_app
    from netnotes.serve.guard import Secret
    from netnotes.serve.live import Live

    sock = bind(port)
    token = secrets.token_urlsafe(24)
    dash = Dashboard(root, Secret(token, sock.getsockname()[1]), today)
    dash.refresh()  # the index synced once before the first page
    dash.live = Live(root, dash.refresh, dash.debounce)
    config = uvicorn.Config(build_app(dash), log_level="warning", access_log=False, lifespan="off",
                            server_header=False, date_header=False, timeout_graceful_shutdown=3)
    private = Path(tempfile.mkdtemp(prefix="netnotes-serve-")) if open_browser else None  # mode 0700

    def started() -> None:
        info = Started(root, dash.secret.port, token)
        ready(info)
        if private is not None:  # in its own thread: a console browser would hold up the server
            import webbrowser

            page = launcher(info, private)
            threading.Thread(target=webbrowser.open, args=(page.as_uri(),), daemon=True).start()

    server = _Server(config, started)
    dash.live.start()
    try:
        server.run(sockets=[sock])
    finally:
        dash.live.stop()
        sock.close()
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)


class _Server(uvicorn.Server):
    """uvicorn's Server, whose signal handling stops it without raising the signal again,
    and which says when it listens."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_started = on_started

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.on_started()
