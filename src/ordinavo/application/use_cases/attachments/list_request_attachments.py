from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListRequestAttachments:
    """Files a customer sent with a request, for the review queue."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, request_id: UUID, page: PageRequest) -> Page[Attachment]:
        require(actor, Action.REVIEW_REQUESTS)
        if await self._uow.requests.get(request_id) is None:
            raise NotFound("request")
        return await self._uow.attachments.of_request(request_id, page)
