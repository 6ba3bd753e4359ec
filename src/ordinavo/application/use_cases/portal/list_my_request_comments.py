from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.domain.attachments import Attachment, shown_on_portal
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.requests import RequestComment
from ordinavo.domain.visibility import PortalSubject


@dataclass(frozen=True, slots=True)
class CommentWithFiles:
    comment: RequestComment
    files: list[Attachment]


class ListMyRequestComments:
    """The conversation on a request, without the staff's internal comments; each reply with
    the files staff attached to it."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, subject: PortalSubject, request_id: UUID, page: PageRequest
    ) -> Page[CommentWithFiles]:
        request = await visible_request(self._uow, subject, request_id)
        found = await self._uow.request_comments.list(request.id, page, with_internal=False)
        files = await self._uow.attachments.on_comments([c.id for c in found.items])
        return Page(
            [
                CommentWithFiles(
                    c, [f for f in files.get(c.id, []) if shown_on_portal(f, c.internal)]
                )
                for c in found.items
            ],
            found.next_after,
        )
