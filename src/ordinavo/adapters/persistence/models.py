"""SQLAlchemy models. They never leave the adapters: repositories map them to domain objects.

Tenant-owned tables carry `tenant_id`, and references between them are composite foreign keys
over (tenant_id, id), so the database itself refuses a location of another tenant's customer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column


class TenantModel(UUIDv7Base):
    __tablename__ = "tenants"

    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    # The retention periods a tenant admin set, by kind (domain/retention.py); others default.
    retention: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    # The access switches set away from their defaults (domain/role_model.py).
    access_switches: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class TenantOwned:
    """Columns every tenant-owned row has."""

    tenant_id: Mapped[UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=False
    )


class InternalUserModel(TenantOwned, UUIDv7Base):
    __tablename__ = "internal_users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email", name="uq_internal_users_tenant_email"),
        UniqueConstraint("tenant_id", "id", name="uq_internal_users_tenant_id"),
    )

    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class AccessTokenModel(TenantOwned, UUIDv7Base):
    __tablename__ = "access_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "user_id"],
            ["internal_users.tenant_id", "internal_users.id"],
            ondelete="CASCADE",
            name="fk_access_tokens_user",
        ),
        Index("ix_access_tokens_tenant_user", "tenant_id", "user_id"),
    )

    user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ApiKeyModel(TenantOwned, UUIDv7Base):
    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_tenant_id", "tenant_id", "id"),)

    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JsonB)
    created_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # The connected system (its key) whose external references the key alone may touch.
    source_system: Mapped[str | None] = mapped_column(String(40))


# The status of a customer the worker is deleting step by step: no read shows the customer,
# nor (TenantScoped._select) any row of it, from the first step on.
DELETING = "deleting"


class CustomerModel(TenantOwned, UUIDv7Base):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_number", name="uq_customers_tenant_number"),
        UniqueConstraint("tenant_id", "id", name="uq_customers_tenant_id"),
        Index("ix_customers_tenant_status_id", "tenant_id", "status", "id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    customer_number: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20))
    industry: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))
    external_references: Mapped[list[dict[str, str]]] = mapped_column(JsonB, default=list)
    internal_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    archived_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class LocationModel(TenantOwned, UUIDv7Base):
    __tablename__ = "locations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_locations_customer",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_locations_tenant_id"),
        Index("ix_locations_tenant_customer_id", "tenant_id", "customer_id", "id"),
    )

    customer_id: Mapped[UUID]
    name: Mapped[str] = mapped_column(String(200))
    address_line: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    access_notes: Mapped[str | None] = mapped_column(Text)
    parking_notes: Mapped[str | None] = mapped_column(Text)
    default_work_minutes: Mapped[int | None] = mapped_column(Integer)
    default_priority: Mapped[str] = mapped_column(String(10))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    archived_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ContactModel(TenantOwned, UUIDv7Base):
    __tablename__ = "contacts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_contacts_customer",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name="fk_contacts_location",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_contacts_tenant_id"),
        Index("ix_contacts_tenant_customer_id", "tenant_id", "customer_id", "id"),
        Index("ix_contacts_tenant_location", "tenant_id", "location_id"),
    )

    customer_id: Mapped[UUID]
    location_id: Mapped[UUID | None]
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100))
    department: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    mobile: Mapped[str | None] = mapped_column(String(40))
    preferred_contact_method: Mapped[str] = mapped_column(String(10))
    preferred_language: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    archived_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class EventModel(TenantOwned, UUIDv7Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_tenant_id", "tenant_id", "id"),
        Index("ix_events_tenant_customer_id", "tenant_id", "customer_id", "id"),
        # Timelines: per customer, location or piece of work, newest first.
        Index("ix_events_customer_time", "tenant_id", "customer_id", "occurred_at", "id"),
        Index("ix_events_location_time", "tenant_id", "location_id", "occurred_at", "id"),
        Index("ix_events_work_time", "tenant_id", "work_id", "occurred_at", "id"),
        # The outbox: events no consumer has handled yet, oldest first.
        Index(
            "ix_events_pending",
            "id",
            postgresql_where=text("dispatched_at IS NULL"),
            sqlite_where=text("dispatched_at IS NULL"),
        ),
    )

    type: Mapped[str] = mapped_column(String(60))
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[UUID]
    customer_id: Mapped[UUID | None]
    location_id: Mapped[UUID | None]
    actor_type: Mapped[str | None] = mapped_column(String(20))
    actor_id: Mapped[UUID | None]
    work_id: Mapped[UUID | None]
    payload: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    # The outbox: set once every consumer (webhooks, ...) has handled the event.
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    dispatch_failures: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntryModel(TenantOwned, UUIDv7Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_tenant_id", "tenant_id", "id"),
        Index("ix_audit_entries_actor", "tenant_id", "actor_id", "id"),
        Index("ix_audit_entries_object", "tenant_id", "object_type", "object_id", "id"),
    )

    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[UUID | None]
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[UUID | None]
    result: Mapped[str] = mapped_column(String(20))
    request_id: Mapped[str | None] = mapped_column(String(64))


class RetentionRunModel(TenantOwned, UUIDv7Base):
    """What one run of the retention job removed of one kind: a count, never content."""

    __tablename__ = "retention_runs"
    __table_args__ = (Index("ix_retention_runs_tenant_id", "tenant_id", "id"),)

    ran_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    kind: Mapped[str] = mapped_column(String(40))
    removed: Mapped[int] = mapped_column(Integer)


# Tables in an order that deletes children before parents.
TENANT_OWNED_TABLES = (
    "import_results",
    "import_jobs",
    "connect_links",
    "connect_value_mappings",
    "connect_sources",
    "pending_file_removals",
    "retention_runs",
    "data_exports",
    "visit_reminders",
    "outgoing_mail",
    "notification_preferences",
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_endpoints",
    "billing_triggers",
    "follow_ups",
    "attachment_downloads",
    "attachments",
    "visit_reports",
    "portal_idempotency_keys",
    "portal_request_comments",
    "portal_requests",
    "calendar_feeds",
    "status_label_overrides",
    "appointments",
    "targets",
    "security_events",
    "portal_password_resets",
    "portal_sessions",
    "portal_grant_locations",
    "portal_grants",
    "contact_partners",
    "portal_invitations",
    "portal_users",
    "audit_entries",
    "events",
    "contacts",
    "locations",
    "customers",
    "api_keys",
    "access_tokens",
    "internal_users",
)
SHARED_TABLES = ("login_throttles", "rate_limit_windows", "password_reset_requests")

# The portal's tables live in their own module; importing it here registers them.
from ordinavo.adapters.persistence import (  # noqa: E402, F401
    portal_models,
    report_models,
    request_models,
    work_models,
)
from ordinavo.adapters.persistence.connect import models as connect_models  # noqa: E402, F401
from ordinavo.adapters.persistence.exports import models as export_models  # noqa: E402, F401
from ordinavo.adapters.persistence.file_removals import (  # noqa: E402, F401
    models as file_removal_models,
)
from ordinavo.adapters.persistence.mail import models as mail_models  # noqa: E402, F401
from ordinavo.adapters.persistence.recurring import models as recurring_models  # noqa: E402, F401
from ordinavo.adapters.persistence.webhooks import models as webhook_models  # noqa: E402, F401
