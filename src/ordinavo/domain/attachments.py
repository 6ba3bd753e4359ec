"""Attachments: files on a visit report or a portal request.

A file's name is what the uploader called it, checked so that it can never reach a header or a
path in a harmful form; its storage key is generated. The declared type must match the bytes.

A request's files on the portal (`shown_on_portal`): whoever may see the request (the visibility
policy: a grant on its customer, or on its location) sees the files the customer's side uploaded
to it, whichever of the customer's contacts sent them, and the files staff attached to a reply
the customer can read. A file staff attached to an internal comment, or to nothing the customer
sees, is never shown. Such a file is downloaded like a released report file: only while the
tenant lets portal users download files, and only with a grant that allows downloading files
at the request's place (it is listed without that permission; the download is then forbidden).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.requests import CommentAuthor, RequestComment

MAX_FILE_NAME = 200
SNIFF_BYTES = 512

# Types the product accepts, each with the signature its first bytes must carry.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
ACCEPTED_TYPES = frozenset({*_SIGNATURES, "image/webp", "text/plain"})


def file_name(raw: str | None) -> str:
    """The uploader's name for the file, refused if it could do harm anywhere it is shown."""
    if raw is None or not raw.strip():
        raise InvalidValue("Give the file a name.", field="fileName")
    name = unicodedata.normalize("NFC", raw.strip())
    if len(name) > MAX_FILE_NAME:
        raise InvalidValue(
            f"The file name may be at most {MAX_FILE_NAME} characters.", field="fileName"
        )
    if "/" in name or "\\" in name:
        raise InvalidValue("The file name must not contain a path.", field="fileName")
    # Cc: control characters (NUL, CR, LF...); Cf: format characters such as the
    # right-to-left override that makes "exe.pdf" look like "fdp.exe".
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise InvalidValue(
            "The file name must not contain control or text-direction characters.",
            field="fileName",
        )
    if name in (".", "..") or name.startswith("."):
        raise InvalidValue("The file name must not start with a dot.", field="fileName")
    return name


def media_type(declared: str | None) -> str:
    kind = (declared or "").split(";", 1)[0].strip().lower()
    if kind not in ACCEPTED_TYPES:
        raise InvalidValue(
            "Files of this type are not accepted. Send PDF, PNG, JPEG, GIF, WebP or plain text.",
            field="contentType",
        )
    return kind


def content_matches(kind: str, head: bytes) -> bool:
    """Do the first bytes of the file fit its declared type?"""
    if kind in _SIGNATURES:
        return head.startswith(_SIGNATURES[kind])
    if kind == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind == "text/plain":
        if b"\x00" in head or any(head.startswith(sig) for s in _SIGNATURES.values() for sig in s):
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            return error.start >= len(head) - 3
        return True
    return False


class FileTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The file is larger than {limit} bytes.")
        self.limit = limit


class ContentMismatch(InvalidValue):
    def __init__(self, kind: str) -> None:
        super().__init__(f"The file's content is not of the declared type {kind}.", field="file")


@dataclass(slots=True)
class UploadMeter:
    """Counts, hashes and samples a file while it streams past, enforcing the size limit."""

    kind: str
    limit: int
    size: int = 0
    head: bytes = b""
    _hash: hashlib._Hash = field(default_factory=hashlib.sha256)

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise FileTooLarge(self.limit)
        self._hash.update(chunk)
        if len(self.head) < SNIFF_BYTES:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]

    @property
    def sampled(self) -> bool:
        return len(self.head) >= SNIFF_BYTES

    def check_content(self) -> None:
        if not content_matches(self.kind, self.head):
            raise ContentMismatch(self.kind)

    @property
    def checksum(self) -> str:
        return self._hash.hexdigest()


@dataclass(slots=True)
class Attachment:
    """Belongs to exactly one visit report or one portal request; a file staff add to a request
    hangs on one of their replies (`comment_id`)."""

    id: UUID
    tenant_id: UUID
    customer_id: UUID
    location_id: UUID | None
    report_id: UUID | None
    request_id: UUID | None
    file_name: str
    media_type: str
    size: int
    checksum_sha256: str
    storage_key: str
    uploaded_by_type: str  # "user" or "portal_user"
    uploaded_by_id: UUID
    uploaded_at: datetime
    released_at: datetime | None = None
    released_by: UUID | None = None
    comment_id: UUID | None = None

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def from_customer(self) -> bool:
        return self.uploaded_by_type == BY_PORTAL_USER


BY_STAFF = "user"
BY_PORTAL_USER = "portal_user"


def shown_on_portal(attachment: Attachment, reply_internal: bool | None) -> bool:
    """Is a request's file shown to those who may see the request? `reply_internal` is the
    internal flag of the comment the file hangs on (None: no comment, or none found)."""
    if attachment.request_id is None:
        return False
    if attachment.comment_id is None:
        return attachment.from_customer
    return reply_internal is False


def check_reply_takes_file(reply: RequestComment) -> None:
    """Staff attach files only to their own side's replies the customer reads."""
    if reply.author is not CommentAuthor.STAFF:
        raise RuleViolation("Files go on the service team's replies, not the customer's.")
    if reply.internal:
        raise RuleViolation("Files go on replies the customer reads; this comment is internal.")


def storage_key(tenant_id: UUID, customer_id: UUID, attachment_id: UUID) -> str:
    """Generated, never from user input; grouped by tenant and customer so that removing
    either removes its files by prefix."""
    return f"{customers_files(tenant_id, customer_id)}/{attachment_id}"


def customers_files(tenant_id: UUID, customer_id: UUID) -> str:
    """The prefix every stored file of one customer is kept under."""
    return f"{tenant_id}/{customer_id}"


@dataclass(frozen=True, slots=True)
class AttachmentDownload:
    """One portal download of a file: who and when (the download log staff read)."""

    id: UUID
    attachment_id: UUID
    portal_user_id: UUID
    portal_user_name: str
    downloaded_at: datetime
