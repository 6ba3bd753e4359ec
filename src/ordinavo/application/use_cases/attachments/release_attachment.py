from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.attachments._shared import (
    record,
    visible_attachment_and_work,
)
from ordinavo.domain import publication
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.identity import Actor


class ReleaseAttachment:
    """Release one report file for the portal (shown while its report is published)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, attachment_id: UUID) -> Attachment:
        require(actor, Action.PUBLISH_TO_PORTAL)
        attachment, work_id = await visible_attachment_and_work(self._uow, actor, attachment_id)
        if publication.release(attachment, actor.id, self._clock.now()):
            await self._uow.attachments.save(attachment)
            record(self._recorder, self._uow, actor, "attachment.released", attachment, work_id)
            await self._uow.commit()
        return attachment
