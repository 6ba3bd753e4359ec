"""Row-level security of tenant-owned tables, for migrations: one definition of the fail-closed
policy (0011) that every later table gets, so a new migration cannot copy an older, fail-open
form by accident.

Migrations that ran keep their meaning only if this text does not change: a different rule is
a new constant and a migration of its own that alters every policy (as 0011 did).
"""

from __future__ import annotations

from alembic import op

BOUND = "nullif(current_setting('ordinavo.tenant_id', true), '')"
# A row passes only for the bound tenant, or for a transaction that works across tenants on
# purpose (`span_all_tenants`); an unbound transaction compares NULL and sees nothing.
FAIL_CLOSED = f"tenant_id = {BOUND}::uuid OR current_setting('ordinavo.all_tenants', true) = 'on'"
FAIL_OPEN = f"{BOUND} IS NULL OR tenant_id = {BOUND}::uuid"  # as 0003 made it, before 0011


def secure(table: str) -> None:
    """Turn on the fail-closed tenant policy for a new table (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING ({FAIL_CLOSED}) WITH CHECK ({FAIL_CLOSED})"
    )


def unsecure(table: str) -> None:
    """The policy goes before its table does (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
