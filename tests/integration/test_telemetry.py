"""OpenTelemetry (ORDINAVO_OTEL=on, the `otel` extra): server spans named by route template
with SQL spans below them, a duration metric, a client span per webhook attempt, and nothing
secret in any of them: no token from a path or query, no SQL parameter value, no webhook path,
query or signature. Switched off (the default), nothing of OpenTelemetry is even imported.

The exporters are the SDK's in-memory ones, put in place of OTLP's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")
pytest.importorskip("opentelemetry.instrumentation.asgi")
pytest.importorskip("opentelemetry.instrumentation.sqlalchemy")

from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode

from ordinavo.adapters.webhooks.http_sender import HttpWebhookSender
from ordinavo.entrypoints.common import telemetry as telemetry_module
from ordinavo.entrypoints.common.telemetry import Telemetry
from ordinavo.entrypoints.settings import Settings
from tests.support.harness import Harness, harness
from tests.support.receiver import Answer, Receiver, running_receiver

SPANS = InMemorySpanExporter()
READERS: dict[str, InMemoryMetricReader] = {}

TOKEN = "inv-Zq8s0-never-in-a-span-7Kd2"
QUERY_SECRET = "query-secret-4Hs9"


class InMemoryTelemetry(Telemetry):
    """What ORDINAVO_OTEL=on sets up, exporting to memory instead of OTLP."""

    def __init__(self, service_name: str) -> None:
        READERS[service_name] = InMemoryMetricReader()
        super().__init__(service_name, span_exporter=SPANS, metric_reader=READERS[service_name])


@pytest.fixture(scope="module")
def h(database_url: str) -> Iterator[Harness]:
    # The harness builds its apps and worker from settings with otel on, through the same
    # telemetry_for the entrypoints use; only the exporters are swapped.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(telemetry_module, "Telemetry", InMemoryTelemetry)
        with harness(database_url, otel=True) as built:
            yield built


@pytest.fixture
def otel(h: Harness, empty_database: str) -> Harness:
    h.reset()
    SPANS.clear()
    return h


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def everything_said(spans: list[ReadableSpan]) -> str:
    """Every span's name and attributes, as one text to look for a secret in."""
    return json.dumps(
        [{"name": s.name, "attributes": dict(s.attributes or {})} for s in spans], default=str
    )


def server_spans(spans: list[ReadableSpan]) -> list[ReadableSpan]:
    return [s for s in spans if s.kind == SpanKind.SERVER]


def test_a_request_gives_a_server_span_named_by_its_route_with_sql_spans_below(
    otel: Harness,
) -> None:
    admin = otel.staff(otel.open_tenant("acme", "Acme"))
    created = otel.internal.post(
        "/customers", json={"name": "Bakery Hofer", "customerNumber": "C-7731"}, headers=admin
    )
    assert created.status_code == 201, created.text
    customer_id = created.json()["id"]
    SPANS.clear()

    answer = otel.internal.get(f"/customers/{customer_id}", headers=admin)

    assert answer.status_code == 200, answer.text
    spans = list(SPANS.get_finished_spans())
    [server] = server_spans(spans)
    assert server.name == "GET /customers/{customer_id}"
    assert server.resource.attributes["service.name"] == "ordinavo-internal"
    attributes = dict(server.attributes or {})
    assert attributes["http.route"] == "/customers/{customer_id}"
    assert attributes.get("http.status_code", attributes.get("http.response.status_code")) == 200
    # The same id as the access log's line and the X-Request-ID answered.
    assert attributes["ordinavo.request_id"] == answer.headers["x-request-id"]

    sql = [s for s in spans if s.attributes and "db.system" in s.attributes]
    assert sql, [s.name for s in spans]
    assert {s.attributes["db.system"] for s in sql} <= {"sqlite", "postgresql"}
    assert all(s.kind == SpanKind.CLIENT for s in sql)
    assert all(s.context.trace_id == server.context.trace_id for s in sql)
    assert all(s.parent is not None and s.parent.span_id == server.context.span_id for s in sql)
    statements = [str(s.attributes.get("db.statement", "")) for s in sql]
    assert any("customers" in statement for statement in statements), statements

    # Neither the id in the path nor any SQL parameter value (the id, the name, the token).
    said = everything_said(spans)
    bearer = admin["Authorization"].removeprefix("Bearer ")
    for secret in (customer_id, customer_id.replace("-", ""), "Bakery Hofer", bearer):
        assert secret not in said


def test_a_token_in_a_portal_path_or_query_never_reaches_a_span(otel: Harness) -> None:
    looked = otel.portal.get(f"/invitations/{TOKEN}")
    refused = otel.portal.get(f"/invitations/{TOKEN}", params={"token": QUERY_SECRET})
    unknown = otel.portal.get(f"/no-such-route/{TOKEN}")

    assert looked.status_code in (404, 410), looked.text
    assert refused.status_code == 400, refused.text
    assert unknown.status_code == 404
    spans = list(SPANS.get_finished_spans())
    names = sorted(s.name for s in server_spans(spans))
    assert names == ["GET", "GET /invitations/{token}", "GET /invitations/{token}"]
    assert {s.resource.attributes["service.name"] for s in spans} == {"ordinavo-portal"}
    said = everything_said(spans)
    assert TOKEN not in said
    assert QUERY_SECRET not in said


def test_masking_the_path_for_telemetry_leaves_the_app_its_real_path(otel: Harness) -> None:
    # The router still sees the real path and query: a wrong query parameter is still named.
    answer = otel.portal.get(f"/invitations/{TOKEN}", params={"bogus": "1"})
    assert answer.status_code == 400
    assert "bogus" in answer.json()["detail"]


def test_request_durations_are_measured_per_route_without_paths(otel: Harness) -> None:
    otel.portal.get(f"/invitations/{TOKEN}")

    data = READERS["ordinavo-portal"].get_metrics_data()
    assert data is not None
    metrics = {
        metric.name: metric
        for resource in data.resource_metrics
        for scope in resource.scope_metrics
        for metric in scope.metrics
    }
    duration = metrics.get("http.server.duration") or metrics.get("http.server.request.duration")
    assert duration is not None, sorted(metrics)
    points = list(duration.data.data_points)
    assert points and sum(p.count for p in points) >= 1
    assert TOKEN not in json.dumps([dict(p.attributes) for p in points], default=str)


def test_a_webhook_attempt_gives_a_client_span_without_path_or_signature(
    otel: Harness, receiver: Receiver
) -> None:
    receiver.reset()
    admin = otel.staff(otel.open_tenant("acme", "Acme"))
    url = f"{receiver.url}/{TOKEN}?key={QUERY_SECRET}"
    registered = otel.internal.post(
        "/webhooks", json={"url": url, "eventTypes": ["customer.registered"]}, headers=admin
    )
    assert registered.status_code == 201, registered.text
    customer = {"name": "Bakery", "customerNumber": "C-1"}
    assert otel.internal.post("/customers", json=customer, headers=admin).status_code == 201
    SPANS.clear()

    otel.run_worker()

    [delivered] = receiver.wait_for(1)
    spans = list(SPANS.get_finished_spans())
    [client] = [s for s in spans if s.name == "POST webhook"]
    assert client.kind == SpanKind.CLIENT
    assert client.resource.attributes["service.name"] == "ordinavo-worker"
    attributes = dict(client.attributes or {})
    assert attributes["http.request.method"] == "POST"
    assert attributes["http.response.status_code"] == 200
    assert attributes["server.address"] == "127.0.0.1"
    assert attributes["server.port"] == receiver.port
    said = everything_said([client])
    for secret in (TOKEN, QUERY_SECRET, "/hooks", delivered.headers["webhook-signature"]):
        assert secret not in said
    # Under the task that sent it, with the worker's SQL: one trace, not a root span each.
    by_id = {s.context.span_id: s for s in spans}
    assert client.parent is not None
    assert by_id[client.parent.span_id].name == "ordinavo.deliver_webhook"
    sql = [s for s in spans if s.attributes and "db.system" in s.attributes]
    assert sql and all(s.parent is not None for s in sql)
    # And the receiver got no trace context: it is another party.
    assert "traceparent" not in delivered.headers


async def test_a_failed_attempt_marks_its_span_as_an_error(receiver: Receiver) -> None:
    receiver.reset()
    receiver.answer(Answer(status=503, body=b"busy"))
    telemetry = InMemoryTelemetry("ordinavo-worker")
    SPANS.clear()
    sender = HttpWebhookSender(allow_loopback=True, connect_timeout=1.0, total_timeout=2.0)
    try:
        outcome = await telemetry.traced_sender(sender).post(
            f"{receiver.url}?sig=1", {"webhook-signature": "v1,c2lnbmF0dXJl"}, b"{}"
        )
    finally:
        await sender.close()
    assert outcome.status_code == 503
    [span] = SPANS.get_finished_spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes["http.response.status_code"] == 503
    assert span.attributes["error.type"] == "http_status"
    assert "v1,c2lnbmF0dXJl" not in everything_said([span])


def test_otel_service_name_from_the_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_SERVICE_NAME", "acme-ordinavo")
    telemetry = Telemetry(
        "ordinavo-portal",
        span_exporter=InMemorySpanExporter(),
        metric_reader=InMemoryMetricReader(),
    )
    assert telemetry.tracer_provider.resource.attributes["service.name"] == "acme-ordinavo"


def test_on_without_exporters_given_it_exports_over_otlp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    # The real class, not the in-memory one the module's harness put in its place.
    monkeypatch.setattr(telemetry_module, "Telemetry", Telemetry)
    exporters: list[Any] = []
    monkeypatch.setattr(OTLPSpanExporter, "export", lambda self, spans: exporters.append(self) or 0)
    # Nothing listens there; the metric reader's last export at shutdown gives up at once.
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "1")
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    telemetry = telemetry_module.telemetry_for(
        Settings(database_url="sqlite+aiosqlite:///unused.db", otel=True), "ordinavo-internal"
    )
    assert type(telemetry) is Telemetry
    try:
        assert telemetry.tracer_provider.resource.attributes["service.name"] == (
            "ordinavo-internal"
        )
        telemetry.tracer.start_span("probe").end()
        telemetry.tracer_provider.force_flush()
    finally:
        telemetry.shutdown()
    assert exporters, "the span was not handed to the OTLP exporter"


def test_switched_off_there_is_no_telemetry() -> None:
    settings = Settings(database_url="sqlite+aiosqlite:///unused.db")
    assert telemetry_module.telemetry_for(settings, "ordinavo-internal") is None


# Builds both apps and the worker and serves a request; `BLOCK` first makes OpenTelemetry
# unimportable, as on an install without the extra.
OFF = """
import importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] == "opentelemetry":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

if BLOCK:
    sys.meta_path.insert(0, Block())

from litestar.testing import TestClient

from ordinavo.entrypoints.internal_api.app import create_internal_app
from ordinavo.entrypoints.portal_api.app import create_portal_app
from ordinavo.entrypoints.settings import Settings, SettingsError
from ordinavo.entrypoints.worker.app import create_worker
from ordinavo.entrypoints.worker.brokers import embedded_broker

settings = Settings.from_env()
assert not settings.otel
internal = create_internal_app(settings)
with TestClient(internal) as client:
    assert client.get("/health").status_code == 200
with TestClient(create_portal_app(settings)) as client:
    assert client.get("/health").status_code == 200
create_worker(settings, embedded_broker(inline=True))
assert "ordinavo.entrypoints.common.telemetry" in sys.modules
assert type(internal.asgi_handler.app.app).__name__ != "_MaskTarget"
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "opentelemetry")
if BLOCK:
    assert not loaded, loaded
    try:
        Settings.from_env({"ORDINAVO_OTEL": "on"})
    except SettingsError as error:
        print(error)
else:
    # Litestar and redis-py look for OpenTelemetry when it is installed; what ours would
    # load (the exporters, the SQLAlchemy instrumentation) stays unloaded, and no provider
    # is installed.
    for ours in ("opentelemetry.exporter", "opentelemetry.instrumentation.sqlalchemy"):
        assert not any(name.startswith(ours) for name in loaded), loaded
    from opentelemetry import metrics, trace
    assert type(trace.get_tracer_provider()).__name__ == "ProxyTracerProvider"
    assert type(metrics.get_meter_provider()).__name__ == "_ProxyMeterProvider"
print("off")
"""


def run_off(tmp_path: Any, *, block: bool) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("ORDINAVO_", "OTEL_"))}
    environ["ORDINAVO_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", f"BLOCK = {block}\n{OFF}"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_without_the_extra_the_service_runs_and_otel_on_is_refused_in_one_line(
    tmp_path: Any,
) -> None:
    refused, off = run_off(tmp_path, block=True)
    assert off == "off"
    assert refused == (
        "ORDINAVO_OTEL is on but OpenTelemetry is not installed; install the extra: "
        "pip install 'ordinavo[otel]' (or set ORDINAVO_OTEL=off)."
    )


def test_switched_off_no_provider_is_installed_and_nothing_instrumented(tmp_path: Any) -> None:
    assert run_off(tmp_path, block=False) == ["off"]


def test_the_portal_hot_path_gives_sql_spans_too(otel: Harness) -> None:
    """The portal's lists and its principal are read straight on the driver on PostgreSQL
    (adapters/persistence/driver_statements.py), past SQLAlchemy's events: their statements
    still get a span each below the request's, with placeholders and never a value."""
    admin = otel.staff(otel.open_tenant("acme", "Acme"))
    customer = otel.internal.post(
        "/customers", json={"name": "Bakery Hofer", "customerNumber": "C-7731"}, headers=admin
    ).json()
    contact = otel.internal.post(
        "/contacts",
        json={"customerId": customer["id"], "name": "Jana", "email": "jana@bakery.example"},
        headers=admin,
    ).json()
    invited = otel.internal.post(
        "/portal/invitations",
        json={"contactId": contact["id"], "grant": {"customerId": customer["id"]}},
        headers=admin,
    )
    assert invited.status_code == 201, invited.text
    token = otel.portal.post(
        f"/invitations/{otel.last_link_token()}/accept",
        json={"password": "Bright-morning-walk-7"},
    ).json()["token"]
    otel.portal.cookies.clear()
    otel.portal.get("/me", headers={"Authorization": f"Bearer {token}"})  # the idle timer
    SPANS.clear()

    answer = otel.portal.get("/appointments", headers={"Authorization": f"Bearer {token}"})

    assert answer.status_code == 200, answer.text
    spans = list(SPANS.get_finished_spans())
    [server] = server_spans(spans)
    assert server.name == "GET /appointments"
    sql = [s for s in spans if s.attributes and "db.system" in s.attributes]
    statements = [str(s.attributes.get("db.statement", "")) for s in sql]
    # The principal (session, user, grants) and the page: one span each.
    assert len(sql) == 2, statements
    assert any("portal_sessions" in statement for statement in statements), statements
    assert any("appointments" in statement for statement in statements), statements
    assert all(s.kind == SpanKind.CLIENT for s in sql)
    assert all(s.parent is not None and s.parent.span_id == server.context.span_id for s in sql)
    said = everything_said(spans)
    for secret in (token, customer["id"], "Bakery Hofer"):
        assert secret not in said
