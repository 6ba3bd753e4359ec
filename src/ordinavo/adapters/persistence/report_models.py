"""Tables of visit reports, attachments (and their downloads), follow-ups and billing triggers.

The portal reads published reports through partial indexes that hold only published rows, per
customer and per location, in id order: a portal page is an index range.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned

_PUBLISHED = text("published_at IS NOT NULL")
_RELEASED = text("released_at IS NOT NULL")


def _fk(column: str, table: str, name: str, *, cascade: bool = True) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
        name=name,
    )


class VisitReportModel(TenantOwned, UUIDv7Base):
    __tablename__ = "visit_reports"
    __table_args__ = (
        _fk("target_id", "targets", "fk_visit_reports_target"),
        _fk("appointment_id", "appointments", "fk_visit_reports_appointment"),
        _fk("customer_id", "customers", "fk_visit_reports_customer"),
        _fk("location_id", "locations", "fk_visit_reports_location", cascade=False),
        _fk("author_id", "internal_users", "fk_visit_reports_author", cascade=False),
        UniqueConstraint("tenant_id", "id", name="uq_visit_reports_tenant_id"),
        Index("ix_visit_reports_status", "tenant_id", "status", "id"),
        Index("ix_visit_reports_target", "tenant_id", "target_id", "id"),
        Index("ix_visit_reports_customer", "tenant_id", "customer_id", "id"),
        Index("ix_visit_reports_author", "tenant_id", "author_id", "id"),
        Index(
            "ix_visit_reports_published_customer",
            "tenant_id",
            "customer_id",
            "id",
            sqlite_where=_PUBLISHED,
            postgresql_where=_PUBLISHED,
        ),
        Index(
            "ix_visit_reports_published_location",
            "tenant_id",
            "location_id",
            "id",
            sqlite_where=_PUBLISHED,
            postgresql_where=_PUBLISHED,
        ),
    )

    target_id: Mapped[UUID]
    appointment_id: Mapped[UUID | None]
    customer_id: Mapped[UUID]
    location_id: Mapped[UUID | None]
    author_id: Mapped[UUID]
    title: Mapped[str] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)
    follow_up_required: Mapped[bool] = mapped_column(Boolean)
    follow_up_description: Mapped[str | None] = mapped_column(Text)
    billable: Mapped[bool] = mapped_column(Boolean)
    internal_notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    visited_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    reviewed_by: Mapped[UUID | None]
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    review_comment: Mapped[str | None] = mapped_column(Text)
    portal_title: Mapped[str | None] = mapped_column(String(200))
    portal_summary: Mapped[str | None] = mapped_column(Text)
    customer_message: Mapped[str | None] = mapped_column(Text)
    published_by: Mapped[UUID | None]
    published_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class AttachmentModel(TenantOwned, UUIDv7Base):
    __tablename__ = "attachments"
    __table_args__ = (
        _fk("customer_id", "customers", "fk_attachments_customer"),
        _fk("report_id", "visit_reports", "fk_attachments_report"),
        _fk("request_id", "portal_requests", "fk_attachments_request"),
        UniqueConstraint("tenant_id", "id", name="uq_attachments_tenant_id"),
        CheckConstraint("(report_id IS NULL) <> (request_id IS NULL)", name="one_owner"),
        Index("ix_attachments_report", "tenant_id", "report_id", "id"),
        Index("ix_attachments_request", "tenant_id", "request_id", "id"),
    )

    customer_id: Mapped[UUID]
    location_id: Mapped[UUID | None]
    report_id: Mapped[UUID | None]
    request_id: Mapped[UUID | None]
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    checksum_sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    uploaded_by_type: Mapped[str] = mapped_column(String(20))
    uploaded_by_id: Mapped[UUID]
    uploaded_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    released_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    released_by: Mapped[UUID | None]
    # The staff reply a request's file hangs on. No foreign key: SQLite could add one only by
    # rebuilding the table; the comment goes only with its request, which takes its files along.
    comment_id: Mapped[UUID | None]


class AttachmentDownloadModel(TenantOwned, UUIDv7Base):
    __tablename__ = "attachment_downloads"
    __table_args__ = (
        _fk("attachment_id", "attachments", "fk_attachment_downloads_attachment"),
        _fk("portal_user_id", "portal_users", "fk_attachment_downloads_user"),
        Index("ix_attachment_downloads_attachment", "tenant_id", "attachment_id", "id"),
    )

    attachment_id: Mapped[UUID]
    portal_user_id: Mapped[UUID]
    downloaded_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class FollowUpModel(TenantOwned, UUIDv7Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        _fk("report_id", "visit_reports", "fk_follow_ups_report"),
        _fk("original_target_id", "targets", "fk_follow_ups_original"),
        _fk("customer_id", "customers", "fk_follow_ups_customer"),
        _fk("location_id", "locations", "fk_follow_ups_location", cascade=False),
        _fk("planned_target_id", "targets", "fk_follow_ups_planned", cascade=False),
        UniqueConstraint("tenant_id", "report_id", name="uq_follow_ups_report"),
        Index("ix_follow_ups_status", "tenant_id", "status", "id"),
        Index("ix_follow_ups_customer", "tenant_id", "customer_id", "id"),
        Index("ix_follow_ups_location", "tenant_id", "location_id", "id"),
    )

    report_id: Mapped[UUID]
    original_target_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    location_id: Mapped[UUID | None]
    description: Mapped[str] = mapped_column(Text)
    customer_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    planned_target_id: Mapped[UUID | None]
    planned_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class BillingTriggerModel(TenantOwned, UUIDv7Base):
    __tablename__ = "billing_triggers"
    __table_args__ = (
        _fk("report_id", "visit_reports", "fk_billing_triggers_report"),
        _fk("target_id", "targets", "fk_billing_triggers_target"),
        _fk("customer_id", "customers", "fk_billing_triggers_customer"),
        UniqueConstraint("tenant_id", "report_id", name="uq_billing_triggers_report"),
        Index("ix_billing_triggers_tenant_id", "tenant_id", "id"),
    )

    report_id: Mapped[UUID]
    target_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    approved_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    billing_details: Mapped[str | None] = mapped_column(Text)
