"""The internal app's principal: a staff access token or an integration API key."""

from __future__ import annotations

from dishka import Provider, Scope, provide
from litestar import Request

from ordinavo.application.use_cases.identity.authenticate import Authenticate
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.security import bearer_secret


class InternalActorProvider(Provider):
    @provide(scope=Scope.REQUEST)
    async def actor(self, request: Request, authenticate: Authenticate) -> Actor:
        # Only the Authorization header: a portal cookie never authenticates here.
        return await authenticate(bearer_secret(request))
