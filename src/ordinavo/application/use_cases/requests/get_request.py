from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.requests._shared import load
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.requests import PortalRequest


class GetRequest:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, request_id: UUID) -> PortalRequest:
        require(actor, Action.REVIEW_REQUESTS)
        return await load(self._uow, request_id)
