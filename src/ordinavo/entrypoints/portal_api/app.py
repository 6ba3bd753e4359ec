"""The customer portal app. Default port 8001. It shares no route with the internal app.

In this version it serves only health and its own API documentation; portal sessions and the
portal's views arrive with the portal-access capability.
"""

from __future__ import annotations

from dishka import Provider, Scope, provide
from litestar import Litestar

from ordinavo.application.errors import NotAuthenticated
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.app_factory import build_app
from ordinavo.entrypoints.ioc import make_container
from ordinavo.entrypoints.settings import Settings

DESCRIPTION = """Customer portal API of Ordinavo. Invited customer contacts see only what their
grants allow. Errors are RFC 9457 problem documents."""


class NoInternalActorProvider(Provider):
    """Internal credentials never authenticate on the portal."""

    @provide(scope=Scope.REQUEST)
    def actor(self) -> Actor:
        raise NotAuthenticated()


def create_portal_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    container = make_container(settings, NoInternalActorProvider())
    return build_app(
        title="Ordinavo customer portal API",
        description=DESCRIPTION,
        container=container,
        handlers=[],
        max_body_bytes=min(settings.max_body_bytes, 256_000),
        public_paths=set(),
    )
