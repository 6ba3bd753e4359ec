from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.requests import RequestComment
from ordinavo.domain.visibility import PortalSubject


class ListMyRequestComments:
    """The conversation on a request, without the staff's internal comments."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, subject: PortalSubject, request_id: UUID, page: PageRequest
    ) -> Page[RequestComment]:
        request = await visible_request(self._uow, subject, request_id)
        return await self._uow.request_comments.list(request.id, page, with_internal=False)
