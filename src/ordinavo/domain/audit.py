"""Audit entries: who did what to which object, when, and with what result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class AuditResult(StrEnum):
    SUCCEEDED = "succeeded"
    DENIED = "denied"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """No free text, no secrets: only identifiers and an action name."""

    id: UUID
    tenant_id: UUID
    occurred_at: datetime
    actor_type: str
    actor_id: UUID | None
    action: str
    object_type: str
    object_id: UUID | None
    result: AuditResult
    request_id: str | None = None
