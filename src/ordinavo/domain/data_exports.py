"""Self-service exports: a portal user's own data as one document, offered for a day.

The document is kept only while it is offered: once expired, reading it finds nothing, and the
stored bytes are removed (by the next read or the worker's sweep), so a copy of a person's data
does not linger in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

EXPORT_LIFETIME = timedelta(hours=24)


class ExportState(StrEnum):
    PENDING = "pending"  # waiting for the worker
    READY = "ready"
    EXPIRED = "expired"


@dataclass(slots=True)
class DataExport:
    id: UUID
    tenant_id: UUID
    portal_user_id: UUID
    requested_at: datetime
    ready_at: datetime | None = None
    expires_at: datetime | None = None
    document: bytes | None = None

    @classmethod
    def start(cls, *, id: UUID, tenant_id: UUID, portal_user_id: UUID, now: datetime) -> DataExport:
        return cls(id=id, tenant_id=tenant_id, portal_user_id=portal_user_id, requested_at=now)

    def state(self, now: datetime) -> ExportState:
        if self.ready_at is None:
            return ExportState.PENDING
        if self.expires_at is None or now >= self.expires_at or self.document is None:
            return ExportState.EXPIRED
        return ExportState.READY

    def complete(self, document: bytes, now: datetime) -> None:
        self.document = document
        self.ready_at = now
        self.expires_at = now + EXPORT_LIFETIME

    def discard(self) -> None:
        """Past its expiry: the bytes go, the dates stay to answer "expired"."""
        self.document = None
