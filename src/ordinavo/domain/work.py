"""Targets: units of operational work for a customer, and the state machine they move through."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.locations import Location, Priority
from ordinavo.domain.revisions import revise
from ordinavo.domain.values import ExternalReference


class TargetStatus(StrEnum):
    OPEN = "open"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Origin(StrEnum):
    PORTAL_REQUEST = "portal_request"
    IMPORT = "import"
    RECURRING_VISIT = "recurring_visit"
    MANUAL = "manual"


# Which status may follow which. Completed and cancelled work is closed for good.
TARGET_MOVES: dict[TargetStatus, frozenset[TargetStatus]] = {
    TargetStatus.OPEN: frozenset(
        {
            TargetStatus.PLANNED,
            TargetStatus.IN_PROGRESS,
            TargetStatus.ON_HOLD,
            TargetStatus.CANCELLED,
        }
    ),
    TargetStatus.PLANNED: frozenset(
        {
            TargetStatus.OPEN,
            TargetStatus.IN_PROGRESS,
            TargetStatus.ON_HOLD,
            TargetStatus.COMPLETED,
            TargetStatus.CANCELLED,
        }
    ),
    TargetStatus.IN_PROGRESS: frozenset(
        {TargetStatus.ON_HOLD, TargetStatus.COMPLETED, TargetStatus.CANCELLED}
    ),
    TargetStatus.ON_HOLD: frozenset(
        {TargetStatus.OPEN, TargetStatus.PLANNED, TargetStatus.IN_PROGRESS, TargetStatus.CANCELLED}
    ),
    TargetStatus.COMPLETED: frozenset(),
    TargetStatus.CANCELLED: frozenset(),
}

ACTIVE_TARGET_STATUSES = frozenset(
    {TargetStatus.OPEN, TargetStatus.PLANNED, TargetStatus.IN_PROGRESS, TargetStatus.ON_HOLD}
)


@dataclass(frozen=True, slots=True)
class TargetDetails:
    """What staff may change on a target with a plain edit (status has its own moves)."""

    title: str
    priority: Priority = Priority.NORMAL
    due_date: date | None = None
    external_reference: ExternalReference | None = None
    internal_notes: str | None = None
    billing_details: str | None = None

    def validated(self) -> TargetDetails:
        return dataclasses.replace(
            self,
            title=values.text(self.title, "title", max_length=200),
            priority=Priority(self.priority),
            internal_notes=values.long_text(self.internal_notes, "internalNotes"),
            billing_details=values.long_text(
                self.billing_details, "billingDetails", max_length=2000
            ),
        )

    @property
    def billing_applies(self) -> bool:
        """Work is billed when it carries billing details; readers who may not see the text
        still learn this much (the "limited" billing view)."""
        return self.billing_details is not None


@dataclass(slots=True)
class Target:
    id: UUID
    tenant_id: UUID
    customer_id: UUID
    location_id: UUID | None
    contact_id: UUID | None
    details: TargetDetails
    origin: Origin
    status: TargetStatus
    created_at: datetime
    updated_at: datetime
    assigned_employee_id: UUID | None = None
    closed_at: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        customer: Customer,
        location: Location | None,
        contact: Contact | None,
        details: TargetDetails,
        origin: Origin,
        now: datetime,
    ) -> Target:
        """Work belongs to one customer; its location and contact must be that customer's."""
        customer.ensure_accepts_new_records()
        if location is not None:
            ensure_location_of(customer.id, location)
        if contact is not None:
            if contact.customer_id != customer.id:
                raise RuleViolation("The contact belongs to another customer.", field="contactId")
            if contact.is_archived:
                raise RuleViolation("The contact is archived.", field="contactId")
        return cls(
            id=id,
            tenant_id=customer.tenant_id,
            customer_id=customer.id,
            location_id=location.id if location else None,
            contact_id=contact.id if contact else None,
            details=details.validated(),
            origin=Origin(origin),
            status=TargetStatus.OPEN,
            created_at=now,
            updated_at=now,
        )

    @property
    def is_closed(self) -> bool:
        return self.status in (TargetStatus.COMPLETED, TargetStatus.CANCELLED)

    def _ensure_open_for_changes(self) -> None:
        if self.is_closed:
            raise RuleViolation(f"The work is {self.status.value} and can no longer change.")

    def revise(self, changes: Mapping[str, object], now: datetime) -> list[str]:
        self._ensure_open_for_changes()
        revised, changed = revise(self.details, changes)
        if changed:
            self.details = revised
            self.updated_at = now
        return changed

    def assign(self, employee_id: UUID | None, now: datetime) -> bool:
        self._ensure_open_for_changes()
        if employee_id == self.assigned_employee_id:
            return False
        self.assigned_employee_id = employee_id
        self.updated_at = now
        return True

    def move_to(self, status: TargetStatus, now: datetime) -> TargetStatus:
        """Follow the state machine; returns the status it left."""
        status = TargetStatus(status)
        if status not in TARGET_MOVES[self.status]:
            raise RuleViolation(
                f"Work that is {self.status.value} cannot become {status.value}.",
                field="status",
            )
        previous = self.status
        self.status = status
        self.updated_at = now
        if self.is_closed:
            self.closed_at = now
        return previous

    def ensure_can_be_planned(self) -> None:
        if self.is_closed:
            raise RuleViolation(f"The work is {self.status.value}; nothing can be planned on it.")


def ensure_location_of(customer_id: UUID, location: Location) -> None:
    if location.customer_id != customer_id:
        raise RuleViolation("The location belongs to another customer.", field="locationId")
    if location.is_archived:
        raise RuleViolation("The location is archived.", field="locationId")
