from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.visibility import ensure_sees_target
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.work import Target


class GetTarget:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, target_id: UUID) -> Target:
        require(actor, Action.READ_WORK)
        return await ensure_sees_target(self._uow, actor, await self._uow.targets.get(target_id))
