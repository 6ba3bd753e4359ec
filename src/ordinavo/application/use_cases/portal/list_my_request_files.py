from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyRequestFiles:
    """The files of a request the subject may see: what the customer's side sent, and what
    staff attached to their replies (never a file of an internal comment)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, subject: PortalSubject, request_id: UUID, page: PageRequest
    ) -> Page[Attachment]:
        request = await visible_request(self._uow, subject, request_id)
        return await self._uow.attachments.shown_on_portal(request.id, page)
