"""Stored files whose removal failed after their rows were committed: one row per key, which
the retention job retries until the file is gone. Tenant-owned, so row-level security fails
closed as 0011 made every policy.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import advanced_alchemy.types.datetime
import advanced_alchemy.types.guid
import sqlalchemy as sa
from alembic import op

from ordinavo.adapters.persistence.migrations.tenant_rls import secure, unsecure

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "pending_file_removals",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column(
            "first_failed_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("tenant_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_pending_file_removals_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_file_removals")),
        sa.UniqueConstraint("tenant_id", "storage_key", name="uq_pending_file_removals_key"),
    )
    secure("pending_file_removals")


def downgrade() -> None:
    unsecure("pending_file_removals")
    op.drop_table("pending_file_removals")
