from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.reports import PortalDownload
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.published_reports import SEE_REPORTS
from ordinavo.domain.attachments import shown_on_portal
from ordinavo.domain.visibility import PortalSubject


class DownloadMyAttachment:
    """A released file of a published report the subject may see, or a file shown with a
    request the subject may see (attachments.shown_on_portal), streamed from storage.

    Disabled for the tenant, unreleased, withdrawn, unpublished, not shown, out of scope or
    missing: all the same 'not found'. Visible, but the grant lacks the download flag at the
    file's place: 'forbidden' (the same switch and permission for both kinds of file).
    Every download is recorded.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        tenants: TenantDirectory,
        storage: FileStorage,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._tenants = tenants
        self._storage = storage
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, subject: PortalSubject, attachment_id: UUID
    ) -> tuple[PortalDownload, AsyncIterator[bytes]]:
        tenant = await self._tenants.get(subject.tenant_id)
        if tenant is None or not tenant.settings.portal_attachments_enabled:
            raise NotFound("file")
        found = await self._uow.portal_reports.released_file(
            subject.scope(needs=SEE_REPORTS), attachment_id
        ) or await self._request_file(subject, attachment_id)
        if found is None:
            raise NotFound("file")
        if not subject.may_see(found.customer_id, found.location_id, needs="download_attachments"):
            raise Forbidden("Your access does not include downloading files.")
        if await self._storage.size(found.storage_key) is None:
            raise NotFound("file")
        await self._uow.attachments.record_download(
            id=self._ids.new_id(),
            attachment_id=found.attachment_id,
            portal_user_id=subject.user_id,
            at=self._clock.now(),
        )
        self._recorder.audit_only(
            self._uow,
            subject,
            "attachment.downloaded",
            object_type="attachment",
            object_id=found.attachment_id,
        )
        await self._uow.commit()
        return found, self._storage.read(found.storage_key)

    async def _request_file(
        self, subject: PortalSubject, attachment_id: UUID
    ) -> PortalDownload | None:
        attachment = await self._uow.attachments.get(attachment_id)
        if attachment is None or attachment.request_id is None:
            return None
        request = await self._uow.requests.get(attachment.request_id)
        if request is None or not subject.may_see(request.customer_id, request.location_id):
            return None
        reply = (
            await self._uow.request_comments.get(attachment.comment_id)
            if attachment.comment_id
            else None
        )
        if reply is not None and reply.request_id != request.id:
            reply = None
        if not shown_on_portal(attachment, reply.internal if reply else None):
            return None
        return PortalDownload(
            attachment_id=attachment.id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            file_name=attachment.file_name,
            media_type=attachment.media_type,
            size=attachment.size,
            storage_key=attachment.storage_key,
        )
