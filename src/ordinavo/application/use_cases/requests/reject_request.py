from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.requests._shared import load, record
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.requests import CommentAuthor, PortalRequest, RequestComment


class RejectRequest:
    """Decline with a reason written for the customer; an internal note stays with staff."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, request_id: UUID, reason: str, internal_comment: str | None = None
    ) -> PortalRequest:
        require(actor, Action.REVIEW_REQUESTS)
        request = await load(self._uow, request_id)
        now = self._clock.now()
        request.reject(actor.id, reason, now)
        await self._uow.requests.save(request)
        if internal_comment:
            await self._uow.request_comments.add(
                RequestComment.write(
                    id=self._ids.new_id(),
                    request=request,
                    author=CommentAuthor.STAFF,
                    author_id=actor.id,
                    body=internal_comment,
                    internal=True,
                    now=now,
                )
            )
        record(self._recorder, self._uow, actor, "request.rejected", request)
        await self._uow.commit()
        return request
