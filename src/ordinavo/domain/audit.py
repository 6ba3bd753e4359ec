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


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which audit entries to list: every field set narrows; `until` is exclusive."""

    actor_id: UUID | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None

    def matches(self, entry: AuditEntry) -> bool:
        return (
            (self.actor_id is None or entry.actor_id == self.actor_id)
            and (self.action is None or entry.action == self.action)
            and (self.object_type is None or entry.object_type == self.object_type)
            and (self.object_id is None or entry.object_id == self.object_id)
            and (self.since is None or entry.occurred_at >= self.since)
            and (self.until is None or entry.occurred_at < self.until)
        )
