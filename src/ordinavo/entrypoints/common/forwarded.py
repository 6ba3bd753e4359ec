"""The client's address and scheme behind a reverse proxy.

Forwarded headers are written by whoever sends the request, so they are believed only when
the direct peer is a proxy the operator named (ORDINAVO_TRUSTED_PROXIES). Per-address limits
count the address resolved here; nothing else may read X-Forwarded-For.

Only X-Forwarded-For and X-Forwarded-Proto are read. Reading RFC 7239 `Forwarded` as well
would let a client smuggle an address past a proxy that sets only one of the two.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from litestar.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

SCHEMES = {"http": {"http": "http", "https": "https"}, "websocket": {"http": "ws", "https": "wss"}}


def networks(trusted: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in trusted)


def _address(entry: str) -> Address | None:
    """An address as proxies write it: bare, IPv4 with a port, or IPv6 in brackets."""
    entry = entry.strip().strip('"')
    if entry.startswith("["):
        entry = entry[1 : entry.find("]")] if "]" in entry else ""
    elif entry.count(":") == 1:
        entry = entry.split(":")[0]
    try:
        return ipaddress.ip_address(entry)
    except ValueError:
        return None


def _is_trusted(address: Address | None, trusted: Sequence[Network]) -> bool:
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == n.version and address in n for n in trusted)


def resolve_client(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[Network]
) -> str | None:
    """The client address: the peer itself, unless the peer is a trusted proxy; then the
    right-most X-Forwarded-For entry that is not a trusted proxy. Entries further left were
    written by the client and prove nothing. `forwarded_for` holds the header's values in the
    order they arrived."""
    if not trusted or not _is_trusted(_address(peer or ""), trusted):
        return peer
    client = peer
    for header in reversed(forwarded_for):
        for entry in reversed(header.split(",")):
            if not entry.strip():
                continue
            address = _address(entry)
            if address is None:
                # Garbage a trusted proxy passed on: the last hop we can vouch for is the answer.
                return client
            client = str(address)
            if not _is_trusted(address, trusted):
                return client
    return client  # every hop is a proxy of ours: the left-most is as far as anyone knows


def resolve_scheme(
    peer: str | None, scheme: str, forwarded_proto: Sequence[str], trusted: Sequence[Network]
) -> str:
    """http or https from X-Forwarded-Proto (its right-most value, set by the proxy next to
    us), only when the peer is a trusted proxy."""
    if not forwarded_proto or not trusted or not _is_trusted(_address(peer or ""), trusted):
        return scheme
    claimed = forwarded_proto[-1].split(",")[-1].strip().lower()
    return claimed if claimed in ("http", "https") else scheme


class BehindProxy:
    """Pure ASGI: rewrites scope["client"] and scope["scheme"] before the app looks at them,
    so every server (granian, uvicorn, a test client) gives the app the same answer."""

    def __init__(self, app: ASGIApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.trusted = networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.trusted and scope["type"] in SCHEMES:
            self.resolve(scope)
        await self.app(scope, receive, send)

    def resolve(self, scope: Any) -> None:
        client = scope.get("client")
        peer = client[0] if client else None
        if not _is_trusted(_address(peer or ""), self.trusted):
            return
        forwarded_for: list[str] = []
        forwarded_proto: list[str] = []
        for name, value in scope["headers"]:
            if name == b"x-forwarded-for":
                forwarded_for.append(value.decode("latin-1"))
            elif name == b"x-forwarded-proto":
                forwarded_proto.append(value.decode("latin-1"))
        address = resolve_client(peer, forwarded_for, self.trusted)
        if address != peer:
            scope["client"] = (address, 0)
        if forwarded_proto:
            own = "https" if scope.get("scheme") in ("https", "wss") else "http"
            proto = resolve_scheme(peer, own, forwarded_proto, self.trusted)
            scope["scheme"] = SCHEMES[scope["type"]][proto]
