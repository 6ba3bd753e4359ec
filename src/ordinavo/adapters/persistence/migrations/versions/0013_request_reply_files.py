"""Staff files on replies to a request: attachments name the reply they hang on.

A plain nullable column (no foreign key: SQLite could add one only by rebuilding the table,
and a comment goes only with its request, whose files go along with it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 13:00:00.000000
"""

from __future__ import annotations

import advanced_alchemy.types.guid
import sqlalchemy as sa
from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "attachments",
        sa.Column("comment_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("comment_id")
