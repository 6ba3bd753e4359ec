"""The test database: SQLite by default, PostgreSQL when ORDINAVO_TEST_DATABASE_URL says so.

Each test session gets a fresh, migrated database of its own (a temporary file, or a new
PostgreSQL database that is dropped at the end), so parallel runs never collide.

On PostgreSQL the database is created and migrated by the configured (owner) user, but the
tests get a URL of an ordinary role, APP_ROLE: no superuser, no BYPASSRLS, so every test runs
behind the row-level security backstop, as production should. Emptying the tables between
tests is the owner's job (`wipe`).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from ordinavo.adapters.persistence.database import database_config, is_sqlite
from ordinavo.adapters.persistence.migrator import upgrade
from ordinavo.adapters.persistence.models import SHARED_TABLES, TENANT_OWNED_TABLES

ENV = "ORDINAVO_TEST_DATABASE_URL"
APP_ROLE = "ordinavo_app"


def configured_url() -> str | None:
    return os.environ.get(ENV) or None


def backend_name() -> str:
    url = configured_url()
    return "postgresql" if url and not is_sqlite(url) else "sqlite"


async def _admin(url: str, statement: str, database: str = "postgres") -> None:
    import asyncpg

    parsed = make_url(url).set(drivername="postgresql", database=database)
    connection = await asyncpg.connect(parsed.render_as_string(hide_password=False))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


# Roles belong to the whole server, which parallel runs share: create it only if missing, and
# let a run that loses the race to create it carry on.
_CREATE_APP_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$
"""

# What the application needs and no more: rows, not schema. Default privileges cover tables a
# test migrates later (as the owner).
_GRANTS = f"""
GRANT USAGE ON SCHEMA public TO {APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE};
"""


def owner_url(url: str) -> str:
    """The same database as the owner (the configured user): for emptying tables, migrating,
    and the few tests that need more than the application's rights."""
    base = configured_url()
    if base is None or is_sqlite(url):
        return url
    owner = make_url(base)
    return (
        make_url(url)
        .set(username=owner.username, password=owner.password)
        .render_as_string(hide_password=False)
    )


@contextmanager
def fresh_database(tmp_dir: Path) -> Iterator[str]:
    """Create and migrate a database for this session; yield its URL; drop it afterwards."""
    base = configured_url()
    if base is None or is_sqlite(base):
        url = f"sqlite+aiosqlite:///{tmp_dir / 'ordinavo-test.db'}"
        asyncio.run(_migrate(url))
        yield url
        return
    name = f"ordinavo_test_{uuid.uuid4().hex[:12]}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        asyncio.run(_migrate(url))
        asyncio.run(_admin(base, _CREATE_APP_ROLE))
        asyncio.run(_admin(base, f'GRANT CONNECT ON DATABASE "{name}" TO {APP_ROLE}'))
        asyncio.run(_admin(base, _GRANTS, database=name))
        yield (
            make_url(url)
            .set(username=APP_ROLE, password=None)
            .render_as_string(hide_password=False)
        )
    finally:
        asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _migrate(url: str) -> None:
    engine = database_config(url).get_engine()
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def wipe(url: str, *, pristine: bool = False) -> None:
    """Remove every row, so each test starts from an empty (but migrated) database.

    DELETE, children before parents, on both backends: a test leaves a few rows, and deleting
    them costs milliseconds, where PostgreSQL's TRUNCATE of every table costs most of a second
    (it replaces each table's files), and almost every test starts here. On PostgreSQL the
    owner says it works across tenants, so the row-level security policy hides no row from it
    even if the owner is no superuser.

    `pristine`: TRUNCATE on PostgreSQL, for tests of query plans. DELETE leaves the tables'
    pages and planner statistics behind, which can change the plan a test expects."""
    engine = database_config(owner_url(url)).get_engine()
    try:
        async with engine.begin() as connection:
            if pristine and not is_sqlite(url):
                tables = ", ".join((*TENANT_OWNED_TABLES, "tenants", *SHARED_TABLES))
                await connection.execute(text(f"TRUNCATE {tables} CASCADE"))
                return
            if not is_sqlite(url):
                await connection.execute(text("SET LOCAL ordinavo.all_tenants = 'on'"))
            for table in (*TENANT_OWNED_TABLES, "tenants", *SHARED_TABLES):
                await connection.execute(text(f"DELETE FROM {table}"))
    finally:
        await engine.dispose()


@asynccontextmanager
async def owner_connection(url: str) -> AsyncIterator[AsyncConnection]:
    """A transaction as the owner (the configured user), whoever the tests connect as: for
    what only an owner may do, such as gathering planner statistics."""
    engine = database_config(owner_url(url)).get_engine()
    try:
        async with engine.begin() as connection:
            yield connection
    finally:
        await engine.dispose()
