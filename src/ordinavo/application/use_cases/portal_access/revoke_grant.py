from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Grant
from ordinavo.domain.security_events import SecurityEventKind


class RevokeGrant:
    """Revoking a grant ends the user's open sessions; they log in again with what is left."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, grant_id: UUID) -> Grant:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        grant = await self._uow.grants.get(grant_id)
        if grant is None:
            raise NotFound("grant")
        now = self._clock.now()
        grant.revoke(now)
        await self._uow.grants.save(grant)
        ended = await self._uow.portal_sessions.revoke_all_of_user(
            grant.portal_user_id, now, "grant_revoked"
        )
        self._recorder.record(
            self._uow,
            actor,
            "portal_grant.revoked",
            subject_type="portal_grant",
            subject_id=grant.id,
            customer_id=grant.customer_id,
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.GRANT_REVOKED,
            portal_user_id=grant.portal_user_id,
            actor_id=actor.id,
        )
        if ended:
            self._recorder.security(
                self._uow,
                SecurityEventKind.SESSION_REVOKED,
                portal_user_id=grant.portal_user_id,
                actor_id=actor.id,
            )
        await self._uow.commit()
        return grant
