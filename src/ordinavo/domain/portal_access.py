"""Portal access: invitations, portal users and the grants that say what they may see.

A portal user belongs to one tenant; the same person invited by two tenants has two accounts.
Nobody signs up: an account exists only because staff invited a contact.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.contacts import Contact, Language
from ordinavo.domain.customers import Customer
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.locations import Location


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


class PortalUserStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True)
class Capabilities:
    submit_requests: bool = False
    see_reports: bool = False
    download_attachments: bool = False


@dataclass(slots=True)
class Grant:
    """A whole customer (no locations named) or selected locations of it, plus capabilities."""

    id: UUID
    tenant_id: UUID
    portal_user_id: UUID
    customer_id: UUID
    location_ids: frozenset[UUID]
    capabilities: Capabilities
    created_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def covers_whole_customer(self) -> bool:
        return not self.location_ids

    @staticmethod
    def check_locations(customer_id: UUID, locations: list[Location]) -> frozenset[UUID]:
        for location in locations:
            if location.customer_id != customer_id:
                raise RuleViolation(
                    "Every location of a grant must belong to the grant's customer.",
                    field="locationIds",
                )
        if len(locations) > 200:
            raise RuleViolation("A grant names at most 200 locations.", field="locationIds")
        return frozenset(location.id for location in locations)

    @classmethod
    def give(
        cls,
        *,
        id: UUID,
        portal_user_id: UUID,
        tenant_id: UUID,
        customer_id: UUID,
        locations: list[Location],
        capabilities: Capabilities,
        now: datetime,
    ) -> Grant:
        return cls(
            id=id,
            tenant_id=tenant_id,
            portal_user_id=portal_user_id,
            customer_id=customer_id,
            location_ids=cls.check_locations(customer_id, locations),
            capabilities=capabilities,
            created_at=now,
            updated_at=now,
        )

    def change(
        self,
        *,
        locations: list[Location] | None,
        capabilities: Capabilities | None,
        now: datetime,
    ) -> None:
        if not self.is_active:
            raise RuleViolation("A revoked grant cannot be changed.")
        if locations is not None:
            self.location_ids = self.check_locations(self.customer_id, locations)
        if capabilities is not None:
            self.capabilities = capabilities
        self.updated_at = now

    def revoke(self, now: datetime) -> None:
        if not self.is_active:
            raise RuleViolation("The grant is already revoked.")
        self.revoked_at = now
        self.updated_at = now


def check_grant_customer(
    contact: Contact, own: Customer, customer: Customer, partner_of: Set[UUID]
) -> None:
    """A grant's customer is the contact's own, or one staff recorded the contact as a
    partner of: a grant alone must not let a person of one customer read another's records.

    `own` is the contact's customer (named in the refusal); `partner_of` the customers the
    contact is a recorded partner of."""
    if customer.id == contact.customer_id or customer.id in partner_of:
        return
    name = contact.details.name
    raise RuleViolation(
        f"{name} is a contact of {own.details.name}; a grant on {customer.details.name} "
        f"needs {name} recorded as a partner of {customer.details.name} first.",
        field="customerId",
    )


@dataclass(frozen=True, slots=True)
class PartnerRelation:
    """Staff recorded that a contact also acts for a customer other than its own (a
    facility manager for several owners, say): only then may it hold a grant on that one."""

    id: UUID
    tenant_id: UUID
    contact_id: UUID
    customer_id: UUID
    created_at: datetime
    created_by: UUID

    @classmethod
    def record(
        cls, *, id: UUID, contact: Contact, customer: Customer, by: UUID, now: datetime
    ) -> PartnerRelation:
        if contact.is_archived:
            raise RuleViolation("An archived contact cannot be changed.")
        if customer.id == contact.customer_id:
            raise RuleViolation(
                f"{customer.details.name} is already {contact.details.name}'s own customer.",
                field="customerId",
            )
        return cls(
            id=id,
            tenant_id=contact.tenant_id,
            contact_id=contact.id,
            customer_id=customer.id,
            created_at=now,
            created_by=by,
        )


@dataclass(slots=True)
class PortalUser:
    id: UUID
    tenant_id: UUID
    contact_id: UUID
    email: str
    display_name: str
    language: Language
    created_at: datetime
    password_hash: str | None = None
    activated_at: datetime | None = None
    disabled_at: datetime | None = None

    @classmethod
    def invite(cls, *, id: UUID, contact: Contact, email: str | None, now: datetime) -> PortalUser:
        if contact.is_archived:
            raise RuleViolation("An archived contact cannot be invited.")
        address = values.email(email or contact.details.email)
        if address is None:
            raise RuleViolation("The contact needs an e-mail address to be invited.", field="email")
        return cls(
            id=id,
            tenant_id=contact.tenant_id,
            contact_id=contact.id,
            email=address,
            display_name=contact.details.name,
            language=contact.details.preferred_language,
            created_at=now,
        )

    @property
    def is_active(self) -> bool:
        return self.activated_at is not None and self.disabled_at is None

    @property
    def status(self) -> PortalUserStatus:
        if self.disabled_at is not None:
            return PortalUserStatus.DISABLED
        return PortalUserStatus.ACTIVE if self.activated_at else PortalUserStatus.INVITED

    def activate(self, password_hash: str, now: datetime) -> None:
        if self.disabled_at is not None:
            raise RuleViolation("This portal account is disabled.")
        self.password_hash = password_hash
        self.activated_at = self.activated_at or now

    def disable(self, now: datetime) -> None:
        if self.disabled_at is not None:
            raise RuleViolation("The portal user is already disabled.")
        self.disabled_at = now

    def enable(self) -> None:
        if self.disabled_at is None:
            raise RuleViolation("The portal user is not disabled.")
        self.disabled_at = None


@dataclass(slots=True)
class Invitation:
    """A single-use link. Only the digest of its token is stored."""

    id: UUID
    tenant_id: UUID
    portal_user_id: UUID
    contact_id: UUID
    email: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    invited_by: UUID
    sent_count: int = 1
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def issue(
        cls,
        *,
        id: UUID,
        user: PortalUser,
        token_hash: str,
        valid_days: int,
        invited_by: UUID,
        now: datetime,
    ) -> Invitation:
        return cls(
            id=id,
            tenant_id=user.tenant_id,
            portal_user_id=user.id,
            contact_id=user.contact_id,
            email=user.email,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + timedelta(days=valid_days),
            invited_by=invited_by,
        )

    def status_at(self, now: datetime) -> InvitationStatus:
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if now >= self.expires_at:
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def ensure_usable(self, now: datetime) -> None:
        if self.status_at(now) is not InvitationStatus.PENDING:
            raise InvitationNotUsable()

    def accept(self, now: datetime) -> None:
        self.ensure_usable(now)
        self.accepted_at = now

    def resend(self, token_hash: str, valid_days: int, now: datetime) -> None:
        """A new link; the old one stops working because its digest is replaced."""
        status = self.status_at(now)
        if status in (InvitationStatus.ACCEPTED, InvitationStatus.REVOKED):
            raise RuleViolation(f"An invitation that is {status.value} cannot be re-sent.")
        self.token_hash = token_hash
        self.expires_at = now + timedelta(days=valid_days)
        self.sent_count += 1

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is not None:
            raise RuleViolation("The invitation is already revoked.")
        self.revoked_at = now


class InvitationNotUsable(RuleViolation):
    """Expired, revoked, replaced or used links all look the same from outside."""

    def __init__(self) -> None:
        super().__init__("This invitation link is not valid any more. Ask for a new invitation.")


@dataclass(frozen=True, slots=True)
class PasswordReset:
    id: UUID
    tenant_id: UUID
    portal_user_id: UUID
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


RESET_VALID = timedelta(hours=1)
