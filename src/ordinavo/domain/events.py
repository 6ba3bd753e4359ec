"""Domain events: facts written in the same transaction as the change they describe."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """A change that matters. The payload is small and never holds free text or secrets."""

    id: UUID
    tenant_id: UUID
    type: str
    occurred_at: datetime
    subject_type: str
    subject_id: UUID
    customer_id: UUID | None = None
    location_id: UUID | None = None
    actor_type: str | None = None
    actor_id: UUID | None = None
    work_id: UUID | None = None  # the target (work) the event is about, if any
    payload: dict[str, str | int | bool | list[str] | None] = field(default_factory=dict)
