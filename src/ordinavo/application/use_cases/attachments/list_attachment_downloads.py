from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.attachments._shared import visible_attachment
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import AttachmentDownload
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListAttachmentDownloads:
    """Who on the portal downloaded a file and when, newest first: for staff who may see the
    file (a customer asking "did you send it?" and a reviewer asking "who has it?")."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, attachment_id: UUID, page: PageRequest
    ) -> Page[AttachmentDownload]:
        require(actor, Action.READ_REPORTS)
        attachment = await visible_attachment(self._uow, actor, attachment_id)
        return await self._uow.attachments.downloads_of(attachment.id, page)
