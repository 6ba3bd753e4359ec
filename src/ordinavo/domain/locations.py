"""Locations: the sites of a customer where work happens."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.customers import Customer
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.revisions import revise
from ordinavo.domain.values import Coordinates


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class LocationStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True)
class LocationDetails:
    name: str
    address_line: str
    city: str
    country: str
    postal_code: str | None = None
    coordinates: Coordinates | None = None
    access_notes: str | None = None
    parking_notes: str | None = None
    default_work_minutes: int | None = None
    default_priority: Priority = Priority.NORMAL
    time_zone: str | None = None  # IANA name; visit times in mails are given in it

    def validated(self) -> LocationDetails:
        minutes = self.default_work_minutes
        if minutes is not None and not 1 <= minutes <= 24 * 60:
            raise RuleViolation(
                "defaultWorkMinutes must be between 1 and 1440.", field="defaultWorkMinutes"
            )
        return dataclasses.replace(
            self,
            name=values.text(self.name, "name", max_length=200),
            address_line=values.text(self.address_line, "addressLine", max_length=200),
            city=values.text(self.city, "city", max_length=100),
            country=values.country(self.country) or "",
            postal_code=values.optional_text(self.postal_code, "postalCode", max_length=20),
            access_notes=values.long_text(self.access_notes, "accessNotes", max_length=2000),
            parking_notes=values.long_text(self.parking_notes, "parkingNotes", max_length=2000),
            default_priority=Priority(self.default_priority),
            time_zone=values.time_zone(self.time_zone, "timeZone"),
        )


@dataclass(slots=True)
class Location:
    id: UUID
    tenant_id: UUID
    customer_id: UUID
    details: LocationDetails
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    @classmethod
    def establish(
        cls, *, id: UUID, customer: Customer, details: LocationDetails, now: datetime
    ) -> Location:
        """A location belongs to exactly one customer, and so to that customer's tenant."""
        customer.ensure_accepts_new_records()
        return cls(
            id=id,
            tenant_id=customer.tenant_id,
            customer_id=customer.id,
            details=details.validated(),
            created_at=now,
            updated_at=now,
        )

    @property
    def status(self) -> LocationStatus:
        return LocationStatus.ARCHIVED if self.archived_at else LocationStatus.ACTIVE

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def revise(self, changes: Mapping[str, object], now: datetime) -> list[str]:
        if self.is_archived:
            raise RuleViolation("An archived location cannot be changed.")
        revised, changed = revise(self.details, changes)
        if changed:
            self.details = revised
            self.updated_at = now
        return changed

    def archive(self, now: datetime) -> None:
        if self.is_archived:
            raise RuleViolation("The location is already archived.")
        self.archived_at = now
        self.updated_at = now
