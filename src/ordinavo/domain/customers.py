"""Customers: the businesses or organisations a tenant serves."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.revisions import revise
from ordinavo.domain.values import ExternalReference


class CustomerStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    INACTIVE = "inactive"
    ARCHIVED = "archived"


class CustomerType(StrEnum):
    BUSINESS = "business"
    PUBLIC_SECTOR = "public_sector"
    NON_PROFIT = "non_profit"
    PRIVATE = "private"


@dataclass(frozen=True, slots=True)
class CustomerDetails:
    """Everything about a customer that staff edit. Validated as a whole on every change."""

    name: str
    customer_number: str
    status: CustomerStatus = CustomerStatus.ACTIVE
    type: CustomerType = CustomerType.BUSINESS
    industry: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    external_references: tuple[ExternalReference, ...] = ()
    internal_notes: str | None = None

    def validated(self) -> CustomerDetails:
        if self.status is CustomerStatus.ARCHIVED:
            raise RuleViolation("Archive a customer with the archive action.", field="status")
        number = values.text(self.customer_number, "customerNumber", max_length=40)
        if not all(ch.isalnum() or ch in "-_./" for ch in number):
            raise RuleViolation(
                "customerNumber may hold only letters, digits and - _ . /", field="customerNumber"
            )
        website = values.optional_text(self.website, "website", max_length=200)
        if website and not website.startswith(("https://", "http://")):
            raise RuleViolation("website must start with https:// or http://", field="website")
        return dataclasses.replace(
            self,
            name=values.text(self.name, "name", max_length=200),
            customer_number=number,
            status=CustomerStatus(self.status),
            type=CustomerType(self.type),
            industry=values.optional_text(self.industry, "industry", max_length=100),
            email=values.email(self.email),
            phone=values.phone(self.phone, "phone"),
            website=website,
            internal_notes=values.long_text(self.internal_notes, "internalNotes"),
        )


@dataclass(slots=True)
class Customer:
    id: UUID
    tenant_id: UUID
    details: CustomerDetails
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    @classmethod
    def register(
        cls, *, id: UUID, tenant_id: UUID, details: CustomerDetails, now: datetime
    ) -> Customer:
        return cls(
            id=id, tenant_id=tenant_id, details=details.validated(), created_at=now, updated_at=now
        )

    @property
    def status(self) -> CustomerStatus:
        return CustomerStatus.ARCHIVED if self.archived_at else self.details.status

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def revise(self, changes: Mapping[str, object], now: datetime) -> list[str]:
        """Apply a partial change; returns the names of the fields that really changed."""
        if self.is_archived:
            raise RuleViolation("An archived customer cannot be changed.")
        revised, changed = revise(self.details, changes)
        if changed:
            self.details = revised
            self.updated_at = now
        return changed

    def archive(self, now: datetime) -> None:
        if self.is_archived:
            raise RuleViolation("The customer is already archived.")
        self.archived_at = now
        self.updated_at = now

    def ensure_accepts_new_records(self) -> None:
        if self.is_archived:
            raise RuleViolation("An archived customer cannot receive new locations or contacts.")
