"""Contact persons: people at a customer. A contact is not an Ordinavo user."""

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
from ordinavo.domain.locations import Location
from ordinavo.domain.revisions import revise


class ContactMethod(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    MOBILE = "mobile"


class Language(StrEnum):
    ENGLISH = "en"
    GERMAN = "de"
    ARABIC = "ar"


class ContactStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True)
class ContactDetails:
    name: str
    role: str | None = None
    department: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    preferred_contact_method: ContactMethod = ContactMethod.EMAIL
    preferred_language: Language = Language.ENGLISH

    def validated(self) -> ContactDetails:
        revised = dataclasses.replace(
            self,
            name=values.text(self.name, "name", max_length=200),
            role=values.optional_text(self.role, "role", max_length=100),
            department=values.optional_text(self.department, "department", max_length=100),
            email=values.email(self.email),
            phone=values.phone(self.phone, "phone"),
            mobile=values.phone(self.mobile, "mobile"),
            preferred_contact_method=ContactMethod(self.preferred_contact_method),
            preferred_language=Language(self.preferred_language),
        )
        channel = {
            ContactMethod.EMAIL: revised.email,
            ContactMethod.PHONE: revised.phone,
            ContactMethod.MOBILE: revised.mobile,
        }[revised.preferred_contact_method]
        if channel is None:
            raise RuleViolation(
                f"The preferred contact method is {revised.preferred_contact_method.value}, "
                "but that channel is not filled in.",
                field="preferredContactMethod",
            )
        return revised


@dataclass(slots=True)
class Contact:
    id: UUID
    tenant_id: UUID
    customer_id: UUID
    location_id: UUID | None
    details: ContactDetails
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    @staticmethod
    def _check_location(customer_id: UUID, location: Location | None) -> None:
        if location is not None and location.customer_id != customer_id:
            raise RuleViolation(
                "The contact's location must belong to the contact's customer.",
                field="locationId",
            )

    @classmethod
    def add(
        cls,
        *,
        id: UUID,
        customer: Customer,
        location: Location | None,
        details: ContactDetails,
        now: datetime,
    ) -> Contact:
        customer.ensure_accepts_new_records()
        cls._check_location(customer.id, location)
        return cls(
            id=id,
            tenant_id=customer.tenant_id,
            customer_id=customer.id,
            location_id=location.id if location else None,
            details=details.validated(),
            created_at=now,
            updated_at=now,
        )

    @property
    def status(self) -> ContactStatus:
        return ContactStatus.ARCHIVED if self.archived_at else ContactStatus.ACTIVE

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def revise(self, changes: Mapping[str, object], now: datetime) -> list[str]:
        if self.is_archived:
            raise RuleViolation("An archived contact cannot be changed.")
        revised, changed = revise(self.details, changes)
        if changed:
            self.details = revised
            self.updated_at = now
        return changed

    def move_to(self, location: Location | None, now: datetime) -> bool:
        if self.is_archived:
            raise RuleViolation("An archived contact cannot be changed.")
        self._check_location(self.customer_id, location)
        new_id = location.id if location else None
        if new_id == self.location_id:
            return False
        self.location_id = new_id
        self.updated_at = now
        return True

    def archive(self, now: datetime) -> None:
        if self.is_archived:
            raise RuleViolation("The contact is already archived.")
        self.archived_at = now
        self.updated_at = now
