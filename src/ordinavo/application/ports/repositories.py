"""Repositories. Each is built for one tenant, so no query can leave the tenant out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from ordinavo.application.ports.connect import ConnectRepository
from ordinavo.application.ports.erasure import CustomerErasure
from ordinavo.application.ports.exports import DataExportRepository
from ordinavo.application.ports.mail import MailOutbox, NotificationPreferenceRepository
from ordinavo.application.ports.portal import (
    GrantRepository,
    InvitationRepository,
    PartnerRelationRepository,
    PasswordResetRepository,
    PortalLocationReader,
    PortalSessionRepository,
    PortalUserRepository,
    SecurityEventLog,
)
from ordinavo.application.ports.recurring import RecurringPlanRepository
from ordinavo.application.ports.reports import (
    AttachmentRepository,
    BillingTriggerRepository,
    FollowUpRepository,
    PortalReportReader,
    VisitReportRepository,
)
from ordinavo.application.ports.requests import (
    IdempotencyKeys,
    PortalRequestReader,
    RequestCommentRepository,
    RequestRepository,
)
from ordinavo.application.ports.retention import RetentionStore
from ordinavo.application.ports.storage import FileRemovalBacklog
from ordinavo.application.ports.timeline import CustomerTimelineReader, PortalTimelineReader
from ordinavo.application.ports.webhooks import (
    WebhookDeliveryRepository,
    WebhookEndpointRepository,
)
from ordinavo.application.ports.work import (
    AppointmentRepository,
    CalendarFeedRepository,
    PortalWorkReader,
    StatusLabelRepository,
    TargetRepository,
)
from ordinavo.domain.access import RecordScope
from ordinavo.domain.audit import AuditEntry, AuditQuery
from ordinavo.domain.contacts import Contact, ContactStatus
from ordinavo.domain.customers import Customer, CustomerStatus
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.identity import AccessToken, Actor, ApiKey, InternalUser
from ordinavo.domain.locations import Location, LocationStatus
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.tenants import Tenant


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    scope: RecordScope = RecordScope.everything()  # noqa: RUF009 (frozen value)
    status: CustomerStatus | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class LocationFilter:
    scope: RecordScope = RecordScope.everything()  # noqa: RUF009 (frozen value)
    customer_id: UUID | None = None
    status: LocationStatus | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class ContactFilter:
    customer_scope: RecordScope = RecordScope.everything()  # noqa: RUF009 (frozen value)
    contact_scope: RecordScope = RecordScope.everything()  # noqa: RUF009 (frozen value)
    customer_id: UUID | None = None
    location_id: UUID | None = None
    status: ContactStatus | None = None
    search: str | None = None


class CustomerRepository(Protocol):
    async def add(self, customer: Customer) -> None: ...

    async def get(self, customer_id: UUID) -> Customer | None: ...

    async def save(self, customer: Customer) -> None: ...

    async def number_taken(
        self, customer_number: str, *, except_id: UUID | None = None
    ) -> bool: ...

    async def list(self, page: PageRequest, where: CustomerFilter) -> Page[Customer]: ...


class LocationRepository(Protocol):
    async def add(self, location: Location) -> None: ...

    async def get(self, location_id: UUID) -> Location | None: ...

    async def save(self, location: Location) -> None: ...

    async def list(self, page: PageRequest, where: LocationFilter) -> Page[Location]: ...


class ContactRepository(Protocol):
    async def add(self, contact: Contact) -> None: ...

    async def get(self, contact_id: UUID) -> Contact | None: ...

    async def save(self, contact: Contact) -> None: ...

    async def list(self, page: PageRequest, where: ContactFilter) -> Page[Contact]: ...


class UserRepository(Protocol):
    async def add(self, user: InternalUser) -> None: ...

    async def get(self, user_id: UUID) -> InternalUser | None: ...

    async def find_by_email(self, email: str) -> InternalUser | None: ...

    async def save(self, user: InternalUser) -> None: ...

    async def list(self, page: PageRequest) -> Page[InternalUser]: ...

    async def active_with_roles(self, roles: frozenset[str]) -> list[InternalUser]:
        """Users not disabled whose role is one of these (role values)."""
        ...


class AccessTokenRepository(Protocol):
    async def add(self, token: AccessToken) -> None: ...

    async def revoke(self, token_id: UUID, at: datetime) -> None: ...

    async def revoke_all_of_user(
        self, user_id: UUID, at: datetime, *, except_id: UUID | None = None
    ) -> int:
        """End every open token of the user; returns how many were open."""
        ...


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> None: ...

    async def get(self, key_id: UUID) -> ApiKey | None: ...

    async def save(self, key: ApiKey) -> None: ...

    async def list(self, page: PageRequest) -> Page[ApiKey]: ...


class EventLog(Protocol):
    def append(self, event: DomainEvent) -> None:
        """Queue the event in the current transaction; it is written with the commit."""
        ...

    async def list(self, page: PageRequest) -> Page[DomainEvent]: ...

    async def mark_dispatched(self, event_ids: list[UUID], at: datetime) -> None:
        """Every consumer (webhooks, ...) has handled these events."""
        ...


class AuditTrail(Protocol):
    def record(self, entry: AuditEntry) -> None: ...

    async def list(
        self, page: PageRequest, where: AuditQuery = AuditQuery()
    ) -> Page[AuditEntry]: ...


class UnitOfWork(Protocol):
    """One transaction over one tenant's data. Nothing is kept unless the use case commits."""

    tenant_id: UUID
    customers: CustomerRepository
    locations: LocationRepository
    contacts: ContactRepository
    users: UserRepository
    access_tokens: AccessTokenRepository
    api_keys: ApiKeyRepository
    events: EventLog
    audit: AuditTrail
    portal_users: PortalUserRepository
    invitations: InvitationRepository
    grants: GrantRepository
    partners: PartnerRelationRepository
    portal_sessions: PortalSessionRepository
    password_resets: PasswordResetRepository
    security_events: SecurityEventLog
    portal_locations: PortalLocationReader
    targets: TargetRepository
    appointments: AppointmentRepository
    status_labels: StatusLabelRepository
    calendar_feeds: CalendarFeedRepository
    portal_work: PortalWorkReader
    requests: RequestRepository
    request_comments: RequestCommentRepository
    idempotency_keys: IdempotencyKeys
    reports: VisitReportRepository
    attachments: AttachmentRepository
    follow_ups: FollowUpRepository
    billing_triggers: BillingTriggerRepository
    portal_reports: PortalReportReader
    customer_timeline: CustomerTimelineReader
    portal_timeline: PortalTimelineReader
    webhook_endpoints: WebhookEndpointRepository
    webhook_deliveries: WebhookDeliveryRepository
    mails: MailOutbox
    notification_preferences: NotificationPreferenceRepository
    recurring_plans: RecurringPlanRepository
    retention: RetentionStore
    data_exports: DataExportRepository
    file_removals: FileRemovalBacklog
    erasure: CustomerErasure
    connect: ConnectRepository

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class PortalReads(Protocol):
    """The portal's list readers for one tenant on its hot path: each read is one statement of
    its own, without a unit of work (nothing is written), and still under the row-level
    security backstop. The same readers, with the same SQL, as the unit of work's."""

    portal_work: PortalWorkReader
    portal_reports: PortalReportReader
    portal_timeline: PortalTimelineReader
    portal_locations: PortalLocationReader
    portal_requests: PortalRequestReader


class PortalReadsFactory(Protocol):
    def for_tenant(self, tenant_id: UUID) -> PortalReads: ...


class UnitOfWorkFactory(Protocol):
    def for_tenant(self, tenant_id: UUID) -> UnitOfWork: ...

    async def commit(self) -> None:
        """Commit writes made before any tenant is known (login throttles, rate limits)."""
        ...


@dataclass(frozen=True, slots=True)
class InternalPrincipal:
    """Who a bearer secret of the internal API names, as one statement read it, before it is
    checked: the actor it would be (with its tenant's access switches) and what ends it."""

    actor: Actor
    revoked_at: datetime | None  # of the access token or the API key
    expires_at: datetime | None = None  # an access token's; an API key does not expire
    user_disabled_at: datetime | None = None  # the token's user's; an API key has no user

    def is_valid_at(self, now: datetime) -> bool:
        """The same rules as AccessToken.is_valid_at, InternalUser.is_active, ApiKey.is_active."""
        return (
            self.revoked_at is None
            and self.user_disabled_at is None
            and (self.expires_at is None or now < self.expires_at)
        )


class InternalCredentialReader(Protocol):
    """The principal behind an access token's or API key's digest, in one statement, before
    the tenant is known (and without a unit of work: nothing is written). Read afresh on every
    request, so a revoked token or key, or a disabled user, is refused at once."""

    async def read(self, digest: str) -> InternalPrincipal | None: ...


class TenantDirectory(Protocol):
    """The few lookups that happen before the tenant is known."""

    async def find_by_slug(self, slug: str) -> Tenant | None: ...

    async def get(self, tenant_id: UUID) -> Tenant | None: ...

    async def all(self) -> list[Tenant]:
        """Every tenant, by slug (the tenants table is not tenant-owned)."""
        ...

    async def add(self, tenant: Tenant) -> None: ...

    async def save(self, tenant: Tenant) -> None: ...

    async def remove(self, tenant_id: UUID) -> None:
        """Delete the tenant and, through the database's cascades, everything it owns."""
        ...

    async def is_ready(self) -> bool: ...
