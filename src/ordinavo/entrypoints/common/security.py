"""Deny by default: every route needs an authenticated actor unless it is marked public."""

from __future__ import annotations

from typing import Any

from dishka import Provider, Scope, provide
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.use_cases.identity.authenticate import Authenticate
from ordinavo.domain.identity import Actor

PUBLIC = {"public": True}


def bearer_secret(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


class InternalActorProvider(Provider):
    """The internal app's actor: a staff access token or an integration API key."""

    @provide(scope=Scope.REQUEST)
    async def actor(self, request: Request, authenticate: Authenticate) -> Actor:
        return await authenticate(bearer_secret(request))


async def require_actor(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """App-wide guard. Resolving the actor authenticates; the result is cached for the request."""
    if handler.opt.get("public"):
        return
    container = connection.state.get("dishka_container")
    if container is None:
        raise NotAuthenticated()
    await container.get(Actor)
