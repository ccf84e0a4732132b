"""The dashboard as a user runs it: ``netnotes serve`` in a real process, its address read
from the one line it prints, stopped with Ctrl-C (SIGINT), which must end it with status 0
and no traceback."""

from __future__ import annotations

import http.client
import os
import re
import select
import signal
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from conftest import NETNOTES, TODAY, user_env

LINE = re.compile(r"^Serving (?P<root>.+) at (?P<url>http://127\.0\.0\.1:(?P<port>\d+)/\?token=(?P<token>[\w-]+)) "
                  r"\(Ctrl-C to stop\)$")
PAGES = ("/", "/review/2026-W46", "/review/2026-W48", "/followups", "/introductions", "/groups", "/pipeline",
         "/search?q=a", "/search")


@dataclass
class Server:
    proc: subprocess.Popen
    root: Path
    url: str  # the address printed, with ?token=
    port: int
    token: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def cookie(self) -> str:
        return f"netnotes-{self.port}={self.token}"

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict[str, str] | None = None, host: str | None = None,
                cookie: bool = True) -> tuple[int, dict[str, str], bytes]:
        """One request with http.client, exactly as given (the path is sent as it is)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
            if cookie:
                conn.putheader("Cookie", self.cookie)
            data = body.encode() if isinstance(body, str) else body
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            if data is not None:
                conn.putheader("Content-Length", str(len(data)))
            conn.endheaders(data)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()


def start(vault: Path, *extra: str, today: str = TODAY.isoformat(), env: dict[str, str] | None = None) -> Server:
    argv = [str(NETNOTES), "--vault", str(vault), "serve", "--port", "0", "--today", today, *extra]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=user_env(**(env or {})),
                            text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline().rstrip("\n")
            m = LINE.match(line)
            assert m, f"unexpected first line: {line!r}; stderr: {proc.stderr.read() if proc.poll() is not None else ''}"
            return Server(proc, Path(m.group("root")), m.group("url"), int(m.group("port")), m.group("token"))
        if proc.poll() is not None:
            raise AssertionError(f"serve ended with {proc.returncode}: {proc.stderr.read()}")
    proc.kill()
    raise AssertionError("serve printed no address within 30 s")


def stop(server: Server, sig: int = signal.SIGINT) -> tuple[int, str, str]:
    """Stop it as Ctrl-C (or ``sig``) does; its status, the rest of its stdout, and stderr."""
    server.proc.send_signal(sig)
    try:
        out, err = server.proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        out, err = server.proc.communicate()
        raise AssertionError(f"serve did not stop on signal {sig}: {err}")
    return server.proc.returncode, out, err


@contextmanager
def serving(vault: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """A running dashboard over ``vault``; on the way out, stopped with Ctrl-C, which must
    be a clean end."""
    server = start(vault, *extra, env=env)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            code, _out, err = stop(server)
            assert code == 0, err
            assert "Traceback" not in err, err


def rewrite(path: Path, text: str) -> None:
    """Save a card as another program would: a temporary file renamed over it."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def log_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n## Log\n", 1)[-1].splitlines()
            if line.startswith("- ")]


def open_page(browser, server: Server, path: str = "/", **kwargs):
    """A Chromium page signed in with the printed address, then at ``path``."""
    from browser import new_page

    watched = new_page(browser, allow=(server.base,), **kwargs)
    watched.page.goto(server.url)
    watched.page.wait_for_url(server.base + "/")  # the sign-in page moves on by itself
    watched.page.wait_for_load_state()
    if path != "/":
        watched.page.goto(server.base + path)
    return watched
