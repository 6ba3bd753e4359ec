"""SQLAlchemy models of portal access: accounts, invitations, grants, sessions, throttles."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


def _portal_user_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "portal_user_id"],
        ["portal_users.tenant_id", "portal_users.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_portal_user",
    )


class PortalUserModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_users"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "contact_id"],
            ["contacts.tenant_id", "contacts.id"],
            ondelete="CASCADE",
            name="fk_portal_users_contact",
        ),
        UniqueConstraint("tenant_id", "email", name="uq_portal_users_tenant_email"),
        UniqueConstraint("tenant_id", "id", name="uq_portal_users_tenant_id"),
    )

    contact_id: Mapped[UUID]
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    activated_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class InvitationModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_invitations"
    __table_args__ = (
        _portal_user_fk("portal_invitations"),
        Index("ix_portal_invitations_tenant_id", "tenant_id", "id"),
        Index("ix_portal_invitations_tenant_user", "tenant_id", "portal_user_id"),
    )

    portal_user_id: Mapped[UUID]
    contact_id: Mapped[UUID]
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    invited_by: Mapped[UUID]
    sent_count: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class GrantModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_grants"
    __table_args__ = (
        _portal_user_fk("portal_grants"),
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_portal_grants_customer",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_portal_grants_tenant_id"),
        Index("ix_portal_grants_tenant_user", "tenant_id", "portal_user_id"),
    )

    portal_user_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    can_submit_requests: Mapped[bool]
    can_see_reports: Mapped[bool]
    can_download_attachments: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class GrantLocationModel(UUIDv7Base):
    """The selected locations of a grant; none means the whole customer."""

    __tablename__ = "portal_grant_locations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "grant_id"],
            ["portal_grants.tenant_id", "portal_grants.id"],
            ondelete="CASCADE",
            name="fk_portal_grant_locations_grant",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            ondelete="CASCADE",
            name="fk_portal_grant_locations_location",
        ),
        UniqueConstraint("grant_id", "location_id", name="uq_portal_grant_locations"),
    )

    tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    grant_id: Mapped[UUID]
    location_id: Mapped[UUID]


class ContactPartnerModel(TenantOwned, UUIDv7Base):
    """A customer, other than its own, that staff recorded a contact as a partner of."""

    __tablename__ = "contact_partners"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "contact_id"],
            ["contacts.tenant_id", "contacts.id"],
            ondelete="CASCADE",
            name="fk_contact_partners_contact",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
            name="fk_contact_partners_customer",
        ),
        UniqueConstraint("tenant_id", "contact_id", "customer_id", name="uq_contact_partners"),
        # A customer's deletion looks its partner rows up by customer.
        Index("ix_contact_partners_customer", "tenant_id", "customer_id"),
    )

    contact_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    created_by: Mapped[UUID]


class PortalSessionModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_sessions"
    __table_args__ = (
        _portal_user_fk("portal_sessions"),
        Index("ix_portal_sessions_tenant_user", "tenant_id", "portal_user_id"),
    )

    portal_user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    idle_timeout_seconds: Mapped[int] = mapped_column(Integer)
    absolute_expiry: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class PasswordResetModel(TenantOwned, UUIDv7Base):
    __tablename__ = "portal_password_resets"
    __table_args__ = (_portal_user_fk("portal_password_resets"),)

    portal_user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class SecurityEventModel(TenantOwned, UUIDv7Base):
    __tablename__ = "security_events"
    __table_args__ = (
        Index("ix_security_events_tenant_id", "tenant_id", "id"),
        Index("ix_security_events_portal_user", "tenant_id", "portal_user_id", "id"),
        Index("ix_security_events_staff_user", "tenant_id", "internal_user_id", "id"),
    )

    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    kind: Mapped[str] = mapped_column(String(40))
    portal_user_id: Mapped[UUID | None]
    internal_user_id: Mapped[UUID | None]
    actor_id: Mapped[UUID | None]
    client_address: Mapped[str | None] = mapped_column(String(64))


class LoginThrottleModel(UUIDv7Base):
    """Keyed by a digest of what was typed (tenant and e-mail), so it holds no address."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(Integer)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class RateLimitWindowModel(UUIDv7Base):
    __tablename__ = "rate_limit_windows"
    __table_args__ = (UniqueConstraint("key", "window_start", name="uq_rate_limit_windows"),)

    key: Mapped[str] = mapped_column(String(128))
    window_start: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    hits: Mapped[int] = mapped_column(Integer)
