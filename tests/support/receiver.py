"""A real HTTP receiver on loopback for webhook tests: records every request it gets and
answers as the test says (a status, a Retry-After, a redirect, a stall)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    def json(self) -> Any:
        import json

        return json.loads(self.body)

    def verifies_with(self, secret: str) -> bool:
        """Checked by the reference Standard Webhooks library, not by our own signer. The
        timestamp is the sender's (a test clock may be days ahead), so the reference signer
        is asked for the expected signature and each sent one is compared with it."""
        from datetime import UTC, datetime

        at = datetime.fromtimestamp(int(self.headers["webhook-timestamp"]), tz=UTC)
        expected = Webhook(secret).sign(self.webhook_id, at, self.body.decode())
        return expected in self.headers["webhook-signature"].split(" ")


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"
    stall_seconds: float = 0.0  # wait before answering (headers included)


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.answers: list[Answer] = []  # one per request, in order; then `default`
        self.default = Answer()
        self._lock = threading.Lock()
        self.arrived = threading.Condition(self._lock)
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def answer(self, *answers: Answer) -> None:
        with self._lock:
            self.answers.extend(answers)

    def always(self, answer: Answer) -> None:
        with self._lock:
            self.answers.clear()
            self.default = answer

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.answers.clear()
            self.default = Answer()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.arrived.wait(left)
            return list(self.requests)

    def _take(self, received: Received) -> Answer:
        with self.arrived:
            self.requests.append(received)
            self.arrived.notify_all()
            return self.answers.pop(0) if self.answers else self.default


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            answer = receiver._take(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            if answer.stall_seconds:
                time.sleep(answer.stall_seconds)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
