"""Deny by default: every route needs an authenticated principal unless it is marked public."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException
from litestar.handlers import BaseRouteHandler

from ordinavo.application.errors import NotAuthenticated
from ordinavo.entrypoints.common.injection import LazyRequestContainer, request_container
from ordinavo.entrypoints.common.logs import note_principal

PUBLIC = {"public": True}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def bearer_secret(request: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    # Straight from the raw headers: building Litestar's header map for one header cost
    # more than the rest of this function, on every signed-in request.
    raw = next(
        (value for name, value in request.scope["headers"] if name.lower() == b"authorization"),
        None,
    )
    if not raw:
        return None
    scheme, _, value = raw.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


# The principal's tenant, kind (staff_user, api_key, portal_user) and id, for the access log.
Identify = Callable[[Any], tuple[UUID, str, UUID]]


def container_to_sign_in(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> LazyRequestContainer | None:
    """The request's container when the route needs a principal; None for a public route."""
    if handler.opt.get("public"):
        return None
    container = request_container(connection.scope)
    if container is None:
        raise NotAuthenticated()
    return container


def require_principal(principal: type, identify: Identify) -> Guard:
    """A guard that authenticates by resolving the app's principal (cached per request)."""

    async def guard(
        connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        container = container_to_sign_in(connection, handler)
        if container is not None:
            note_principal(connection.scope, *identify(await container.get(principal)))

    return guard


ONE_CLICK_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


async def require_json_body(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """JSON endpoints refuse form and text bodies (a cross-site form cannot send JSON)."""
    if connection.scope.get("method") not in UNSAFE_METHODS or handler.opt.get("upload"):
        return  # uploads are raw bytes of a checked type; the same-site guard still applies
    headers = connection.headers
    has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
    if not has_body:
        return
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if handler.opt.get("one_click") and media_type in ONE_CLICK_TYPES:
        return  # RFC 8058: mail programs post a form; the token in the path is the authority
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise HTTPException(status_code=415, detail="Send the request body as application/json.")
