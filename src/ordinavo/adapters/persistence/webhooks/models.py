"""Tables of the webhooks module. Deliveries and attempts belong to an endpoint of the same
tenant (composite foreign keys) and go with it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    Boolean,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned

_OPEN = "status IN ('pending', 'failing')"


class WebhookEndpointModel(TenantOwned, UUIDv7Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (UniqueConstraint("tenant_id", "id", name="uq_webhook_endpoints_tenant_id"),)

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(500))
    event_types: Mapped[list[str]] = mapped_column(JsonB)
    include_contact_details: Mapped[bool] = mapped_column(Boolean)
    include_billing_details: Mapped[bool] = mapped_column(Boolean)
    source_system: Mapped[str | None] = mapped_column(String(60))
    source_events_only: Mapped[bool] = mapped_column(Boolean, default=False)
    sealed_secret: Mapped[str] = mapped_column(String(200))
    previous_sealed_secret: Mapped[str | None] = mapped_column(String(200))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    disabled_reason: Mapped[str | None] = mapped_column(String(20))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    failing_since: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class WebhookDeliveryModel(TenantOwned, UUIDv7Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "endpoint_id"],
            ["webhook_endpoints.tenant_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
            name="fk_webhook_deliveries_endpoint",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_webhook_deliveries_tenant_id"),
        # One delivery per event and endpoint, however often the relay runs.
        UniqueConstraint(
            "tenant_id", "endpoint_id", "event_id", name="uq_webhook_deliveries_endpoint_event"
        ),
        # The delivery log: per endpoint, newest first.
        Index("ix_webhook_deliveries_endpoint_id", "tenant_id", "endpoint_id", "id"),
        # The sweeper: what is due, across tenants; finished deliveries are not in it.
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text(_OPEN),
            sqlite_where=text(_OPEN),
        ),
    )

    endpoint_id: Mapped[UUID]
    event_id: Mapped[UUID]
    event_type: Mapped[str] = mapped_column(String(60))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer)
    failures_in_row: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    lease_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    lease_token: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class WebhookAttemptModel(TenantOwned, UUIDv7Base):
    __tablename__ = "webhook_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "delivery_id"],
            ["webhook_deliveries.tenant_id", "webhook_deliveries.id"],
            ondelete="CASCADE",
            name="fk_webhook_attempts_delivery",
        ),
        Index("ix_webhook_attempts_delivery_id", "tenant_id", "delivery_id", "id"),
    )

    delivery_id: Mapped[UUID]
    number: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    error_class: Mapped[str | None] = mapped_column(String(30))
    response_excerpt: Mapped[str | None] = mapped_column(Text)
