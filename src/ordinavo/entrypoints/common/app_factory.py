"""What both Litestar apps share: problems, deny-by-default, docs, request ids, the container."""

from __future__ import annotations

import gc
import importlib.resources
import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from dishka import AsyncContainer
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.connection import ASGIConnection
from litestar.exceptions import ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import OpenAPI, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp, Receive, Scope, Send

from ordinavo.adapters.persistence.request_context import current_request_id
from ordinavo.entrypoints.common.forwarded import BehindProxy
from ordinavo.entrypoints.common.health import health, ready
from ordinavo.entrypoints.common.injection import InjectingRouter, setup_lazy_dishka
from ordinavo.entrypoints.common.logs import PRINCIPAL, current_app, litestar_logging
from ordinavo.entrypoints.common.openapi import (
    document_problems,
    document_security,
    document_uploads,
    operation_id,
)
from ordinavo.entrypoints.common.problems import EXCEPTION_HANDLERS
from ordinavo.entrypoints.common.security import Guard, require_json_body
from ordinavo.entrypoints.common.telemetry import Telemetry

access_log = logging.getLogger("ordinavo.access")


REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_from(headers: Sequence[tuple[bytes, bytes]]) -> str:
    """The caller's X-Request-ID when it is short and plain (it goes into logs and audit
    entries as it is), else a new one."""
    for name, value in headers:
        if name == b"x-request-id":
            inbound = value.decode("latin-1")
            if REQUEST_ID.fullmatch(inbound):
                return inbound
            break
    # Not a secret, only unique: 128 random bits from the process's generator (reseeded after a
    # fork) cost a fraction of uuid4's system call, on every request.
    return f"{random.getrandbits(128):032x}"


def settle_heap() -> None:
    """Once started, set what start-up built (routes, schemas, SQL constructs: hundreds of
    thousands of objects that live as long as the app) aside from the cyclic garbage
    collector. Otherwise every full collection walks all of them while requests wait:
    measured under load on the portal list, full collections of up to 174 ms (the p99 of
    ~100-200 ms), and at most 16 ms with them set aside."""
    gc.collect()
    gc.freeze()


def unsettle_heap() -> None:
    # Several apps may start and stop in one process (tests): what they leave is collectable.
    gc.unfreeze()


class RequestContext:
    """Pure ASGI, around the whole app (routing included, so 404s and 405s pass through it):
    resolves the client behind a trusted proxy, gives each request an id for logs and audit
    entries, echoes it back, and writes the access log line.

    The access log names the route template, never the raw path: paths may carry one-time
    tokens (invitation links), and those must not reach the logs.
    """

    def __init__(self, app: ASGIApp, *, app_name: str, trusted_proxies: Sequence[str]) -> None:
        self.app = BehindProxy(app, trusted_proxies)
        self.app_name = app_name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope["headers"])
        request_token = current_request_id.set(request_id)
        app_token = current_app.set(self.app_name)
        started = time.perf_counter()
        status = 500
        echoed = (b"x-request-id", request_id.encode())

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = with_security_headers(message.get("headers", ()), echoed)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            current_request_id.reset(request_token)
            current_app.reset(app_token)
            if access_log.isEnabledFor(logging.INFO):
                self.log(scope, request_id, status, (time.perf_counter() - started) * 1000)

    def log(self, scope: Any, request_id: str, status: int, duration_ms: float) -> None:
        tenant, kind, principal = scope.get("state", {}).get(PRINCIPAL) or (None, None, None)
        route = scope.get("path_template") or "(no route)"
        method = scope.get("method")
        # The record made here and handed on, as Logger.info would, minus its walk up the stack
        # for the caller's file and line (the same on every line: this method's).
        record = access_log.makeRecord(
            access_log.name,
            logging.INFO,
            __file__,
            _LOG_LINE,
            ACCESS_LINE,
            (
                method,
                route,
                status,
                duration_ms,
                request_id,
                self.app_name,
                tenant or "-",
                kind or "-",
                principal or "-",
            ),
            None,
            "log",
            {
                "access": {
                    "app": self.app_name,
                    "request_id": request_id,
                    "tenant": tenant,
                    "principal_kind": kind,
                    "principal_id": principal,
                    "route": route,
                    "method": method,
                    "status": status,
                    "duration_ms": round(duration_ms, 1),
                }
            },
        )
        access_log.handle(record)


ACCESS_LINE = "%s %s %s %.1fms request_id=%s app=%s tenant=%s principal=%s:%s"
_LOG_LINE = RequestContext.log.__code__.co_firstlineno

# On every response, problems and unmatched paths included; a header the response set itself
# (a download's own Cache-Control) is kept.
SECURITY_HEADERS = (
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    # One-time links travel in URLs; never leak them to another site through Referer.
    (b"referrer-policy", b"no-referrer"),
)


def with_security_headers(headers: Any, echoed: tuple[bytes, bytes]) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    return [
        *headers,
        *(header for header in SECURITY_HEADERS if header[0] not in present),
        echoed,
    ]


DOCS_ASSETS = "/schema/assets"


def docs_page() -> SwaggerRenderPlugin:
    """The docs page at /schema loads its viewer from the app itself (a pinned, packaged copy
    of Swagger UI 5), so it works without internet access."""
    return SwaggerRenderPlugin(
        js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
        favicon="",
        path="/",
    )


def docs_assets() -> Any:
    static = importlib.resources.files("swagger_ui") / "static"
    return create_static_files_router(
        path=DOCS_ASSETS,
        directories=[str(static)],
        include_in_schema=False,
        name="docs-assets",
    )


def closed_schemas() -> dict[str, type[msgspec.Struct] | None]:
    """Every msgspec Struct that forbids unknown fields (all request bodies), by name; None for
    a name two Structs share, since the document cannot say which one it means."""
    found: dict[str, type[msgspec.Struct]] = {}
    shared: set[str] = set()
    pending = list(msgspec.Struct.__subclasses__())
    while pending:
        struct = pending.pop()
        pending.extend(struct.__subclasses__())
        if (
            getattr(struct, "__struct_config__", None)
            and struct.__struct_config__.forbid_unknown_fields
        ):
            if struct.__name__ in found and found[struct.__name__] is not struct:
                shared.add(struct.__name__)
            found[struct.__name__] = struct
    return {name: None if name in shared else struct for name, struct in found.items()}


def operations(app: Litestar, marked: str) -> set[tuple[str, str]]:
    """(method, documented path) of every route whose handler is marked so in its opt
    ("public": no credentials needed; "upload": a raw file body)."""
    found = set()
    for route in app.routes:
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for handler in getattr(route, "route_handlers", []):
            if handler.opt.get(marked) or (marked == "public" and path in ("/health", "/ready")):
                found |= {(method.lower(), path) for method in handler.http_methods}
    return found


class QueryParameters:
    """The query parameters each route takes, so an unknown one is refused instead of ignored.

    A silently ignored filter (`customer_id` for `customerId`) answers with the unfiltered list,
    which the client takes for the filtered one.

    Keyed by route and function, not by function alone: one handler may be mounted at several
    routes that take different parameters (the portal's reads in staff previews, where only the
    contact preview takes the proposed grant). Litestar hands guards a copy of the handler, so
    the handler object itself is no key.
    """

    def __init__(self) -> None:
        self._by_route: dict[tuple[str, Any], frozenset[str]] = {}

    def learn(self, app: Litestar) -> None:
        for route in app.routes:
            for handler, kwargs_model in getattr(route, "route_handler_map", {}).values():
                names = frozenset(p.field_alias for p in kwargs_model.expected_query_params)
                self._by_route[route.path_format, handler.fn] = names

    async def guard(
        self, connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        if not connection.scope.get("query_string"):
            return
        route = connection.scope.get("path_template", "")
        known = self._by_route.get((route, handler.fn), frozenset())
        unknown = sorted(set(connection.query_params) - known)
        if unknown:
            takes = ", ".join(sorted(known)) or "no query parameters"
            raise ValidationException(
                f"unknown query parameter {unknown[0]!r}; this route takes: {takes}.",
                extra=[
                    {"key": name, "message": "not a query parameter of this route"}
                    for name in unknown
                ],
            )


def build_app(
    *,
    title: str,
    description: str,
    container: AsyncContainer,
    handlers: Sequence[Any],
    max_body_bytes: int,
    public_paths: set[str],
    authenticate: Guard,
    extra_guards: Sequence[Guard] = (),
    app_name: str,
    trusted_proxies: Sequence[str] = (),
    debug: bool = False,
    log_level: str = "info",
    log_format: str = "text",
    describe: Callable[[OpenAPI], None] | None = None,
    security_schemes: dict[str, SecurityScheme] | None = None,
    telemetry: Telemetry | None = None,
) -> Litestar:
    # Whatever server runs the app (granian, uvicorn, a test client), ORDINAVO_LOG_LEVEL
    # decides what the application logs; "warning" drops the per-request access lines.
    logging.getLogger("ordinavo").setLevel(log_level.upper())
    # Every handler of ours sits under this router, so the guard covers all of them.
    query_parameters = QueryParameters()
    # Unknown parameters are checked after authentication: an anonymous caller learns nothing
    # about a protected route, not even which filters it takes.
    chain = (*extra_guards, require_json_body, authenticate, query_parameters.guard)

    async def every_guard(request: Any) -> None:
        # The one guard, run by Litestar as the router's before-request hook: like a guard,
        # before the request's parameters and body are read, and for every handler below.
        # Not as a guard: Litestar copies the route handler for each guard it calls (a
        # third of `/health`'s own cost), for guards that might change it; ours do not.
        handler = request.scope["route_handler"]
        for guard in chain:
            await guard(request, handler)

    router = InjectingRouter(
        "/", route_handlers=[health, ready, *handlers], before_request=every_guard
    )

    async def close_container() -> None:
        await container.close()

    def on_startup(app: Litestar) -> None:
        query_parameters.learn(app)
        openapi = app.plugins.get(OpenAPIPlugin).provide_openapi()
        document_security(openapi, security_schemes or {}, operations(app, "public"))
        document_uploads(openapi, operations(app, "upload"))
        document_problems(app, public_paths | {"/health", "/ready"}, closed_schemas())
        if describe is not None:
            describe(app.plugins.get(OpenAPIPlugin).provide_openapi())
        settle_heap()

    app = Litestar(
        route_handlers=[router, docs_assets()],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=max_body_bytes,
        openapi_config=OpenAPIConfig(
            title=title,
            version="1.0.0",
            description=description,
            path="/schema",
            render_plugins=[docs_page()],
            operation_id_creator=operation_id,
        ),
        on_startup=[on_startup],
        on_shutdown=[close_container, unsettle_heap],
        debug=debug,
        logging_config=litestar_logging(log_format),
    )
    setup_lazy_dishka(container, app)
    handler = app.asgi_handler
    if telemetry is not None:
        # Where Litestar's OpenTelemetry plugin would put it (around the router), inside the
        # request context: spans see the resolved client and the request id.
        handler = telemetry.instrument_asgi(handler)
        app.on_shutdown.append(telemetry.close)
    # Around the router, not as app middleware: Litestar runs app middleware only for a
    # matched route, and unmatched paths and wrong methods belong in the access log too.
    app.asgi_handler = RequestContext(handler, app_name=app_name, trusted_proxies=trusted_proxies)
    return app
