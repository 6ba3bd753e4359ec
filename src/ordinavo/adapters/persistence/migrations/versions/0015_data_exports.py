"""Self-service data exports: one row per export of a portal user's own data, the document in
it while it is offered (a day). Tenant-owned, so row-level security fails closed as 0011 made
every policy: a row passes only for the bound tenant or a transaction that spans all tenants on
purpose (the worker's sweep).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

import advanced_alchemy.types.datetime
import advanced_alchemy.types.guid
import sqlalchemy as sa
from alembic import op

from ordinavo.adapters.persistence.migrations.tenant_rls import secure, unsecure

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "data_exports",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("portal_user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "requested_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            nullable=False,
        ),
        sa.Column(
            "ready_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column(
            "expires_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            nullable=True,
        ),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column("tenant_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "portal_user_id"],
            ["portal_users.tenant_id", "portal_users.id"],
            name="fk_data_exports_portal_user",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_data_exports_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_exports")),
    )
    with op.batch_alter_table("data_exports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_data_exports_user", ["tenant_id", "portal_user_id", "id"], unique=False
        )
        batch_op.create_index("ix_data_exports_ready", ["ready_at"], unique=False)
        batch_op.create_index("ix_data_exports_expires", ["expires_at"], unique=False)
    secure("data_exports")


def downgrade() -> None:
    unsecure("data_exports")
    with op.batch_alter_table("data_exports", schema=None) as batch_op:
        batch_op.drop_index("ix_data_exports_expires")
        batch_op.drop_index("ix_data_exports_ready")
        batch_op.drop_index("ix_data_exports_user")
    op.drop_table("data_exports")
