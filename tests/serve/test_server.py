"""Running the dashboard (netnotes/serve/server.py and the `serve` command): one line with the
address, 127.0.0.1 only, Ctrl-C or SIGTERM a clean end (status 0, no traceback), a taken
port a one-line error, and --open hands the web browser a private page that leads there."""

from __future__ import annotations

import signal
import socket
import stat
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from browser import new_page
from conftest import one_line_error, run_netnotes, write_vault

from .helpers import serving, start, stop

CARDS = {"People/Ann Lee.md": "---\ntier: A\n---\n"}


def test_sigterm_stops_it_cleanly_too(tmp_path: Path):
    vault = write_vault(tmp_path / "v", CARDS)
    server = start(vault)
    assert server.request("GET", "/")[0] == 200
    code, _out, err = stop(server, signal.SIGTERM)
    assert code == 0, err
    assert "Traceback" not in err


def test_a_port_in_use_is_a_one_line_error(tmp_path: Path):
    vault = write_vault(tmp_path / "v", CARDS)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run_netnotes(["serve", "--port", str(port)], vault=vault, timeout=30)
    assert done.returncode == 2, done.stderr  # the command cannot run (docs/cli.md, Exit status)
    assert one_line_error(done.stderr) == f"error: port {port} is in use"


def test_ctrl_c_stops_it_with_status_0_and_it_listens_on_127_0_0_1_only(tmp_path: Path):
    vault = write_vault(tmp_path / "v", CARDS)
    server = start(vault)
    assert server.root == vault
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            pass
        other = [a for a in {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
                 if not a.startswith("127.")]
        for address in other:  # the machine's other addresses: nothing listens there
            with socket.socket() as s:
                s.settimeout(2)
                assert s.connect_ex((address, server.port)) != 0, address
    finally:
        code, out, err = stop(server)
    assert code == 0, err
    assert "Traceback" not in err and out == ""


def test_open_hands_the_browser_a_private_page_that_leads_to_the_address(browser, tmp_path: Path):
    """The browser gets a file only this user can read, which sends it on to the printed
    address: the token never stands in a program's arguments, which every user can read."""
    vault = write_vault(tmp_path / "v", CARDS)
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "opener"
    opener.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > '{opened}'\n", encoding="utf-8")
    opener.chmod(0o755)
    with serving(vault, "--open", env={"BROWSER": str(opener)}) as server:
        deadline = time.monotonic() + 10
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        given = opened.read_text(encoding="utf-8")
        assert given.startswith("file:///") and server.token not in given
        page = Path(unquote(urlsplit(given).path))
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        assert stat.S_IMODE(page.parent.stat().st_mode) == 0o700
        w = new_page(browser, allow=(server.base,))
        w.page.goto(given)
        w.page.wait_for_url(server.base + "/", timeout=5000)  # on to the dashboard, signed in
        assert "Weekly review" in w.page.inner_text("main")
    assert not page.exists()  # gone with the server
