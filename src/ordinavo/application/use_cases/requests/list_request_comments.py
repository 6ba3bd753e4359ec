from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.requests._shared import load
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.requests import RequestComment


class ListRequestComments:
    """The whole conversation on a request, internal comments included, for staff."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, request_id: UUID, page: PageRequest
    ) -> Page[RequestComment]:
        require(actor, Action.REVIEW_REQUESTS)
        request = await load(self._uow, request_id)
        return await self._uow.request_comments.list(request.id, page, with_internal=True)
