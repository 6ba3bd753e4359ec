from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import remove_files
from ordinavo.application.use_cases.attachments._shared import (
    record,
    visible_attachment_and_work,
)
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor


class DeleteAttachment:
    """Delete a file for good: its record, then the stored bytes."""

    def __init__(
        self, uow: UnitOfWork, storage: FileStorage, recorder: ChangeRecorder, clock: Clock
    ) -> None:
        self._uow = uow
        self._storage = storage
        self._recorder = recorder
        self._clock = clock

    async def __call__(self, actor: Actor, attachment_id: UUID) -> None:
        require(actor, Action.DELETE_RECORDS)
        attachment, work_id = await visible_attachment_and_work(self._uow, actor, attachment_id)
        await self._uow.attachments.remove(attachment.id)
        record(self._recorder, self._uow, actor, "attachment.deleted", attachment, work_id)
        await self._uow.commit()
        await remove_files(self._storage, [attachment.storage_key], self._uow, self._clock)
