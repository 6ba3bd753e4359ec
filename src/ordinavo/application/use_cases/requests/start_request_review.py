from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.requests._shared import load, record
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.requests import PortalRequest


class StartRequestReview:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, request_id: UUID) -> PortalRequest:
        require(actor, Action.REVIEW_REQUESTS)
        request = await load(self._uow, request_id)
        request.start_review(actor.id, self._clock.now())
        await self._uow.requests.save(request)
        record(self._recorder, self._uow, actor, "request.review_started", request)
        await self._uow.commit()
        return request
