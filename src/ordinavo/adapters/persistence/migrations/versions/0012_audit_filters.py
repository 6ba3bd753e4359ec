"""Indexes for the audit questions: an actor's entries, an object's history, and the security
events about one staff or portal user, each in id (= time) order within the tenant.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_audit_entries_actor", "audit_entries", ["tenant_id", "actor_id", "id"]),
    ("ix_audit_entries_object", "audit_entries", ["tenant_id", "object_type", "object_id", "id"]),
    ("ix_security_events_portal_user", "security_events", ["tenant_id", "portal_user_id", "id"]),
    ("ix_security_events_staff_user", "security_events", ["tenant_id", "internal_user_id", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
