from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.requests._shared import load
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.requests import CommentAuthor, RequestComment


class CommentOnRequest:
    """Staff answer the customer, or leave an internal comment the portal never shows."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, request_id: UUID, body: str, *, internal: bool
    ) -> RequestComment:
        require(actor, Action.REVIEW_REQUESTS)
        request = await load(self._uow, request_id)
        comment = RequestComment.write(
            id=self._ids.new_id(),
            request=request,
            author=CommentAuthor.STAFF,
            author_id=actor.id,
            body=body,
            internal=internal,
            now=self._clock.now(),
        )
        await self._uow.request_comments.add(comment)
        self._recorder.record(
            self._uow,
            actor,
            "request.commented",
            subject_type="request",
            subject_id=request.id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            payload={"by": "staff", "internal": internal},
        )
        await self._uow.commit()
        return comment
