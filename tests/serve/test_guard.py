"""The dashboard's safety (netnotes/serve/guard.py), against the real server: a request with a
foreign Host (DNS rebinding), a foreign Origin (another site's form), or without the token
is refused and changes nothing; no path in an address reaches a file outside the vault; every
answer carries the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import copy_sample, tree_hashes

from .helpers import Server, serving

ALAIN = "People/Alain%20Gervais.md"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("guard") / "vault")


@pytest.fixture(scope="module")
def server(sample: Path):
    with serving(sample) as s:
        yield s


def nonce_of(server: Server, path: str = "/followups") -> dict[str, str]:
    """The hidden fields of the first Done form on a page, as the page rendered them."""
    status, _h, body = server.request("GET", path)
    assert status == 200
    form = re.search(r'<form method="post" action="/act/done">(.*?)</form>', body.decode(), re.DOTALL).group(1)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))


def done_form(server: Server, **override: str) -> str:
    fields = nonce_of(server)
    fields.update(override)
    return urlencode(fields)


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_the_printed_address_signs_in_with_a_strict_cookie_and_drops_the_token(server: Server):
    status, headers, body = server.request("GET", f"/followups?token={server.token}&x=1", cookie=False)
    assert status == 200  # a page that moves on by itself, so the strict cookie goes with that step
    assert b'<meta http-equiv="refresh" content="0;url=/followups?x=1">' in body
    assert server.token.encode() not in body
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"netnotes-{server.port}={server.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert server.request("GET", "/followups", cookie=True)[0] == 200


def test_every_answer_carries_the_policy_refusals_too(server: Server):
    for args in (("GET", "/"), ("GET", "/nope"), ("GET", "/", None, None, "evil.example:80")):
        _status, headers, _ = server.request(*args)
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1",
                                  "localhost.evil.example:{port}", ""])
def test_a_foreign_host_is_refused(server: Server, host: str):
    status, _h, body = server.request("GET", "/", host=host.format(port=server.port))
    assert status == 403, body
    assert b"Alain" not in body


def test_localhost_by_name_is_this_server(server: Server):
    assert server.request("GET", "/", host=f"localhost:{server.port}")[0] == 200


@pytest.mark.parametrize("path", ["/", "/followups", f"/contact/{ALAIN}", "/version", "/static/live.js",
                                  "/search?q=alain", "/?token=wrong", "/?token="])
def test_without_the_token_nothing_is_answered(server: Server, path: str):
    status, _h, body = server.request("GET", path, cookie=False)
    assert status == 403
    assert b"Gervais" not in body and b"version" not in body


def test_a_wrong_cookie_is_no_token(server: Server):
    status, _h, _b = server.request("GET", "/", cookie=False, headers={"Cookie": f"netnotes-{server.port}=guess"})
    assert status == 403


@pytest.mark.parametrize("headers", [
    {},  # neither Origin nor Referer
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:1"},
    {"Referer": "http://evil.example/page"},
    {"Origin": "http://evil.example", "Referer": "http://127.0.0.1:{port}/"},
])
def test_a_change_from_another_origin_is_refused_and_writes_nothing(server: Server, sample: Path, headers):
    before = tree_hashes(sample)
    sent = {k: v.format(port=server.port) for k, v in headers.items()}
    status, _h, body = server.request("POST", "/act/done", done_form(server), {**FORM, **sent})
    assert status == 403, body
    assert tree_hashes(sample) == before


@pytest.mark.parametrize("override,cookie", [({"token": ""}, True), ({"token": "guess"}, True), ({}, False)])
def test_a_change_without_the_token_is_refused_and_writes_nothing(server: Server, sample: Path, override, cookie):
    before = tree_hashes(sample)
    body = done_form(server, **override)
    if "token" in override and not override["token"]:
        body = urlencode({k: v for k, v in nonce_of(server).items() if k != "token"})
    status, _h, answer = server.request("POST", "/act/done", body, {**FORM, "Origin": server.base}, cookie=cookie)
    assert status == 403, answer
    assert tree_hashes(sample) == before


def test_a_get_never_changes_anything(server: Server, sample: Path):
    before = tree_hashes(sample)
    fields = nonce_of(server)
    assert server.request("GET", "/act/done?" + urlencode(fields))[0] == 200  # the sign-in page, nothing done
    del fields["token"]
    assert server.request("GET", "/act/done?" + urlencode(fields))[0] == 405
    assert tree_hashes(sample) == before


@pytest.mark.parametrize("path", [
    "/contact/../../etc/passwd", "/contact/%2e%2e/%2e%2e/etc/passwd", "/contact//etc/passwd",
    "/contact/%2Fetc%2Fpasswd", "/contact/People/../../../../etc/passwd", "/../../etc/passwd",
    "/static/../../../../etc/passwd", "/static/%2e%2e/app.py", "/contact/.netnotes/config.toml",
    "/contact/People/Alain%20Gervais.md/../../../etc/hostname",
])
def test_no_address_serves_a_file_outside_the_vault(server: Server, path: str):
    status, _h, body = server.request("GET", path)
    assert status in (400, 403, 404), (status, body[:200])
    assert b"root:" not in body and b"import" not in body


def test_a_card_is_served_by_its_index_path(server: Server):
    status, _h, body = server.request("GET", "/contact/People/Alain%20Gervais.md")
    assert status == 200
    assert b"Gervais Consulting" in body


def test_the_address_never_redirects_to_another_site(server: Server):
    status, headers, body = server.request("GET", f"//evil.example/?token={server.token}", cookie=False)
    assert status == 200 and "location" not in headers
    assert b'content="0;url=/">' in body and b"evil" not in body


def test_a_too_large_form_is_refused(server: Server, sample: Path):
    before = tree_hashes(sample)
    status, _h, _b = server.request("POST", "/act/done", "note=" + "x" * 200_000, {**FORM, "Origin": server.base})
    assert status == 413
    assert tree_hashes(sample) == before


def test_another_local_programs_cookie_does_not_lock_the_dashboard_out(server: Server):
    """Cookies are shared by every port of 127.0.0.1; one that http.cookies cannot read
    (a JSON value, say) must not hide ours."""
    mixed = f'prefs={{"theme":"dark"}}; {server.cookie}; other=1'
    status, _h, body = server.request("GET", "/followups", headers={"Cookie": mixed}, cookie=False)
    assert status == 200, body[:200]


def test_a_too_large_body_is_refused_with_the_token_in_a_header_too(server: Server, sample: Path):
    before = tree_hashes(sample)
    status, _h, _b = server.request("POST", "/act/done", "note=" + "x" * 200_000,
                                    {**FORM, "Origin": server.base, "X-Netnotes-Token": server.token})
    assert status == 413
    assert tree_hashes(sample) == before
