"""Tables of portal requests: the requests, their comments and idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class RequestModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_requests"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_portal_requests_customer",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name="fk_portal_requests_location",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "author_id"],
            ["portal_users.tenant_id", "portal_users.id"],
            ondelete="CASCADE",
            name="fk_portal_requests_author",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "appointment_id"],
            ["appointments.tenant_id", "appointments.id"],
            name="fk_portal_requests_appointment",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "target_id"],
            ["targets.tenant_id", "targets.id"],
            name="fk_portal_requests_target",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_portal_requests_tenant_id"),
        # The review queue (status first) and the portal's per-grant branches.
        Index("ix_portal_requests_status", "tenant_id", "status", "id"),
        Index("ix_portal_requests_customer", "tenant_id", "customer_id", "id"),
        Index("ix_portal_requests_location", "tenant_id", "location_id", "id"),
    )

    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    customer_id: Mapped[UUID]
    location_id: Mapped[UUID | None]
    appointment_id: Mapped[UUID | None]
    author_id: Mapped[UUID]
    contact_id: Mapped[UUID | None]
    preferred_windows: Mapped[list[Any]] = mapped_column(JsonB, default=list)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    review_started_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    reviewer_id: Mapped[UUID | None]
    customer_reason: Mapped[str | None] = mapped_column(Text)
    target_id: Mapped[UUID | None]


class RequestCommentModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_request_comments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["portal_requests.tenant_id", "portal_requests.id"],
            ondelete="CASCADE",
            name="fk_portal_request_comments_request",
        ),
        Index("ix_portal_request_comments_request", "tenant_id", "request_id", "id"),
    )

    request_id: Mapped[UUID]
    author: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[UUID]
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class IdempotencyKeyModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_idempotency_keys"
    __table_args__ = (
        # One key per user: a racing twin fails here and reads the winner's result.
        UniqueConstraint(
            "tenant_id", "portal_user_id", "key", name="uq_portal_idempotency_keys_key"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["portal_requests.tenant_id", "portal_requests.id"],
            ondelete="CASCADE",
            name="fk_portal_idempotency_keys_request",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "portal_user_id"],
            ["portal_users.tenant_id", "portal_users.id"],
            ondelete="CASCADE",
            name="fk_portal_idempotency_keys_user",
        ),
    )

    portal_user_id: Mapped[UUID]
    key: Mapped[str] = mapped_column(String(100))
    body_digest: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
