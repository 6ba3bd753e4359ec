"""The internal app's principal: a staff access token or an integration API key."""

from __future__ import annotations

from uuid import UUID

from dishka import Provider, Scope, provide
from litestar import Request

from ordinavo.application.use_cases.identity.authenticate import Authenticate
from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.entrypoints.common.security import bearer_secret


class InternalActorProvider(Provider):
    @provide(scope=Scope.REQUEST)
    async def actor(self, request: Request, authenticate: Authenticate) -> Actor:
        # Only the Authorization header: a portal cookie never authenticates here.
        return await authenticate(bearer_secret(request))


def identify_actor(actor: Actor) -> tuple[UUID, str, UUID]:
    """For the access log: a staff user by user id, an integration by its key's id."""
    kind = "staff_user" if actor.kind is ActorKind.USER else "api_key"
    return actor.tenant_id, kind, actor.id
