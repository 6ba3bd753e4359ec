"""Retention: each tenant's periods per kind of record (a JSON column on tenants, which has no
row-level security of its own) and the record of what each run of the retention job removed
(retention_runs: per tenant, kind and run a count, never content), under the fail-closed
row-level security of 0011 on PostgreSQL.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC, JsonB
from alembic import op

from ordinavo.adapters.persistence.migrations.tenant_rls import secure, unsecure

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

def upgrade() -> None:
    # Existing tenants start with no period set: every kind has its documented default.
    op.add_column(
        "tenants", sa.Column("retention", JsonB, nullable=False, server_default=sa.text("'{}'"))
    )
    op.create_table(
        "retention_runs",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("tenant_id", GUID(length=16), nullable=False),
        sa.Column("ran_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_retention_runs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    op.create_index("ix_retention_runs_tenant_id", "retention_runs", ["tenant_id", "id"])
    secure("retention_runs")


def downgrade() -> None:
    unsecure("retention_runs")
    op.drop_index("ix_retention_runs_tenant_id", table_name="retention_runs")
    op.drop_table("retention_runs")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("retention")
