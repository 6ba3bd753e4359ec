"""Tables of recurring visit plans: the plans, and one row per date a plan has dealt with."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class RecurringPlanModel(TenantOwned, UUIDv7Base):
    __tablename__ = "recurring_plans"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id", name="uq_recurring_plans_tenant_id"),
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_recurring_plans_customer",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            ondelete="CASCADE",
            name="fk_recurring_plans_location",
        ),
        Index("ix_recurring_plans_location", "tenant_id", "location_id"),
        # The generator's question: active plans whose horizon passed what they generated.
        Index("ix_recurring_plans_due", "status", "due_on"),
    )

    customer_id: Mapped[UUID] = mapped_column()
    location_id: Mapped[UUID] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    customer_label: Mapped[str] = mapped_column(String(80))
    customer_description: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(20))
    expected_minutes: Mapped[int | None] = mapped_column(Integer)
    checklist: Mapped[str | None] = mapped_column(Text)
    default_employee_id: Mapped[UUID | None] = mapped_column()
    rule: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    window_starts: Mapped[time] = mapped_column(Time)
    window_ends: Mapped[time] = mapped_column(Time)
    time_zone: Mapped[str] = mapped_column(String(64))
    horizon_weeks: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    generated_until: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class RecurringOccurrenceModel(TenantOwned, UUIDv7Base):
    __tablename__ = "recurring_occurrences"
    __table_args__ = (
        # An occurrence is its plan and date: the guard that makes generation idempotent.
        UniqueConstraint("tenant_id", "plan_id", "day", name="uq_recurring_occurrences_day"),
        ForeignKeyConstraint(
            ["tenant_id", "plan_id"],
            ["recurring_plans.tenant_id", "recurring_plans.id"],
            ondelete="CASCADE",
            name="fk_recurring_occurrences_plan",
        ),
        Index("ix_recurring_occurrences_appointment", "tenant_id", "appointment_id"),
    )

    plan_id: Mapped[UUID] = mapped_column()
    day: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[UUID | None] = mapped_column()
    appointment_id: Mapped[UUID | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
