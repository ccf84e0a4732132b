"""`netnotes sync vdir` against a real CardDAV server: Radicale on 127.0.0.1, real vdirsyncer
between it and the vdir, and a "phone" that edits contacts on the server over plain HTTP, as
docs/sync.md sets it up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import age, run_cli, write_vault

VDIRSYNCER = Path(sys.executable).parent / "vdirsyncer"
CARD = """---
company: Gervais Consulting
role: Owner
email: alain@example.com
phone: "+1 613 555 0101"
tier: A
stage: like
needs: [web designer]
---
Met at the chamber mixer.

## Log
- 2026-11-10 call: confidential pricing talk with Alain.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
    import base64

    auth = "Basic " + base64.b64encode(b"phone:x").decode()  # the phone's login (any password: auth none)
    req = urllib.request.Request(url, data=body, method=method, headers={"Authorization": auth, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


@pytest.fixture
def server(tmp_path):
    """Radicale with no authentication, storage in tmp, an address book at /phone/contacts/."""
    pytest.importorskip("radicale", reason="needs radicale (pip install radicale; it is in the test extra)")
    if not VDIRSYNCER.exists():
        pytest.skip(f"needs vdirsyncer next to {sys.executable} (pip install vdirsyncer; it is in the test extra)")
    port = _free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n[storage]\n"
                      f"filesystem_folder = {tmp_path / 'collections'}\n[logging]\nlevel = warning\n")
    proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _http("GET", base + "/")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("radicale did not start")
                time.sleep(0.1)
        mkcol = (b'<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
                 b'<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>'
                 b'</D:prop></D:set></D:mkcol>')
        _http("PROPFIND", base + "/phone/", None, {"Depth": "0"})  # Radicale makes the user's home
        status, _, _ = _http("MKCOL", base + "/phone/contacts/", mkcol, {"Content-Type": "application/xml"})
        assert status == 201, status
        yield base + "/phone/contacts/"
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _vdirsyncer(tmp_path: Path, url: str, vdir: Path):
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
                      '[pair phone]\na = "local"\nb = "server"\ncollections = null\n\n'
                      f'[storage local]\ntype = "filesystem"\npath = "{vdir}/"\nfileext = ".vcf"\n\n'
                      f'[storage server]\ntype = "carddav"\nurl = "{url}"\nusername = "phone"\npassword = "x"\n')
    env = {**os.environ, "VDIRSYNCER_CONFIG": str(config)}

    def run(*args: str) -> None:
        done = subprocess.run([str(VDIRSYNCER), *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr

    run("discover")
    return lambda: run("sync")


def _server_cards(url: str) -> dict[str, tuple[bytes, str]]:
    """Every vCard on the server: href -> (its text, its etag)."""
    status, body, _ = _http("PROPFIND", url, b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
                            b'<D:getetag/></D:prop></D:propfind>', {"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207
    import re

    out = {}
    for href in re.findall(rb"<(?:\w+:)?href>([^<]+\.vcf)</(?:\w+:)?href>", body, flags=re.I):
        h = href.decode()
        status, text, headers = _http("GET", url.split("/phone/")[0] + h)
        assert status == 200
        out[h] = (text, headers.get("ETag", ""))
    return out


def _sync(vault: Path, vdir: Path, *extra: str) -> str:
    result = run_cli(["sync", "vdir", str(vdir), "--apply", *extra], vault)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_phone_edit_comes_back_and_crm_fields_never_leave(tmp_path, server):
    vault = write_vault(tmp_path / "vault", {"People/Alain Gervais.md": CARD, "People/Bea Roy.md":
                                             '---\nemail: bea@example.org\nphone: "+1 613 555 0177"\ntier: B\n---\n'})
    vdir = tmp_path / "contacts"
    vdir.mkdir()
    sync = _vdirsyncer(tmp_path, server, vdir)
    _sync(vault, vdir)  # the vault's contacts into the vdir
    sync()  # and onto the server
    cards = _server_cards(server)
    assert len(cards) == 2
    for text, _etag in cards.values():
        for secret in (b"tier", b"confidential", b"web designer", b"like", b"chamber mixer", b"Log"):
            assert secret not in text, text  # CRM fields never leave the vault
    # the phone changes Alain's number, and his title, on the server
    href, (text, etag) = next((h, c) for h, c in cards.items() if b"Alain" in c[0])
    edited = text.replace(b"+1 613 555 0101", b"+1 613 555 0199").replace(b"TITLE:Owner", b"TITLE:CEO")
    status, _, _ = _http("PUT", server.split("/phone/")[0] + href, edited,
                         {"Content-Type": "text/vcard", "If-Match": etag})
    assert status in (201, 204), status
    card_path = vault / "People/Alain Gervais.md"
    before = card_path.read_text(encoding="utf-8")
    # meanwhile the vault changes his title too: a conflict
    card_path.write_text(before.replace("role: Owner", "role: Founder"), encoding="utf-8")
    age(card_path)
    before = card_path.read_text(encoding="utf-8")
    sync()  # the phone's edit into the vdir
    out = _sync(vault, vdir)
    after = card_path.read_text(encoding="utf-8")
    assert after == before.replace('phone: "+1 613 555 0101"', 'phone: "+1 613 555 0199"')  # only those bytes
    assert 'conflict: role of People/Alain Gervais.md is "Founder" in the vault, "CEO" on the phone' in out
    sync()
    text = next(c[0] for c in _server_cards(server).values() if b"Alain" in c[0])
    assert b"TITLE:CEO" in text and b"+1 613 555 0199" in text  # the phone's value is not lost either
    # a second round changes nothing, on either side
    files = {p.name: p.read_bytes() for p in vdir.iterdir()}
    out = _sync(vault, vdir)
    assert "wrote" not in out and "created" not in out
    assert card_path.read_text(encoding="utf-8") == after
    assert {p.name: p.read_bytes() for p in vdir.iterdir()} == files
