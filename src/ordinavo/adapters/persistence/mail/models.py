"""Tables of the mail module: the mail outbox (a log once sent) and portal users' choices of
notifications."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class OutgoingMailModel(TenantOwned, UUIDv7Base):
    __tablename__ = "outgoing_mail"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id", name="uq_outgoing_mail_tenant_id"),
        Index(
            "ix_outgoing_mail_due",
            "next_attempt_at",
            postgresql_where=text("status = 'queued'"),
            sqlite_where=text("status = 'queued'"),
        ),
        Index("ix_outgoing_mail_log", "tenant_id", "id"),
    )

    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    message_id: Mapped[str] = mapped_column(String(200))
    # The rendered message, encrypted; dropped once sent or given up (it may hold a link).
    sealed_content: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    lease_token: Mapped[UUID | None] = mapped_column()
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    last_error_class: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class NotificationPreferenceModel(TenantOwned, UUIDv7Base):
    __tablename__ = "notification_preferences"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "portal_user_id"],
            ["portal_users.tenant_id", "portal_users.id"],
            ondelete="CASCADE",
            name="fk_notification_preferences_user",
        ),
        UniqueConstraint(
            "tenant_id", "portal_user_id", "kind", name="uq_notification_preferences_kind"
        ),
    )

    portal_user_id: Mapped[UUID] = mapped_column()
    kind: Mapped[str] = mapped_column(String(40))
    receive: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class VisitReminderModel(TenantOwned, UUIDv7Base):
    """A visit whose reminder went out, for its start time: one reminder per visit and time,
    however many workers look (a moved visit is reminded again for its new time)."""

    __tablename__ = "visit_reminders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "appointment_id"],
            ["appointments.tenant_id", "appointments.id"],
            ondelete="CASCADE",
            name="fk_visit_reminders_appointment",
        ),
        UniqueConstraint(
            "tenant_id", "appointment_id", "starts_at", name="uq_visit_reminders_visit_time"
        ),
    )

    appointment_id: Mapped[UUID] = mapped_column()
    starts_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class PasswordResetRequestModel(UUIDv7Base):
    """A reset asked for on the portal, waiting for the worker to look the account up. Not
    tenant-owned: the request answers before anyone knows whether the tenant or the account
    exists. Removed when handled."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (Index("ix_password_reset_requests_asked", "asked_at"),)

    tenant_slug: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    client_address: Mapped[str | None] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
