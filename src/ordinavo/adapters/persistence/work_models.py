"""Tables of planned work: targets, appointments, status label overrides, calendar feeds.

The appointment indexes lead with (tenant_id, customer_id | location_id | assignee) and end
with (starts_at, id), the order lists are read in, so a page is an index range, never a sort.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Date,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class TargetModel(TenantOwned, UUIDv7Base):
    __tablename__ = "targets"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_targets_customer",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name="fk_targets_location",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "contact_id"],
            ["contacts.tenant_id", "contacts.id"],
            name="fk_targets_contact",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "assigned_employee_id"],
            ["internal_users.tenant_id", "internal_users.id"],
            name="fk_targets_assignee",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_targets_tenant_id"),
        Index("ix_targets_tenant_customer_id", "tenant_id", "customer_id", "id"),
        Index("ix_targets_tenant_location_id", "tenant_id", "location_id", "id"),
        Index("ix_targets_tenant_assignee_id", "tenant_id", "assigned_employee_id", "id"),
    )

    customer_id: Mapped[UUID]
    location_id: Mapped[UUID | None]
    contact_id: Mapped[UUID | None]
    assigned_employee_id: Mapped[UUID | None]
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    due_date: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(20))
    external_system: Mapped[str | None] = mapped_column(String(60))
    external_reference: Mapped[str | None] = mapped_column(String(120))
    internal_notes: Mapped[str | None] = mapped_column(Text)
    billing_details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class AppointmentModel(TenantOwned, UUIDv7Base):
    __tablename__ = "appointments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "target_id"],
            ["targets.tenant_id", "targets.id"],
            ondelete="CASCADE",
            name="fk_appointments_target",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_appointments_customer",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name="fk_appointments_location",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "assigned_employee_id"],
            ["internal_users.tenant_id", "internal_users.id"],
            name="fk_appointments_assignee",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_appointments_tenant_id"),
        Index("ix_appointments_customer_start", "tenant_id", "customer_id", "starts_at", "id"),
        Index("ix_appointments_location_start", "tenant_id", "location_id", "starts_at", "id"),
        Index("ix_appointments_tenant_start", "tenant_id", "starts_at", "id"),
        Index(
            "ix_appointments_assignee_start",
            "tenant_id",
            "assigned_employee_id",
            "starts_at",
            "id",
        ),
        # The next visit of a piece of work, and the open visits of one.
        Index("ix_appointments_target_start", "tenant_id", "target_id", "starts_at"),
    )

    target_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    location_id: Mapped[UUID]
    assigned_employee_id: Mapped[UUID | None]
    starts_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    route_stop: Mapped[int | None] = mapped_column(Integer)
    routing_score: Mapped[float | None] = mapped_column(Float)
    travel_minutes: Mapped[int | None] = mapped_column(Integer)
    planning_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class StatusLabelOverrideModel(TenantOwned, UUIDv7Base):
    __tablename__ = "status_label_overrides"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id", "status_key", "language", name="uq_status_label_overrides_key"
        ),
    )

    status_key: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    label: Mapped[str] = mapped_column(String(60))


class CalendarFeedModel(TenantOwned, UUIDv7Base):
    __tablename__ = "calendar_feeds"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "portal_user_id"],
            ["portal_users.tenant_id", "portal_users.id"],
            ondelete="CASCADE",
            name="fk_calendar_feeds_user",
        ),
        Index("ix_calendar_feeds_user", "tenant_id", "portal_user_id"),
    )

    portal_user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
