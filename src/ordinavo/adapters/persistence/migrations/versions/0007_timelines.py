"""Timelines: events name the work they are about, and are indexed per customer, location and
work in time order.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:30:00
"""

from __future__ import annotations

import advanced_alchemy.types.guid
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("work_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True)
        )
        batch_op.create_index(
            "ix_events_customer_time", ["tenant_id", "customer_id", "occurred_at", "id"]
        )
        batch_op.create_index(
            "ix_events_location_time", ["tenant_id", "location_id", "occurred_at", "id"]
        )
        batch_op.create_index("ix_events_work_time", ["tenant_id", "work_id", "occurred_at", "id"])


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_work_time")
        batch_op.drop_index("ix_events_location_time")
        batch_op.drop_index("ix_events_customer_time")
        batch_op.drop_column("work_id")
