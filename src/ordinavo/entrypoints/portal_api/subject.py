"""The portal app's principal: a portal session from the cookie or a bearer token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from dishka import Provider, Scope, from_context, provide
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.authenticate_portal_user import (
    AuthenticatePortalUser,
)
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.logs import note_principal
from ordinavo.entrypoints.common.security import (
    UNSAFE_METHODS,
    Guard,
    bearer_secret,
    container_to_sign_in,
)
from ordinavo.entrypoints.settings import Settings

COOKIE = "ordinavo_portal"
SECURE_COOKIE = "__Host-ordinavo_portal"


def cookie_name(settings: Settings) -> str:
    """The `__Host-` prefix pins the cookie to this host and path, but needs https."""
    return SECURE_COOKIE if settings.portal_cookie_secure else COOKIE


def session_secret(request: ASGIConnection[Any, Any, Any, Any], settings: Settings) -> str | None:
    return bearer_secret(request) or request.cookies.get(cookie_name(settings))


class PortalSubjectProvider(Provider):
    # Authenticated by the guard below, before anything of the request runs, and handed in.
    principal = from_context(provides=PortalPrincipal, scope=Scope.REQUEST)

    @provide(scope=Scope.REQUEST)
    def subject(self, principal: PortalPrincipal) -> PortalSubject:
        return principal.subject

    @provide(scope=Scope.REQUEST)
    def display(self, principal: PortalPrincipal) -> DisplayPreferences:
        # Read with the principal: a list reads its page and nothing else.
        return principal.display


def require_portal_principal(settings: Settings) -> Guard:
    """Deny by default: a portal route not marked public needs a valid portal session (bearer
    token or cookie). The principal is read here, once per request, and handed to the
    request's container: whatever asks for it, its subject or its display preferences gets
    this one. (Resolved by a dishka factory instead, it cost two lookups through the
    container's scopes on every signed-in request.)"""

    async def guard(
        connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        container = container_to_sign_in(connection, handler)
        if container is None:
            return
        # APP-scoped: built once, then found in the app container's own cache.
        authenticate = await container.app_container.get(AuthenticatePortalUser)
        principal = await authenticate(session_secret(connection, settings))
        container.provide(PortalPrincipal, principal)
        note_principal(connection.scope, principal.tenant_id, "portal_user", principal.user.id)

    return guard


def same_site_only(settings: Settings):  # type: ignore[no-untyped-def]
    """CSRF defence: an unsafe request from another site is refused before anything runs.

    The portal's public origin is always allowed: behind a TLS proxy the request itself may
    read http://internal-host while the browser sends the public https origin."""
    public = urlsplit(settings.portal_public_url)
    configured = {f"{public.scheme}://{public.netloc}", *settings.portal_allowed_origins}

    async def guard(
        connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        if connection.scope.get("method") not in UNSAFE_METHODS:
            return
        headers = connection.headers
        if headers.get("sec-fetch-site", "").lower() == "cross-site":
            raise Forbidden("Cross-site requests are refused.")
        origin = headers.get("origin")
        if origin:
            own = f"{connection.url.scheme}://{connection.url.netloc}"
            if origin.rstrip("/") != own and origin.rstrip("/") not in configured:
                raise Forbidden("Requests from another origin are refused.")

    return guard
