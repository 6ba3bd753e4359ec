from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import Forbidden, NotFound
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
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.domain.attachments import Attachment
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
        self._policy = policy
        self._filing = Filing(storage, policy, clock, ids, recorder)

    async def __call__(
        self, subject: PortalSubject, request_id: UUID, upload: Upload
    ) -> Attachment:
        check_upload(upload, self._policy)
        request = await visible_request(self._uow, subject, request_id)
        if not subject.may_see(request.customer_id, request.location_id, needs="submit_requests"):
            raise Forbidden("Your access does not include submitting requests.")
        if request.status in CLOSED:
            raise NotFound("request")  # nothing more can be added to a closed request
        owner = FileOwner(
            tenant_id=subject.tenant_id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            request_id=request.id,
        )
        return await keep_upload(self._uow, self._filing, subject, owner, upload)
