"""Row-level security fails closed (PostgreSQL only): a transaction with no tenant bound sees no
tenant-owned row and may write none, instead of seeing every tenant's rows.

Until now the `tenant_isolation` policies (0003 and the migrations after it) let an unbound
transaction through, so a code path that forgot to bind its tenant had no backstop at all. Now
a row passes only when its tenant is the bound one (`ordinavo.tenant_id`) or when the
transaction says, through the one narrow path `span_all_tenants` (persistence/tenant_binding.py), that it
works across tenants on purpose (`ordinavo.all_tenants = 'on'`). An unset tenant compares as
NULL, so it matches nothing.

A setting rather than SECURITY DEFINER functions or a second role: the cross-tenant readers
(credential lookups by digest, the worker's sweeps) are ordinary ORM queries, and a setting
keeps them so, on one connection pool. What keeps the path narrow is that one function sets it,
and a test lists the modules allowed to call it. The backstop holds against forgotten filters,
not against SQL injection (injected SQL could set the setting); queries are bound parameters.

Every policy named `tenant_isolation` is changed, whichever migration made it, so no table is
missed. Superusers and roles with BYPASSRLS still skip all policies: run the application as an
ordinary role and migrations as the owner.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from ordinavo.adapters.persistence.migrations.tenant_rls import FAIL_CLOSED, FAIL_OPEN

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None



def _secured_tables() -> list[str]:
    rows = op.get_bind().execute(
        text(
            "SELECT tablename FROM pg_policies "
            "WHERE schemaname = current_schema() AND policyname = 'tenant_isolation' "
            "ORDER BY tablename"
        )
    )
    return [name for (name,) in rows]


def _set_policies(condition: str) -> None:
    for table in _secured_tables():
        op.execute(
            f"ALTER POLICY tenant_isolation ON {table} "
            f"USING ({condition}) WITH CHECK ({condition})"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _set_policies(FAIL_CLOSED)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _set_policies(FAIL_OPEN)
