"""What both Litestar apps share: problems, deny-by-default, docs, request ids, the container."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from dishka import AsyncContainer
from dishka.integrations.litestar import DishkaRouter, setup_dishka
from litestar import Litestar, Response
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import OpenAPI
from litestar.types import ASGIApp, Receive, Scope, Send

from ordinavo.adapters.persistence.request_context import current_request_id
from ordinavo.entrypoints.common.forwarded import BehindProxy
from ordinavo.entrypoints.common.health import health, ready
from ordinavo.entrypoints.common.openapi import document_problems
from ordinavo.entrypoints.common.problems import EXCEPTION_HANDLERS
from ordinavo.entrypoints.common.security import Guard, require_json_body

access_log = logging.getLogger("ordinavo.access")


class RequestIdMiddleware(ASGIMiddleware):
    """Gives each request an id for logs and audit entries, echoes it back, and logs the request.

    The access log names the route template, never the raw path: paths may carry one-time
    tokens (invitation links), and those must not reach the logs.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request_id = uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await next_app(scope, receive, send_with_id)
        finally:
            current_request_id.reset(token)
            access_log.info(
                "%s %s %s %.1fms request_id=%s",
                scope.get("method"),
                scope.get("path_template") or "(no route)",
                status,
                (time.perf_counter() - started) * 1000,
                request_id,
            )


def closed_schemas() -> set[str]:
    """Names of every msgspec Struct that forbids unknown fields (all request bodies)."""
    found: set[str] = set()
    pending = list(msgspec.Struct.__subclasses__())
    while pending:
        struct = pending.pop()
        pending.extend(struct.__subclasses__())
        if (
            getattr(struct, "__struct_config__", None)
            and struct.__struct_config__.forbid_unknown_fields
        ):
            found.add(struct.__name__)
    return found


async def _no_store(response: Response[Any]) -> Response[Any]:
    # Async on purpose: Litestar runs a sync hook in a worker thread, on every request.
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # One-time links travel in URLs; never leak them to another site through Referer.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


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
    trusted_proxies: Sequence[str] = (),
    debug: bool = False,
    log_level: str = "info",
    describe: Callable[[OpenAPI], None] | None = None,
) -> Litestar:
    # Whatever server runs the app (granian, uvicorn, a test client), ORDINAVO_LOG_LEVEL
    # decides what the application logs; "warning" drops the per-request access lines.
    logging.getLogger("ordinavo").setLevel(log_level.upper())
    # Every handler of ours sits under this router, so the guard covers all of them.
    chain = (*extra_guards, require_json_body, authenticate)

    async def every_guard(connection: Any, handler: Any) -> None:
        # One guard that runs the chain in order: Litestar copies the route handler for each
        # guard it calls, which costs more than the checks themselves.
        for guard in chain:
            await guard(connection, handler)

    router = DishkaRouter("/", route_handlers=[health, ready, *handlers], guards=[every_guard])

    async def close_container() -> None:
        await container.close()

    def on_startup(app: Litestar) -> None:
        document_problems(app, public_paths | {"/health", "/ready"}, closed_schemas())
        if describe is not None:
            describe(app.plugins.get(OpenAPIPlugin).provide_openapi())

    app = Litestar(
        route_handlers=[router],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[RequestIdMiddleware()],
        after_request=_no_store,
        request_max_body_size=max_body_bytes,
        openapi_config=OpenAPIConfig(
            title=title,
            version="1.0.0",
            description=description,
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
        ),
        on_startup=[on_startup],
        on_shutdown=[close_container],
        debug=debug,
    )
    setup_dishka(container, app)
    # Before routing and every middleware, so nothing in the app sees an unresolved client.
    app.asgi_handler = BehindProxy(app.asgi_handler, trusted_proxies)
    return app
