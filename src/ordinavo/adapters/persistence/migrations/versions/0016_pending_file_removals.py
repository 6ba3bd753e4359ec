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

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BOUND = "nullif(current_setting('ordinavo.tenant_id', true), '')"
FAIL_CLOSED = f"tenant_id = {BOUND}::uuid OR current_setting('ordinavo.all_tenants', true) = 'on'"


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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE pending_file_removals ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE pending_file_removals FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY tenant_isolation ON pending_file_removals "
            f"USING ({FAIL_CLOSED}) WITH CHECK ({FAIL_CLOSED})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS tenant_isolation ON pending_file_removals")
    op.drop_table("pending_file_removals")
