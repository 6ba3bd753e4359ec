"""The access log: one line per request, also for unknown paths and wrong methods, naming the
app, the request id, who was authenticated and the route template (never the raw path)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from litestar.logging import LoggingConfig

from ordinavo.entrypoints.common.logs import BatchedStreamHandler, JsonFormatter
from tests.acceptance.test_portal_security import _portal_user
from tests.support.harness import Harness, harness


class Lines(logging.Handler):
    """The access log's lines as the JSON format writes them."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def objects(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]

    def last(self) -> dict[str, Any]:
        return self.objects()[-1]


@pytest.fixture
def h(empty_database: str) -> Iterator[Harness]:
    # Text format: the JSON one would give our loggers a handler of their own for the rest of
    # the session (see the last test); the `lines` handler writes what that one would.
    with harness(empty_database) as hx:
        yield hx


@pytest.fixture
def lines() -> Iterator[Lines]:
    logger = logging.getLogger("ordinavo.access")
    handler = Lines()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


FIELDS = {
    "app",
    "request_id",
    "tenant",
    "principal_kind",
    "principal_id",
    "route",
    "method",
    "status",
    "duration_ms",
}


def test_an_authenticated_internal_request(h: Harness, lines: Lines) -> None:
    token = h.open_tenant("acme", "Acme")
    me = h.internal.get("/auth/me", headers=h.staff(token)).json()
    response = h.internal.get("/customers", headers=h.staff(token))
    assert response.status_code == 200
    line = lines.last()
    assert FIELDS <= line.keys()
    assert line["app"] == "internal"
    assert line["route"] == "/customers"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["principal_kind"] == "staff_user"
    assert (line["tenant"], line["principal_id"]) == (me["tenantId"], me["id"])
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response.headers["x-request-id"]
    assert all("\n" not in text for text in lines.lines)


def test_an_integration_key_is_named_as_such(h: Harness, lines: Lines) -> None:
    token = h.open_tenant("acme", "Acme")
    key = h.internal.post(
        "/api-keys", json={"name": "ERP", "scopes": ["core:read"]}, headers=h.staff(token)
    ).json()
    h.internal.get("/customers", headers=h.staff(key["secret"]))
    line = lines.last()
    assert (line["principal_kind"], line["principal_id"]) == ("api_key", key["id"])


def test_a_portal_request(h: Harness, lines: Lines) -> None:
    _, session = _portal_user(h)
    response = h.portal.get("/me", headers={"Authorization": f"Bearer {session}"})
    assert response.status_code == 200
    line = lines.last()
    assert FIELDS <= line.keys()
    assert (line["app"], line["route"], line["status"]) == ("portal", "/me", 200)
    assert line["principal_kind"] == "portal_user"
    assert line["tenant"] and line["principal_id"]


def test_an_unknown_path_is_logged_without_its_raw_path(h: Harness, lines: Lines) -> None:
    response = h.internal.get("/no-such-thing/secret-canary-123")
    assert response.status_code == 404
    line = lines.last()
    assert (line["app"], line["method"], line["status"]) == ("internal", "GET", 404)
    assert line["route"] == "(no route)"
    assert line["tenant"] is None and line["principal_kind"] is None
    assert "secret-canary-123" not in "\n".join(lines.lines)


def test_a_wrong_method_is_logged(h: Harness, lines: Lines) -> None:
    response = h.portal.delete("/health")
    assert response.status_code == 405
    line = lines.last()
    assert (line["app"], line["method"], line["status"]) == ("portal", "DELETE", 405)
    # Litestar refuses the method before it names the route; no raw path either way.
    assert line["route"] == "(no route)"


def test_a_token_in_the_path_stays_out_of_the_log(h: Harness, lines: Lines) -> None:
    token = "one-time-token-canary-4711"
    h.portal.get(f"/invitations/{token}")
    line = lines.last()
    assert line["route"] == "/invitations/{token}"
    assert token not in "\n".join(lines.lines)


def test_a_valid_inbound_request_id_is_kept_and_echoed(h: Harness, lines: Lines) -> None:
    response = h.internal.get("/health", headers={"X-Request-ID": "edge-42.a_b"})
    assert response.headers["x-request-id"] == "edge-42.a_b"
    assert lines.last()["request_id"] == "edge-42.a_b"


@pytest.mark.parametrize(
    "inbound", ["x" * 65, "", "has space", "tab\there", "ünïcode".encode(), "a/b", "{x}"]
)
def test_an_invalid_inbound_request_id_is_replaced(
    h: Harness, lines: Lines, inbound: str | bytes
) -> None:
    response = h.internal.get("/health", headers={"X-Request-ID": inbound})
    echoed = response.headers["x-request-id"]
    assert echoed != inbound and re.fullmatch(r"[0-9a-f]{32}", echoed)
    assert lines.last()["request_id"] == echoed


def test_the_text_format_carries_the_same_fields(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    token = h.open_tenant("acme", "Acme")
    h.internal.get("/customers", headers=h.staff(token))
    line = [r.getMessage() for r in caplog.records if r.name == "ordinavo.access"][-1]
    assert line.startswith("GET /customers 200 ")
    for field in ("request_id=", "app=internal", "tenant=", "principal=staff_user:"):
        assert field in line


def test_the_worker_says_app_worker(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="taskiq")
    taskiq = Lines()
    logging.getLogger("taskiq").addHandler(taskiq)
    try:
        h.run_worker()  # inline: the tasks run inside this test's own call
    finally:
        logging.getLogger("taskiq").removeHandler(taskiq)
    assert taskiq.lines
    assert {line["app"] for line in taskiq.objects()} == {"worker"}


@pytest.fixture
def json_h(empty_database: str) -> Iterator[Harness]:
    with harness(empty_database, log_format="json") as hx:
        yield hx
    LoggingConfig().configure()  # Litestar's default again, for the tests after this one


def _written_by_the_process(act: Callable[[], None]) -> list[dict[str, Any]]:
    """What the process's own log handlers write to stderr while `act` runs (they write in
    batches: flushed here, as at exit)."""
    writers = [h for h in logging.getLogger().handlers if isinstance(h, BatchedStreamHandler)]
    assert writers
    written = io.StringIO()
    streams = [writer.setStream(written) for writer in writers]
    try:
        act()
        for writer in writers:
            writer.flush()
    finally:
        for writer, stream in zip(writers, streams, strict=True):
            writer.setStream(stream)
    return [json.loads(line) for line in written.getvalue().splitlines()]  # each line JSON


def test_the_json_setting_makes_every_line_of_the_process_json(json_h: Harness) -> None:
    taskiq = logging.getLogger("taskiq")
    level = taskiq.level
    taskiq.setLevel(logging.INFO)

    def act() -> None:
        token = json_h.open_tenant("acme", "Acme")
        json_h.run_worker()
        json_h.internal.get("/customers", headers=json_h.staff(token))

    try:
        written = _written_by_the_process(act)
    finally:
        taskiq.setLevel(level)
    access = [line for line in written if line["logger"] == "ordinavo.access"]
    assert access[-1]["route"] == "/customers" and FIELDS <= access[-1].keys()
    assert access[-1]["principal_kind"] == "staff_user"
    # Each line knows which app wrote it, the worker's included.
    tasks = [line for line in written if line["logger"].startswith("taskiq")]
    assert tasks and {line["app"] for line in tasks} == {"worker"}


def test_ready_says_in_the_log_why_it_is_not_ready() -> None:
    health = logging.getLogger("ordinavo.health")
    lines = Lines()
    health.addHandler(lines)
    try:
        with harness("sqlite+aiosqlite:////nonexistent-ordinavo-dir/none.db") as hx:
            response = hx.portal.get("/ready")
    finally:
        health.removeHandler(lines)
    assert response.status_code == 503
    line = lines.last()
    assert line["level"] == "WARNING" and line["app"] == "portal"
    assert "OperationalError" in line["message"] and "unable to open" in line["message"]
