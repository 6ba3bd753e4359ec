"""Row-level security on tenant-owned tables (PostgreSQL only): a backstop behind the
tenant-bound repositories. A query that forgets its tenant filter still sees only the rows of
the tenant its transaction is bound to (`ordinavo.tenant_id`). Lookups made before any tenant is
known (credentials by digest, tenants by slug) run unbound and are not restricted.

Superusers and roles with BYPASSRLS skip all policies: run the application as an ordinary role
to have the backstop.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    "internal_users", "access_tokens", "api_keys", "customers", "locations", "contacts",
    "events", "audit_entries", "portal_users", "portal_invitations", "portal_grants",
    "portal_grant_locations", "portal_sessions", "portal_password_resets", "security_events",
)
BOUND = "nullif(current_setting('ordinavo.tenant_id', true), '')"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            f"USING ({BOUND} IS NULL OR tenant_id = {BOUND}::uuid) "
            f"WITH CHECK ({BOUND} IS NULL OR tenant_id = {BOUND}::uuid)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
