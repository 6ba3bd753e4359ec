from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import Upload, UploadPolicy, check_upload, store_upload
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.application.use_cases.reports.delete_report import remove_files
from ordinavo.domain.attachments import Attachment, storage_key
from ordinavo.domain.requests import RequestStatus
from ordinavo.domain.visibility import PortalSubject

CLOSED = frozenset({RequestStatus.REJECTED, RequestStatus.WITHDRAWN})


class UploadRequestAttachment:
    """A customer adds a file (a photo of the fault, say) to a request they may submit on."""

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

    async def __call__(
        self, subject: PortalSubject, request_id: UUID, upload: Upload
    ) -> Attachment:
        check_upload(upload, self._policy)
        request = await visible_request(self._uow, subject, request_id)
        if not subject.may_see(request.customer_id, request.location_id, needs="submit_requests"):
            raise Forbidden("Your access does not include submitting requests.")
        if request.status in CLOSED:
            raise NotFound("request")  # nothing more can be added to a closed request
        attachment_id = self._ids.new_id()
        key = storage_key(subject.tenant_id, request.customer_id, attachment_id)
        stored = await store_upload(self._storage, key, upload, self._policy)
        attachment = Attachment(
            id=attachment_id,
            tenant_id=subject.tenant_id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            report_id=None,
            request_id=request.id,
            file_name=stored.file_name,
            media_type=stored.media_type,
            size=stored.size,
            checksum_sha256=stored.checksum_sha256,
            storage_key=key,
            uploaded_by_type="portal_user",
            uploaded_by_id=subject.user_id,
            uploaded_at=self._clock.now(),
        )
        try:
            await self._uow.attachments.add(attachment)
            self._recorder.record(
                self._uow,
                subject,
                "attachment.added",
                subject_type="attachment",
                subject_id=attachment.id,
                customer_id=attachment.customer_id,
                location_id=attachment.location_id,
                payload={"requestId": str(request.id), "size": stored.size},
            )
            await self._uow.commit()
        except BaseException:
            await remove_files(self._storage, [key])
            raise
        return attachment
