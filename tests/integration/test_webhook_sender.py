"""HttpWebhookSender against a real loopback receiver: one attempt per post, never a redirect
followed, a bounded excerpt, Retry-After read from 429/503 only, timeouts and refused
connections as outcomes, and the SSRF guard checking every resolved address at connect time."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from ordinavo.adapters.webhooks.http_sender import HttpWebhookSender
from ordinavo.domain.webhooks import ErrorClass
from tests.support.receiver import Answer, Receiver, running_receiver

BODY = b'{"type":"customer.registered","data":{"id":"c-1","name":"Acme \xc3\xa9"}}'
HEADERS = {
    "content-type": "application/json",
    "webhook-id": "msg_2Vx7b1KkqYV3iZ9oXy",
    "webhook-timestamp": "1795000000",
    "webhook-signature": "v1,dGVzdC1zaWduYXR1cmU=",
}


@pytest.fixture(scope="module")
def shared_receiver() -> Iterator[Receiver]:
    # One receiver for the module: stopping one waits out its half-second poll.
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def rx(shared_receiver: Receiver) -> Receiver:
    shared_receiver.reset()
    return shared_receiver


@asynccontextmanager
async def open_sender(**overrides: Any) -> AsyncIterator[HttpWebhookSender]:
    settings: dict[str, Any] = {
        "allow_loopback": True,
        "connect_timeout": 1.0,
        "total_timeout": 1.5,
    }
    settings.update(overrides)
    sender = HttpWebhookSender(**settings)
    try:
        yield sender
    finally:
        await sender.close()


def free_port() -> int:
    """A loopback port nothing listens on (bound, read, closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fake_resolver(*addresses: str, port: int | None = None) -> tuple[Any, list[str]]:
    """An async getaddrinfo answering every name with these IPv4 addresses; records the
    names it was asked for."""
    asked: list[str] = []

    async def getaddrinfo(host: Any, asked_port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host.decode() if isinstance(host, bytes) else str(host))
        used_port = int(asked_port) if port is None else port
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, used_port))
            for address in addresses
        ]

    return getaddrinfo, asked


# --- successful deliveries -------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 204])
async def test_a_2xx_answer_is_a_success_and_the_receiver_gets_our_exact_request(
    rx: Receiver, status: int
) -> None:
    rx.answer(Answer(status=status, body=b"" if status == 204 else b"thanks"))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.succeeded
    assert outcome.status_code == status
    assert outcome.error_class is None
    assert outcome.retry_after is None
    assert outcome.duration_ms >= 0
    received = rx.wait_for(1, timeout=2.0)
    assert len(received) == 1
    (request,) = received
    assert request.path == "/hooks"
    assert request.body == BODY
    for name, value in HEADERS.items():
        assert request.headers[name] == value
    assert request.headers["content-length"] == str(len(BODY))


async def test_a_sender_is_reusable_for_posts_in_a_row(rx: Receiver) -> None:
    async with open_sender() as sender:
        first = await sender.post(rx.url, HEADERS, b'{"n":1}')
        second = await sender.post(rx.url, HEADERS, b'{"n":2}')

    assert first.succeeded and first.status_code == 200
    assert second.succeeded and second.status_code == 200
    assert [r.body for r in rx.wait_for(2, timeout=2.0)] == [b'{"n":1}', b'{"n":2}']


# --- answers that are not a success ----------------------------------------------------------


async def test_a_500_answer_is_an_http_status_failure_with_the_body_as_excerpt(
    rx: Receiver,
) -> None:
    rx.answer(Answer(status=500, body=b"database on fire"))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert not outcome.succeeded
    assert outcome.status_code == 500
    assert outcome.error_class is ErrorClass.HTTP_STATUS
    assert outcome.response_excerpt == "database on fire"
    assert outcome.retry_after is None


@pytest.mark.parametrize("status", [302, 307, 308])
async def test_a_redirect_is_never_followed(rx: Receiver, status: int) -> None:
    rx.answer(Answer(status=status, headers={"Location": f"{rx.url}/elsewhere"}, body=b""))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)
        await asyncio.sleep(0.3)  # time for a followed redirect to arrive

    assert not outcome.succeeded
    assert outcome.status_code == status
    assert outcome.error_class is ErrorClass.REDIRECT
    assert [r.path for r in rx.requests] == ["/hooks"]


# --- the response excerpt --------------------------------------------------------------------


async def test_a_long_answer_is_cut_to_4096_characters(rx: Receiver) -> None:
    body = bytes(ord("a") + i % 26 for i in range(10_000))
    rx.answer(Answer(status=500, body=body))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 500
    assert outcome.response_excerpt is not None
    assert len(outcome.response_excerpt) == 4096
    assert outcome.response_excerpt == body[:4096].decode("ascii")


async def test_nul_bytes_never_reach_the_excerpt(rx: Receiver) -> None:
    rx.answer(Answer(status=400, body=b"abc\x00\x00def\x00"))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 400
    assert outcome.response_excerpt is not None
    assert "\x00" not in outcome.response_excerpt
    assert outcome.response_excerpt.startswith("abc")
    assert "def" in outcome.response_excerpt


# --- Retry-After -----------------------------------------------------------------------------


async def test_retry_after_in_seconds_on_a_429(rx: Receiver) -> None:
    rx.answer(Answer(status=429, headers={"Retry-After": "120"}, body=b"slow down"))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 429
    assert outcome.error_class is ErrorClass.HTTP_STATUS
    assert outcome.retry_after == timedelta(seconds=120)


async def test_retry_after_as_an_http_date_on_a_429(rx: Receiver) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    rx.answer(Answer(status=429, headers={"Retry-After": when}))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 429
    assert outcome.retry_after is not None
    assert timedelta(seconds=55) <= outcome.retry_after <= timedelta(seconds=61)


async def test_retry_after_is_honoured_on_a_503(rx: Receiver) -> None:
    rx.answer(Answer(status=503, headers={"Retry-After": "30"}))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 503
    assert outcome.retry_after == timedelta(seconds=30)


async def test_a_429_without_retry_after_has_none(rx: Receiver) -> None:
    rx.answer(Answer(status=429))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 429
    assert outcome.retry_after is None


async def test_retry_after_on_a_500_is_ignored(rx: Receiver) -> None:
    rx.answer(Answer(status=500, headers={"Retry-After": "120"}))
    async with open_sender() as sender:
        outcome = await sender.post(rx.url, HEADERS, BODY)

    assert outcome.status_code == 500
    assert outcome.error_class is ErrorClass.HTTP_STATUS
    assert outcome.retry_after is None


# --- failures before an answer ---------------------------------------------------------------


async def test_a_stalling_receiver_hits_the_total_timeout(rx: Receiver) -> None:
    rx.answer(Answer(status=200, stall_seconds=3.0))
    async with open_sender(total_timeout=1.0) as sender:
        started = time.monotonic()
        outcome = await sender.post(rx.url, HEADERS, BODY)
        elapsed = time.monotonic() - started

    assert outcome.error_class is ErrorClass.TIMEOUT
    assert outcome.status_code is None
    assert not outcome.succeeded
    assert elapsed < 2.5
    assert outcome.duration_ms >= 0


async def test_a_refused_connection_is_a_connection_failure() -> None:
    url = f"http://127.0.0.1:{free_port()}/hooks"
    async with open_sender() as sender:
        outcome = await sender.post(url, HEADERS, BODY)

    assert outcome.error_class is ErrorClass.CONNECTION
    assert outcome.status_code is None
    assert not outcome.succeeded


# --- the SSRF guard --------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_loopback_is_refused_without_the_test_setting(rx: Receiver, host: str) -> None:
    async with open_sender(allow_loopback=False) as sender:
        outcome = await sender.post(f"http://{host}:{rx.port}/hooks", HEADERS, BODY)
    await asyncio.sleep(0.1)

    assert outcome.error_class is ErrorClass.BLOCKED_ADDRESS
    assert outcome.status_code is None
    assert rx.requests == []


async def test_a_name_rebound_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, asked = fake_resolver("10.0.0.7")
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake)
    async with open_sender(allow_loopback=False) as sender:
        outcome = await sender.post("https://hooks.example.com/x", HEADERS, BODY)

    assert asked == ["hooks.example.com"]
    assert outcome.error_class is ErrorClass.BLOCKED_ADDRESS
    assert outcome.status_code is None


async def test_a_name_resolving_to_a_public_and_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, asked = fake_resolver("93.184.216.34", "192.168.0.10")
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake)
    async with open_sender(allow_loopback=False) as sender:
        outcome = await sender.post("https://hooks.example.com/x", HEADERS, BODY)

    assert asked == ["hooks.example.com"]
    assert outcome.error_class is ErrorClass.BLOCKED_ADDRESS
    assert outcome.status_code is None


async def test_the_connection_goes_to_the_checked_address_and_keeps_the_host_name(
    rx: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, asked = fake_resolver("127.0.0.1", port=rx.port)
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake)
    async with open_sender(allow_loopback=True) as sender:
        outcome = await sender.post(f"http://hooks.example.test:{rx.port}/hooks", HEADERS, BODY)

    assert asked == ["hooks.example.test"]
    assert outcome.succeeded
    assert outcome.status_code == 200
    received = rx.wait_for(1, timeout=2.0)
    assert len(received) == 1
    assert received[0].body == BODY
    assert received[0].headers["host"].startswith("hooks.example.test")
