"""Tables of Connect. Mappings, links and jobs belong to a source system of the same tenant
(composite foreign keys) and go with it; results go with their job."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class SourceSystemModel(TenantOwned, UUIDv7Base):
    __tablename__ = "connect_sources"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id", name="uq_connect_sources_tenant_id"),
        UniqueConstraint("tenant_id", "key", name="uq_connect_sources_tenant_key"),
    )

    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ValueMappingModel(TenantOwned, UUIDv7Base):
    __tablename__ = "connect_value_mappings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "source_id"],
            ["connect_sources.tenant_id", "connect_sources.id"],
            ondelete="CASCADE",
            name="fk_connect_value_mappings_source",
        ),
        UniqueConstraint(
            "tenant_id",
            "source_id",
            "field",
            "external_value",
            name="uq_connect_value_mappings_value",
        ),
    )

    source_id: Mapped[UUID]
    field: Mapped[str] = mapped_column(String(60))
    external_value: Mapped[str] = mapped_column(String(120))
    internal_value: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ConnectLinkModel(TenantOwned, UUIDv7Base):
    """Which record here an external id of a source stands for, and the fingerprint of what
    the source last sent for it (an identical re-send changes nothing)."""

    __tablename__ = "connect_links"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "source_id"],
            ["connect_sources.tenant_id", "connect_sources.id"],
            ondelete="CASCADE",
            name="fk_connect_links_source",
        ),
        UniqueConstraint(
            "tenant_id", "source_id", "kind", "external_id", name="uq_connect_links_external_id"
        ),
    )

    source_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(120))
    # A customer, location, contact, target or appointment, by kind: no foreign key. Erasing
    # a customer or a contact removes its links (erasure.py), so the next import of it
    # creates it anew; a link still naming a record gone otherwise is treated the same way.
    record_id: Mapped[UUID]
    fingerprint: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ImportJobModel(TenantOwned, UUIDv7Base):
    __tablename__ = "import_jobs"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "source_id"],
            ["connect_sources.tenant_id", "connect_sources.id"],
            ondelete="CASCADE",
            name="fk_import_jobs_source",
        ),
        UniqueConstraint("tenant_id", "id", name="uq_import_jobs_tenant_id"),
        UniqueConstraint(
            "tenant_id", "source_id", "idempotency_key", name="uq_import_jobs_idempotency_key"
        ),
        Index("ix_import_jobs_tenant_id", "tenant_id", "id"),
        Index("ix_import_jobs_state", "state"),
    )

    source_id: Mapped[UUID]
    source_key: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JsonB)
    # The records as sent, until the job is done.
    records: Mapped[list[Any] | None] = mapped_column(JsonB)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[UUID | None]
    problem: Mapped[str | None] = mapped_column(Text)
    runs: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ImportResultModel(TenantOwned, UUIDv7Base):
    __tablename__ = "import_results"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "job_id"],
            ["import_jobs.tenant_id", "import_jobs.id"],
            ondelete="CASCADE",
            name="fk_import_results_job",
        ),
        # One result per record: a re-run after a lost worker skips what is done.
        UniqueConstraint("tenant_id", "job_id", "position", name="uq_import_results_position"),
        Index("ix_import_results_job", "tenant_id", "job_id", "outcome", "id"),
    )

    job_id: Mapped[UUID]
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(120))
    outcome: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[UUID | None]
    warnings: Mapped[list[Any]] = mapped_column(JsonB)
    message: Mapped[str | None] = mapped_column(Text)
