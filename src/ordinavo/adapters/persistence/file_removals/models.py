"""The table of stored files whose removal failed after their rows were committed."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ordinavo.adapters.persistence.models import TenantOwned


class PendingFileRemovalModel(TenantOwned, UUIDv7Base):
    __tablename__ = "pending_file_removals"
    __table_args__ = (
        # One row per key: a second failure of the same file is the same debt.
        UniqueConstraint("tenant_id", "storage_key", name="uq_pending_file_removals_key"),
    )

    storage_key: Mapped[str] = mapped_column(String(200))
    first_failed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer)
