"""Webhook delivery over HTTP(S) with httpcore, guarded against server-side request forgery.

The name in an endpoint's URL is resolved here, at connect time, and every address it
resolves to must be public (loopback only with the test setting): a name that resolved to a
public address when the endpoint was registered and now points inside the network (DNS
rebinding) is refused. The connection then goes to the checked address, while TLS still
verifies the certificate against the name. Redirects are never followed: httpcore does not.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore

from ordinavo.domain.webhooks import (
    RESPONSE_EXCERPT_BYTES,
    AttemptOutcome,
    ErrorClass,
    address_allowed,
    excerpt,
)


class BlockedAddress(httpcore.ConnectError):
    """The name resolves to an address deliveries may not reach."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, *, allow_loopback: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_loopback = allow_loopback

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout
            )
        except (OSError, TimeoutError) as error:
            raise httpcore.ConnectError(f"cannot resolve the host: {error}") from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses or not all(
            address_allowed(a, allow_loopback=self._allow_loopback) for a in addresses
        ):
            raise BlockedAddress("the host resolves to an address deliveries may not reach")
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("deliveries never use unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _retry_after(headers: list[tuple[bytes, bytes]], now: datetime) -> timedelta | None:
    for name, value in headers:
        if name.lower() != b"retry-after":
            continue
        text = value.decode("latin-1").strip()
        if text.isdigit():
            return timedelta(seconds=int(text))
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(when - now, timedelta(0))
    return None


def _error_class(error: Exception) -> ErrorClass:
    if isinstance(error, BlockedAddress):
        return ErrorClass.BLOCKED_ADDRESS
    if isinstance(error, TimeoutError | httpcore.TimeoutException):
        return ErrorClass.TIMEOUT
    if isinstance(error.__cause__ or error.__context__, ssl.SSLError) or "SSL" in str(error):
        return ErrorClass.TLS
    return ErrorClass.CONNECTION


class HttpWebhookSender:
    def __init__(
        self,
        *,
        allow_loopback: bool = False,
        connect_timeout: float = 5.0,
        total_timeout: float = 15.0,
        max_connections: int = 10,
    ) -> None:
        self._connect_timeout = connect_timeout
        self._total_timeout = total_timeout
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(),
            max_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=GuardedBackend(allow_loopback=allow_loopback),
            # Headers and body leave as two writes; without this, Nagle's algorithm waits for
            # the receiver's delayed ACK (40 ms) before sending the body.
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        )

    async def post(self, url: str, headers: dict[str, str], body: bytes) -> AttemptOutcome:
        started = time.perf_counter()
        timeouts = {
            "connect": self._connect_timeout,
            "pool": self._connect_timeout,
            "read": self._total_timeout,
            "write": self._total_timeout,
        }
        try:
            async with asyncio.timeout(self._total_timeout):
                async with self._pool.stream(
                    "POST",
                    url,
                    headers=[(k.encode(), v.encode()) for k, v in headers.items()],
                    content=body,
                    extensions={"timeout": timeouts},
                ) as response:
                    raw = bytearray()
                    async for chunk in response.aiter_stream():
                        raw += chunk
                        if len(raw) >= RESPONSE_EXCERPT_BYTES:
                            break  # keep no more than the log shows
                    status = response.status
                    answer_headers = response.headers
        except Exception as error:  # a delivery's failure is an outcome, never a crash
            return AttemptOutcome(
                duration_ms=round((time.perf_counter() - started) * 1000),
                error_class=_error_class(error),
                response_excerpt=excerpt(str(error).encode()),
            )
        duration = round((time.perf_counter() - started) * 1000)
        error_class = None
        if 300 <= status < 400:
            error_class = ErrorClass.REDIRECT
        elif not 200 <= status < 300:
            error_class = ErrorClass.HTTP_STATUS
        retry_after = None
        if status in (429, 503):
            retry_after = _retry_after(answer_headers, datetime.now(UTC))
        return AttemptOutcome(
            duration_ms=duration,
            status_code=status,
            error_class=error_class,
            response_excerpt=excerpt(bytes(raw)),
            retry_after=retry_after,
        )

    async def close(self) -> None:
        await self._pool.aclose()
