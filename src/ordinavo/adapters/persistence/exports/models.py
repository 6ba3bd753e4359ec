"""The table of self-service data exports: one row per export, the document inside it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKeyConstraint, Index, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class DataExportModel(TenantOwned, UUIDv7Base):
    __tablename__ = "data_exports"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "portal_user_id"],
            ["portal_users.tenant_id", "portal_users.id"],
            ondelete="CASCADE",
            name="fk_data_exports_portal_user",
        ),
        Index("ix_data_exports_user", "tenant_id", "portal_user_id", "id"),
        # The sweep's two questions: which wait for the worker, which ran out.
        Index("ix_data_exports_ready", "ready_at"),
        Index("ix_data_exports_expires", "expires_at"),
    )

    portal_user_id: Mapped[UUID]
    requested_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ready_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # Held in the row rather than the file store: it lives a day and goes with its row, its
    # user and its tenant through the cascades, and row-level security covers it.
    document: Mapped[bytes | None] = mapped_column(LargeBinary)
