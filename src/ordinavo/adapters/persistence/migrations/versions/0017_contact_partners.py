"""Partner relations: a customer, other than its own, that staff recorded a contact as a
partner of; only then may the contact hold a grant on that customer. Tenant-owned, so
row-level security fails closed as 0011 made every policy.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import advanced_alchemy.types.datetime
import advanced_alchemy.types.guid
import sqlalchemy as sa
from alembic import op

from ordinavo.adapters.persistence.migrations.tenant_rls import secure, unsecure

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "contact_partners",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("contact_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("customer_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "created_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            nullable=False,
        ),
        sa.Column("created_by", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("tenant_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contact_id"],
            ["contacts.tenant_id", "contacts.id"],
            name="fk_contact_partners_contact",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_contact_partners_customer",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_contact_partners_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_partners")),
        sa.UniqueConstraint(
            "tenant_id", "contact_id", "customer_id", name="uq_contact_partners"
        ),
    )
    with op.batch_alter_table("contact_partners", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_partners_customer", ["tenant_id", "customer_id"], unique=False
        )
    secure("contact_partners")


def downgrade() -> None:
    unsecure("contact_partners")
    with op.batch_alter_table("contact_partners", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_partners_customer")
    op.drop_table("contact_partners")
