from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import Upload, UploadPolicy, check_upload, store_upload
from ordinavo.application.use_cases.reports._shared import visible_report
from ordinavo.application.use_cases.reports.delete_report import remove_files
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.attachments import Attachment, storage_key
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
        self._storage = storage
        self._policy = policy
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, report_id: UUID, upload: Upload) -> Attachment:
        require(actor, Action.WRITE_REPORTS)
        check_upload(upload, self._policy)  # refuse a bad name or type before reading bytes
        report = await visible_report(self._uow, actor, report_id)
        if not sees_all_work(actor) and report.author_id != actor.id:
            raise Forbidden("Only the author may add files to this report.")
        attachment_id = self._ids.new_id()
        key = storage_key(report.tenant_id, report.customer_id, attachment_id)
        stored = await store_upload(self._storage, key, upload, self._policy)
        attachment = Attachment(
            id=attachment_id,
            tenant_id=report.tenant_id,
            customer_id=report.customer_id,
            location_id=report.location_id,
            report_id=report.id,
            request_id=None,
            file_name=stored.file_name,
            media_type=stored.media_type,
            size=stored.size,
            checksum_sha256=stored.checksum_sha256,
            storage_key=key,
            uploaded_by_type="user",
            uploaded_by_id=actor.id,
            uploaded_at=self._clock.now(),
        )
        try:
            await self._uow.attachments.add(attachment)
            self._recorder.record(
                self._uow,
                actor,
                "attachment.added",
                subject_type="attachment",
                subject_id=attachment.id,
                customer_id=attachment.customer_id,
                location_id=attachment.location_id,
                payload={"reportId": str(report.id), "size": stored.size},
                work_id=report.target_id,
            )
            await self._uow.commit()
        except BaseException:
            await remove_files(self._storage, [key])  # no row, no file
            raise
        return attachment
