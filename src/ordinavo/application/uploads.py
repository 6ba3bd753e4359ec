"""Storing an upload: checked name and type, size limit and checksum while it streams.

Nothing is buffered beyond the first bytes needed to check the declared type; a file over the
limit is refused mid-stream and leaves nothing in storage.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from ordinavo.application.errors import PayloadTooLarge
from ordinavo.application.ports.storage import FileStorage
from ordinavo.domain import attachments
from ordinavo.domain.attachments import FileTooLarge, UploadMeter
from ordinavo.domain.errors import InvalidValue

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
