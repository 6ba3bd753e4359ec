"""The portal app's principal: a portal session from the cookie or a bearer token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from dishka import Provider, Scope, provide
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.authenticate_portal_user import (
    AuthenticatePortalUser,
)
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.security import UNSAFE_METHODS, bearer_secret
from ordinavo.entrypoints.settings import Settings

COOKIE = "ordinavo_portal"
SECURE_COOKIE = "__Host-ordinavo_portal"


def cookie_name(settings: Settings) -> str:
    """The `__Host-` prefix pins the cookie to this host and path, but needs https."""
    return SECURE_COOKIE if settings.portal_cookie_secure else COOKIE


def session_secret(request: Request[Any, Any, Any], settings: Settings) -> str | None:
    return bearer_secret(request) or request.cookies.get(cookie_name(settings))


class PortalSubjectProvider(Provider):
    @provide(scope=Scope.REQUEST)
    async def principal(
        self, request: Request, settings: Settings, authenticate: AuthenticatePortalUser
    ) -> PortalPrincipal:
        return await authenticate(session_secret(request, settings))

    @provide(scope=Scope.REQUEST)
    def subject(self, principal: PortalPrincipal) -> PortalSubject:
        return principal.subject

    @provide(scope=Scope.REQUEST)
    def display(self, principal: PortalPrincipal) -> DisplayPreferences:
        # Read with the principal: a list reads its page and nothing else.
        return principal.display


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
