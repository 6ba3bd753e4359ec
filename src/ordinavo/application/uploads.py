"""Storing an upload: checked name and type, size limit and checksum while it streams.

Nothing is buffered beyond the first bytes needed to check the declared type; a file over the
limit is refused mid-stream and leaves nothing in storage.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.errors import Conflict, PayloadTooLarge
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain import attachments
from ordinavo.domain.attachments import (
    BY_PORTAL_USER,
    BY_STAFF,
    Attachment,
    FileTooLarge,
    UploadMeter,
    storage_key,
)
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.identity import Actor
from ordinavo.domain.visibility import PortalSubject

log = logging.getLogger("ordinavo.retention")

DEFAULT_MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class UploadPolicy:
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class Upload:
    file_name: str | None
    content_type: str | None
    chunks: AsyncIterable[bytes]
    declared_size: int | None = None  # Content-Length, when the client sent one


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_name: str
    media_type: str
    size: int
    checksum_sha256: str


def check_upload(upload: Upload, policy: UploadPolicy) -> tuple[str, str]:
    """The file's name and type, checked before a byte is stored."""
    name = attachments.file_name(upload.file_name)
    kind = attachments.media_type(upload.content_type)
    if upload.declared_size is not None and upload.declared_size > policy.max_bytes:
        raise PayloadTooLarge(policy.max_bytes)
    return name, kind


async def store_upload(
    storage: FileStorage, key: str, upload: Upload, policy: UploadPolicy
) -> StoredFile:
    name, kind = check_upload(upload, policy)
    meter = UploadMeter(kind, policy.max_bytes)

    async def checked() -> AsyncIterator[bytes]:
        held: list[bytes] = []  # only until the first bytes have shown the type
        type_checked = False
        async for chunk in upload.chunks:
            meter.feed(chunk)
            if type_checked:
                yield chunk
                continue
            held.append(chunk)
            if meter.sampled:
                meter.check_content()
                type_checked = True
                for part in held:
                    yield part
                held = []
        if not type_checked:
            if meter.size == 0:
                raise InvalidValue("The file is empty.", field="file")
            meter.check_content()
            for part in held:
                yield part

    try:
        await storage.put(key, checked())
    except FileTooLarge as error:
        raise PayloadTooLarge(policy.max_bytes) from error
    return StoredFile(name, kind, meter.size, meter.checksum)


@dataclass(frozen=True, slots=True)
class FileOwner:
    """What a new file belongs to: a report (and its work) or a request (and, for staff, one
    of their replies on it), at one customer."""

    tenant_id: UUID
    customer_id: UUID
    location_id: UUID | None
    report_id: UUID | None = None
    request_id: UUID | None = None
    work_id: UUID | None = None
    comment_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Filing:
    """What keeping a file needs besides the unit of work."""

    storage: FileStorage
    policy: UploadPolicy
    clock: Clock
    ids: IdGenerator
    recorder: ChangeRecorder


async def keep_upload(
    uow: UnitOfWork,
    filing: Filing,
    uploader: Actor | PortalSubject,
    owner: FileOwner,
    upload: Upload,
) -> Attachment:
    """Store the bytes under a generated key, then record the file in one commit. If the
    commit fails, the stored bytes go too: no row, no file."""
    attachment_id = filing.ids.new_id()
    key = storage_key(owner.tenant_id, owner.customer_id, attachment_id)
    stored = await store_upload(filing.storage, key, upload, filing.policy)
    by_type, by_id = (
        (BY_PORTAL_USER, uploader.user_id)
        if isinstance(uploader, PortalSubject)
        else (BY_STAFF, uploader.id)
    )
    attachment = Attachment(
        id=attachment_id,
        tenant_id=owner.tenant_id,
        customer_id=owner.customer_id,
        location_id=owner.location_id,
        report_id=owner.report_id,
        request_id=owner.request_id,
        file_name=stored.file_name,
        media_type=stored.media_type,
        size=stored.size,
        checksum_sha256=stored.checksum_sha256,
        storage_key=key,
        uploaded_by_type=by_type,
        uploaded_by_id=by_id,
        uploaded_at=filing.clock.now(),
        comment_id=owner.comment_id,
    )
    owners = {
        "reportId": owner.report_id,
        "requestId": owner.request_id,
        "commentId": owner.comment_id,
    }
    try:
        await uow.attachments.add(attachment)
        filing.recorder.record(
            uow,
            uploader,
            "attachment.added",
            subject_type="attachment",
            subject_id=attachment.id,
            customer_id=attachment.customer_id,
            location_id=attachment.location_id,
            payload={k: str(v) for k, v in owners.items() if v} | {"size": stored.size},
            work_id=owner.work_id,
        )
        await uow.commit()
    except BaseException:
        await remove_files(filing.storage, [key], uow, filing.clock)
        raise
    return attachment


async def remove_files(
    storage: FileStorage, keys: list[str], uow: UnitOfWork, clock: Clock
) -> None:
    """After the commit: a row pointing at a deleted file would be a broken download, so the
    rows go first. A file whose delete fails is kept in the tenant's backlog, which the
    retention job retries: no row points at it any more, so nothing else would find it."""
    failed = []
    for key in keys:
        try:
            await storage.delete(key)
        except OSError:
            failed.append(key)
    if failed:
        log.warning("A stored file could not be removed; the retention job will retry it.")
        await _keep_for_retry(uow, clock, failed)


async def remove_files_under(
    storage: FileStorage, prefix: str, uow: UnitOfWork, clock: Clock
) -> None:
    """After the commit, like `remove_files`: every stored file under a prefix."""
    try:
        await storage.delete_prefix(prefix)
    except OSError:
        log.warning("Stored files could not be removed; the retention job will retry them.")
        await _keep_for_retry(uow, clock, [f"{prefix}/"])  # the trailing '/' marks a prefix


async def _keep_for_retry(uow: UnitOfWork, clock: Clock, keys: list[str]) -> None:
    """In a short transaction of its own: the one that removed the rows has committed, or
    failed (`keep_upload`), and nothing of it may ride along. Best effort: failing to record
    must not turn a done deletion into an error for the caller."""
    try:
        await uow.rollback()
        now = clock.now()
        for key in keys:
            await uow.file_removals.add(key, now)
        await uow.commit()
    except Conflict:
        pass  # a concurrent failure recorded the same key: one row is all the retry needs
    except Exception:
        log.exception("A failed file removal could not be recorded; the file is orphaned.")
        try:
            await uow.rollback()
        except Exception:
            log.exception("Rolling back the failed record failed too.")
