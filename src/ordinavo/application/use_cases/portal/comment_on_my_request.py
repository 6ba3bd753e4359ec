from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.domain.requests import CommentAuthor, RequestComment
from ordinavo.domain.visibility import PortalSubject


class CommentOnMyRequest:
    """A customer writes to the service team on a request they can see."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject, request_id: UUID, body: str) -> RequestComment:
        request = await visible_request(self._uow, subject, request_id)
        comment = RequestComment.write(
            id=self._ids.new_id(),
            request=request,
            author=CommentAuthor.CUSTOMER,
            author_id=subject.user_id,
            body=body,
            internal=False,
            now=self._clock.now(),
        )
        await self._uow.request_comments.add(comment)
        self._recorder.record(
            self._uow,
            subject,
            "request.commented",
            subject_type="request",
            subject_id=request.id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            payload={"by": "customer"},
        )
        await self._uow.commit()
        return comment
