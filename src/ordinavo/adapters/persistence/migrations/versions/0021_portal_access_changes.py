"""Every change that ends or narrows portal access is announced on a PostgreSQL channel.

Processes that keep authenticated portal principals in memory (ORDINAVO_PORTAL_SESSION_CACHE)
listen on `ordinavo_portal_access` and forget the tenant's principals when a change commits:
a session ended, a portal user changed or disabled (password, language...), a grant or its
locations added, changed or revoked, the tenant's settings or label overrides changed, a
customer renamed or deleted. Triggers, not the use cases, so that no code path can forget to
announce one. The payload is the tenant id; NOTIFY is sent at commit, and repeated payloads
of one transaction are sent once. SQLite has no such channel (and no cache).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

CHANNEL = "ordinavo_portal_access"

# table -> the changes announced (each row names its tenant); an idle timer's touch of a
# session announces nothing.
WATCHED = {
    "portal_sessions": "UPDATE OF revoked_at OR DELETE",
    "portal_users": "UPDATE OR DELETE",
    "portal_grants": "INSERT OR UPDATE OR DELETE",
    "portal_grant_locations": "INSERT OR UPDATE OR DELETE",
    "status_label_overrides": "INSERT OR UPDATE OR DELETE",
    "customers": "UPDATE OF name OR DELETE",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION ordinavo_announce_portal_access_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('{CHANNEL}', OLD.tenant_id::text);
            ELSE
                PERFORM pg_notify('{CHANNEL}', NEW.tenant_id::text);
            END IF;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION ordinavo_announce_tenant_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', OLD.id::text);
            RETURN NULL;
        END $$
        """
    )
    for table, events in WATCHED.items():
        op.execute(
            f"CREATE TRIGGER announce_portal_access AFTER {events} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ordinavo_announce_portal_access_change()"
        )
    op.execute(
        "CREATE TRIGGER announce_portal_access AFTER UPDATE OR DELETE ON tenants "
        "FOR EACH ROW EXECUTE FUNCTION ordinavo_announce_tenant_change()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in (*WATCHED, "tenants"):
        op.execute(f"DROP TRIGGER IF EXISTS announce_portal_access ON {table}")
    op.execute("DROP FUNCTION IF EXISTS ordinavo_announce_tenant_change()")
    op.execute("DROP FUNCTION IF EXISTS ordinavo_announce_portal_access_change()")
