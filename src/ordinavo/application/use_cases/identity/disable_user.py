from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor, InternalUser


class DisableUser:
    """Disabling a user also ends every token the user holds."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> InternalUser:
        require(actor, Action.MANAGE_USERS)
        if user_id == actor.id:
            raise Conflict("You cannot disable your own account.")
        user = await self._uow.users.get(user_id)
        if user is None:
            raise NotFound("user")
        now = self._clock.now()
        user.disable(now)
        await self._uow.users.save(user)
        await self._uow.access_tokens.revoke_all_of_user(user.id, now)
        self._recorder.record(
            self._uow, actor, "user.disabled", subject_type="user", subject_id=user.id
        )
        await self._uow.commit()
        return user
