from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import PortalUser
from ordinavo.domain.security_events import SecurityEventKind


class EnablePortalUser:
    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> PortalUser:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        user = await self._uow.portal_users.get(user_id)
        if user is None:
            raise NotFound("portal user")
        user.enable()
        await self._uow.portal_users.save(user)
        self._recorder.record(
            self._uow, actor, "portal_user.enabled", subject_type="portal_user", subject_id=user.id
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.PORTAL_USER_ENABLED,
            portal_user_id=user.id,
            actor_id=actor.id,
        )
        await self._uow.commit()
        return user
