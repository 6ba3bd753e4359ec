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
from ordinavo.domain.visibility import PortalSubject


class DownloadMyAttachment:
    """A released file of a published report the subject may see, streamed from storage.

    Disabled for the tenant, unreleased, withdrawn, unpublished, out of scope or missing: all
    the same 'not found'. Visible, but the grant lacks the download flag: 'forbidden'.
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
        )
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
