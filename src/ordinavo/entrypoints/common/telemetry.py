"""OpenTelemetry traces and metrics, with ORDINAVO_OTEL=on and the `otel` extra installed.

Three things are observed: each HTTP request the apps serve (Litestar's OpenTelemetry
middleware), each SQL statement (on the engine of the container), and each webhook attempt
(a client span around the sender). The standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, ...) configure the OTLP exporters as usual.

Every import of OpenTelemetry happens inside a function of this module, and only when
telemetry is on: without the extra the service runs as before, and with the switch off it
loads nothing of it. Nothing is installed globally either (no global tracer provider, no
patched `create_engine`): each app and the worker hand their own providers to what they
instrument, so the three may share a process under their own service names.

What never reaches a span or a metric: a raw request path or query (paths carry one-time
tokens: invitation links, calendar feeds; spans name the route template), SQL parameter
values, a webhook's URL path or query, and its headers (the signature).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from advanced_alchemy.config import SQLAlchemyAsyncConfig
from dishka import Provider, Scope
from taskiq import TaskiqMessage, TaskiqMiddleware, TaskiqResult

from ordinavo.adapters.persistence.driver_statements import observe
from ordinavo.adapters.persistence.request_context import current_request_id
from ordinavo.application.ports.webhooks import WebhookSender
from ordinavo.domain.webhooks import AttemptOutcome

if TYPE_CHECKING:
    from litestar.types import ASGIApp

    from ordinavo.entrypoints.settings import Settings

INTERNAL = "ordinavo-internal"
PORTAL = "ordinavo-portal"
WORKER = "ordinavo-worker"

# Where the masking layer keeps the real path while the instrumentation looks at the scope.
_REAL_TARGET = "ordinavo.real_target"


def telemetry_for(settings: Settings, service_name: str) -> Telemetry | None:
    """The process's telemetry for one service when ORDINAVO_OTEL is on, else None."""
    if not settings.otel:
        return None
    return Telemetry(service_name)


class Telemetry:
    """One service's tracer and meter providers, and the instrumentation built on them.

    By default spans and metrics go out over OTLP/HTTP; tests pass an in-memory span exporter
    and metric reader instead.
    """

    def __init__(
        self, service_name: str, *, span_exporter: Any = None, metric_reader: Any = None
    ) -> None:
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
        from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

        # Our name unless the operator gave one (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES).
        resource = Resource.create({SERVICE_NAME: service_name}).merge(
            OTELResourceDetector().detect()
        )
        if span_exporter is None:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            processor: Any = BatchSpanProcessor(OTLPSpanExporter())
        else:
            # Given exporters are the tests': spans are there as soon as they end.
            processor = SimpleSpanProcessor(span_exporter)
        if metric_reader is None:
            from opentelemetry.exporter.otlp.proto.http.metric_exporter import (
                OTLPMetricExporter,
            )

            metric_reader = PeriodicExportingMetricReader(OTLPMetricExporter())
        self.service_name = service_name
        # Shut down with the app or the worker (on_shutdown), not at exit as well: twice warns,
        # and an exit hook would keep every provider a test builds alive.
        self.tracer_provider = TracerProvider(resource=resource, shutdown_on_exit=False)
        self.tracer_provider.add_span_processor(processor)
        self.meter_provider = MeterProvider(
            resource=resource, metric_readers=[metric_reader], shutdown_on_exit=False
        )
        self.tracer = self.tracer_provider.get_tracer("ordinavo")
        self.meter = self.meter_provider.get_meter("ordinavo")
        self.webhook_duration = self.meter.create_histogram(
            "http.client.request.duration",
            unit="s",
            description="Duration of webhook delivery attempts.",
        )

    # HTTP server ----------------------------------------------------------------------------

    def instrument_asgi(self, app: ASGIApp) -> ASGIApp:
        """Litestar's OpenTelemetry middleware around `app` (the app's router), seeing only
        route templates.

        The instrumentation reads the path and query from the scope when the request starts,
        before routing, and would put them into the span name, `http.target`/`url.path`,
        `url.query` and `http.url`. So the scope it sees holds the route template instead (the
        router is asked for it first; it caches the answer for its own lookup), and the real
        path is put back before the router runs.
        """
        from litestar.plugins.opentelemetry import (
            OpenTelemetryConfig,
            OpenTelemetryInstrumentationMiddleware,
        )

        config = OpenTelemetryConfig(
            tracer_provider=self.tracer_provider,
            meter_provider=self.meter_provider,
            scope_span_details_extractor=_span_details,
            server_request_hook_handler=_note_request_id,
            # Spans for each ASGI message say nothing the server span does not.
            exclude_spans=["receive", "send"],
        )
        instrumented = OpenTelemetryInstrumentationMiddleware(
            app=_RestoreTarget(app), config=config
        )
        return _MaskTarget(instrumented)

    # SQL ------------------------------------------------------------------------------------

    def instrument_database(self, config: SQLAlchemyAsyncConfig) -> None:
        """A span per statement on the config's engine: the statement text with its
        placeholders, never the parameter values (the instrumentation records none)."""
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

        # EngineTracer is what SQLAlchemyInstrumentor().instrument(engine=...) builds. The
        # instrumentor itself is a process-wide singleton that instruments once and patches
        # create_engine globally; each container here has an engine and a service of its own.
        usage = self.meter.create_up_down_counter(
            "db.client.connections.usage",
            unit="connections",
            description="Connections in the state described by the state attribute.",
        )
        engine = config.get_engine()
        EngineTracer(self.tracer, engine.sync_engine, usage)
        # The hot path's reads go to the driver past SQLAlchemy's events: the same span each.
        observe(self._driver_statement_span(engine.url.database or ""), engine)

    def _driver_statement_span(self, database: str) -> Any:
        from opentelemetry.trace import SpanKind

        tracer = self.tracer

        @contextlib.contextmanager
        def span(statement: str, arguments: Any) -> Iterator[None]:
            verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
            with tracer.start_as_current_span(
                f"{verb} {database}".strip(),
                kind=SpanKind.CLIENT,
                attributes={
                    "db.system": "postgresql",
                    "db.name": database,
                    "db.statement": statement,  # placeholders only, never the values
                },
            ):
                yield

        return span

    # Worker tasks ---------------------------------------------------------------------------

    def task_spans(self) -> TaskiqMiddleware:
        return TaskSpans(self)

    # Outgoing HTTP --------------------------------------------------------------------------

    def traced_sender(self, sender: WebhookSender) -> WebhookSender:
        return TracedWebhookSender(sender, self)

    def provider(self) -> Provider:
        """Decorates the container's database and webhook sender with the instrumentation."""
        telemetry = self
        provider = Provider(scope=Scope.APP)

        def traced_database(config: SQLAlchemyAsyncConfig) -> SQLAlchemyAsyncConfig:
            telemetry.instrument_database(config)
            return config

        def traced_sender(sender: WebhookSender) -> WebhookSender:
            return telemetry.traced_sender(sender)

        provider.decorate(traced_database)
        provider.decorate(traced_sender)
        return provider

    def shutdown(self) -> None:
        """Export what is pending and stop."""
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()

    async def close(self) -> None:
        # In a thread: with the collector unreachable the last export retries for seconds,
        # and the other app of `ordinavo serve` shares this event loop.
        await asyncio.to_thread(self.shutdown)


def _span_details(scope: Any) -> tuple[str, dict[str, Any]]:
    # Called on the masked scope: its path is the route template, or empty without a route.
    method = str(scope.get("method", "")).strip() or "HTTP"
    template = scope.get("path", "")
    if not template:
        return method, {}
    return f"{method} {template}", {"http.route": template}


def _note_request_id(span: Any, scope: Any) -> None:
    # The access log's request id, so a trace and its log line find each other.
    if span.is_recording():
        span.set_attribute("ordinavo.request_id", current_request_id.get() or "")


def _route_template(scope: MutableMapping[str, Any]) -> str:
    """The template of the route the router will pick, or "" for none (404, 405)."""
    from litestar.utils import normalize_path

    app = scope.get("litestar_app")
    if app is None:
        return ""
    path = scope["path"]
    if root_path := scope.get("root_path", ""):
        path = path.split(root_path, maxsplit=1)[-1]
    try:
        *_, template = app.asgi_router.handle_routing(
            path=normalize_path(path), method=scope.get("method")
        )
    except Exception:  # no route, wrong method: the router answers that itself
        return ""
    return str(template)


class _MaskTarget:
    """Shows the instrumentation the route template in place of the path, and no query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        real = {key: scope[key] for key in ("path", "raw_path", "query_string") if key in scope}
        template = _route_template(scope)
        # The same scope object travels on, so what the router adds (the route, the access
        # log's template and principal) is still seen outside: it is changed in place.
        scope[_REAL_TARGET] = real
        scope["path"] = template
        scope["raw_path"] = template.encode()
        scope["query_string"] = b""
        try:
            await self.app(scope, receive, send)
        finally:
            _restore(scope)


class _RestoreTarget:
    """Inside the instrumentation: the real path and query back, for the router."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        _restore(scope)
        await self.app(scope, receive, send)


def _restore(scope: Any) -> None:
    real = scope.pop(_REAL_TARGET, None)
    if real is not None:
        scope.pop("raw_path", None)
        scope.update(real)


class TaskSpans(TaskiqMiddleware):
    """A span per task the worker runs, named by the task, so that its SQL and webhook spans
    form one trace instead of a root span each. The task's arguments are not recorded."""

    def __init__(self, telemetry: Telemetry) -> None:
        super().__init__()
        self._telemetry = telemetry
        self._open: dict[str, tuple[Any, object]] = {}

    def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        from opentelemetry import context, trace

        span = self._telemetry.tracer.start_span(message.task_name)
        # Taskiq runs pre_execute, the task and post_execute in one context (as the log
        # context middleware relies on too), so the span is current for the task's work.
        token = context.attach(trace.set_span_in_context(span))
        self._open[message.task_id] = (span, token)
        return message

    def post_execute(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        from opentelemetry import context
        from opentelemetry.trace import Status, StatusCode

        opened = self._open.pop(message.task_id, None)
        if opened is None:
            return
        span, token = opened
        if result.is_err:
            span.set_status(Status(StatusCode.ERROR, type(result.error).__name__))
        span.end()
        context.detach(token)  # type: ignore[arg-type]


class TracedWebhookSender:
    """A client span and a duration measure around each delivery attempt.

    The span names the method, host and port and the answer's status; never the URL's path
    or query (an endpoint URL may carry the integrator's token) nor the headers (the
    signature). No trace context is sent along: a receiver is another party.
    """

    def __init__(self, sender: WebhookSender, telemetry: Telemetry) -> None:
        self._sender = sender
        self._telemetry = telemetry

    async def post(self, url: str, headers: dict[str, str], body: bytes) -> AttemptOutcome:
        from opentelemetry.trace import SpanKind, Status, StatusCode

        parts = urlsplit(url)
        attributes: dict[str, Any] = {"http.request.method": "POST"}
        if parts.hostname:
            attributes["server.address"] = parts.hostname
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = None
        if port:
            attributes["server.port"] = port
        with self._telemetry.tracer.start_as_current_span(
            "POST webhook", kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            outcome = await self._sender.post(url, headers, body)
            if outcome.status_code is not None:
                span.set_attribute("http.response.status_code", outcome.status_code)
                attributes["http.response.status_code"] = outcome.status_code
            if not outcome.succeeded:
                error = str(outcome.error_class or outcome.status_code)
                span.set_attribute("error.type", error)
                attributes["error.type"] = error
                span.set_status(Status(StatusCode.ERROR))
        self._telemetry.webhook_duration.record(outcome.duration_ms / 1000, attributes)
        return outcome
