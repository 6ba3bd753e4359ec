from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import (
    FileOwner,
    Filing,
    Upload,
    UploadPolicy,
    check_upload,
    keep_upload,
)
from ordinavo.application.use_cases.reports._shared import visible_report
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.identity import Actor


class UploadReportAttachment:
    """Add a file to a report. It is stored under a generated key and stays internal until it
    is released."""

    def __init__(
        self,
        uow: UnitOfWork,
        storage: FileStorage,
        policy: UploadPolicy,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._policy = policy
        self._filing = Filing(storage, policy, clock, ids, recorder)

    async def __call__(self, actor: Actor, report_id: UUID, upload: Upload) -> Attachment:
        require(actor, Action.WRITE_REPORTS)
        check_upload(upload, self._policy)  # refuse a bad name or type before reading bytes
        report = await visible_report(self._uow, actor, report_id)
        if not sees_all_work(actor) and report.author_id != actor.id:
            raise Forbidden("Only the author may add files to this report.")
        owner = FileOwner(
            tenant_id=report.tenant_id,
            customer_id=report.customer_id,
            location_id=report.location_id,
            report_id=report.id,
            work_id=report.target_id,
        )
        return await keep_upload(self._uow, self._filing, actor, owner, upload)
