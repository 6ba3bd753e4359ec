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


class EndUserSessions:
    """A tenant admin ends every token of a staff user without disabling the account: the
    user signs in again. Returns how many ended."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> int:
        require(actor, Action.MANAGE_USERS)
        user = await self._uow.users.get(user_id)
        if user is None:
            raise NotFound("user")
        ended = await self._uow.access_tokens.revoke_all_of_user(user.id, self._clock.now())
        self._recorder.record(
            self._uow, actor, "user.sessions_ended", subject_type="user", subject_id=user.id
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.SESSIONS_ENDED,
            internal_user_id=user.id,
            actor_id=actor.id,
        )
        await self._uow.commit()
        return ended
