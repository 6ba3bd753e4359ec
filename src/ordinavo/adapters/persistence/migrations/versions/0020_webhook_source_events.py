"""Webhook endpoints limited to the events of their source system's records (Connect).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing endpoints keep hearing of every event they subscribed to.
    op.add_column(
        "webhook_endpoints",
        sa.Column("source_events_only", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("webhook_endpoints", "source_events_only")
