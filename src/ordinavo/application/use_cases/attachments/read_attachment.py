from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.use_cases.attachments._shared import visible_attachment
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.identity import Actor


class ReadAttachment:
    """Staff download: the file's record and a stream of its bytes."""

    def __init__(self, uow: UnitOfWork, storage: FileStorage) -> None:
        self._uow = uow
        self._storage = storage

    async def __call__(
        self, actor: Actor, attachment_id: UUID
    ) -> tuple[Attachment, AsyncIterator[bytes]]:
        require(actor, Action.READ_REPORTS)
        attachment = await visible_attachment(self._uow, actor, attachment_id)
        if await self._storage.size(attachment.storage_key) is None:
            raise NotFound("attachment")
        return attachment, self._storage.read(attachment.storage_key)
