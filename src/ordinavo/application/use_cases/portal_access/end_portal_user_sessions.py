from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.security_events import SecurityEventKind


class EndPortalUserSessions:
    """Staff who manage portal access end every session of a portal user without disabling
    the account: the user signs in again. Returns how many ended."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> int:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        user = await self._uow.portal_users.get(user_id)
        if user is None:
            raise NotFound("portal user")
        ended = await self._uow.portal_sessions.revoke_all_of_user(
            user.id, self._clock.now(), "ended_by_staff"
        )
        self._recorder.record(
            self._uow,
            actor,
            "portal_user.sessions_ended",
            subject_type="portal_user",
            subject_id=user.id,
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.SESSIONS_ENDED,
            portal_user_id=user.id,
            actor_id=actor.id,
        )
        await self._uow.commit()
        return ended
