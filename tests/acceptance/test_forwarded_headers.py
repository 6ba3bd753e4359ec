"""Behind a reverse proxy: forwarded headers count only when the peer is a trusted proxy.

The portal's per-address sign-in limit (30 a minute) shows which address the app believed.
The test client always connects from "testclient"; a thin ASGI step in front of the app
stands in for the network and says which peer the request came from.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from ordinavo.application.use_cases.portal.guards import LIMITS
from ordinavo.entrypoints.cli import operations
from ordinavo.entrypoints.settings import Settings
from tests.acceptance.test_portal_security import PASSWORD, _accept, _invite, _seed
from tests.support.harness import Harness, harness

PROXY = "10.0.0.5"
OUTSIDER = "203.0.113.9"


class FromPeer:
    """The app as reached from one network peer."""

    def __init__(self, app: Any, peer: str) -> None:
        self.app = app
        self.peer = peer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope["client"] = (self.peer, 50123)
        await self.app(scope, receive, send)


@pytest.fixture
def h(empty_database: str) -> Iterator[Harness]:
    with harness(empty_database, trusted_proxies=("10.0.0.0/8",)) as hx:
        yield hx


class _ClientFromPeer:
    """The harness's own client, with the app reached from one peer for each request. A client
    of its own would run each request on a new event loop, which asyncpg's pooled connections
    (made on the harness's loop) refuse."""

    def __init__(self, client: TestClient[Any], peer: str) -> None:
        self.client, self.peer = client, peer

    def post(self, *args: Any, **kwargs: Any) -> Any:
        app = self.client.app
        self.client.app = FromPeer(app, self.peer)
        try:
            return self.client.post(*args, **kwargs)
        finally:
            self.client.app = app
            self.client.cookies.clear()


def _portal_from(h: Harness, peer: str) -> Any:
    return _ClientFromPeer(h.portal, peer)


def _sign_in(client: Any, **headers: str) -> int:
    """A failed sign-in with an address of its own: only the per-address limit can stop it."""
    body = {"tenant": "nobody", "email": f"{uuid.uuid4().hex}@x.example", "password": "wrong-1"}
    return client.post("/auth/login", json=body, headers=headers).status_code


def _use_up_the_limit(client: Any, **headers: str) -> None:
    for _ in range(LIMITS["login"]):
        assert _sign_in(client, **headers) == 401


def test_forwarded_for_from_an_untrusted_peer_is_ignored(h: Harness) -> None:
    outsider = _portal_from(h, OUTSIDER)
    for n in range(LIMITS["login"]):
        assert _sign_in(outsider, **{"X-Forwarded-For": f"198.51.100.{n}"}) == 401
    # Another made-up address changes nothing: the limit counts the real peer.
    assert _sign_in(outsider, **{"X-Forwarded-For": "198.51.100.200"}) == 429


def test_without_trusted_proxies_even_a_loopback_peer_cannot_pick_its_address(
    empty_database: str,
) -> None:
    with harness(empty_database) as hx:
        local = _ClientFromPeer(hx.portal, "127.0.0.1")
        for n in range(LIMITS["login"]):
            assert _sign_in(local, **{"X-Forwarded-For": f"198.51.100.{n}"}) == 401
        assert _sign_in(local, **{"X-Forwarded-For": "198.51.100.200"}) == 429


def test_forwarded_for_from_a_trusted_proxy_is_the_client(h: Harness) -> None:
    proxy = _portal_from(h, PROXY)
    _use_up_the_limit(proxy, **{"X-Forwarded-For": "198.51.100.1"})
    assert _sign_in(proxy, **{"X-Forwarded-For": "198.51.100.1"}) == 429
    # Another client behind the same proxy is counted apart.
    assert _sign_in(proxy, **{"X-Forwarded-For": "198.51.100.2"}) == 401


def test_a_spoofed_left_most_entry_behind_a_trusted_proxy_picks_nothing(h: Harness) -> None:
    proxy = _portal_from(h, PROXY)
    for n in range(LIMITS["login"]):
        # The client wrote the first entry; the proxy appended the address it saw.
        assert _sign_in(proxy, **{"X-Forwarded-For": f"192.0.2.{n}, 198.51.100.3"}) == 401
    assert _sign_in(proxy, **{"X-Forwarded-For": "192.0.2.250, 198.51.100.3"}) == 429


def test_forwarded_proto_counts_only_from_a_trusted_proxy(h: Harness) -> None:
    """The portal's same-origin check compares the Origin with the request's own scheme."""
    https_origin = {"Origin": "https://testserver.local", "X-Forwarded-Proto": "https"}
    assert _sign_in(_portal_from(h, OUTSIDER), **https_origin) == 403
    assert _sign_in(_portal_from(h, PROXY), **https_origin) == 401  # past the origin check
    assert _sign_in(_portal_from(h, PROXY), **{**https_origin, "X-Forwarded-Proto": "ftp"}) == 403


def test_a_browser_signs_in_from_the_portals_public_origin(empty_database: str) -> None:
    public = "https://portal.example.com"
    with harness(empty_database, portal_public_url=public, portal_allowed_origins=()) as hx:
        seed = _seed(hx)
        _invite(hx, seed)
        assert _accept(hx, hx.last_link_token()).status_code == 200
        hx.portal.cookies.clear()
        body = {"tenant": "acme", "email": seed["contact"]["email"], "password": PASSWORD}
        # The app sees http://testserver.local; the browser sends the public https origin.
        signed_in = hx.portal.post("/auth/login", json=body, headers={"Origin": public})
        assert signed_in.status_code == 200, signed_in.text
        elsewhere = hx.portal.post(
            "/auth/login", json=body, headers={"Origin": "https://evil.example"}
        )
        assert elsewhere.status_code == 403


def test_uvicorn_under_ordinavo_serve_does_not_trust_forwarded_headers_itself(
    monkeypatch: pytest.MonkeyPatch, empty_database: str
) -> None:
    """uvicorn believes X-Forwarded-For from 127.0.0.1 unless told not to; the apps decide."""
    configs: list[dict[str, Any]] = []

    class Server:
        def __init__(self, config: Any) -> None:
            pass

        async def serve(self) -> None:
            return None

    monkeypatch.setattr(operations.uvicorn, "Config", lambda *a, **kw: configs.append(kw))
    monkeypatch.setattr(operations.uvicorn, "Server", Server)
    settings = Settings(database_url=empty_database, broker_url="redis://unused.invalid/0")
    asyncio.run(operations.serve_both(settings, None, None, None))
    assert len(configs) == 2 and all(config["proxy_headers"] is False for config in configs)
