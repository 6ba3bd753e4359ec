"""Access switches: each tenant's choices within the role model (domain/role_model.py), a JSON
column on tenants holding only the switches set away from their defaults.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import JsonB
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing tenants start with every switch at its default: the matrix as the page says.
    op.add_column(
        "tenants",
        sa.Column("access_switches", JsonB, nullable=False, server_default=sa.text("'{}'")),
    )


def downgrade() -> None:
    op.drop_column("tenants", "access_switches")
