"""The test database: SQLite by default, PostgreSQL when ORDINAVO_TEST_DATABASE_URL says so.

Each test session gets a fresh, migrated database of its own (a temporary file, or a new
PostgreSQL database that is dropped at the end), so parallel runs never collide.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from ordinavo.adapters.persistence.database import database_config, is_sqlite
from ordinavo.adapters.persistence.migrator import upgrade
from ordinavo.adapters.persistence.models import SHARED_TABLES, TENANT_OWNED_TABLES

ENV = "ORDINAVO_TEST_DATABASE_URL"


def configured_url() -> str | None:
    return os.environ.get(ENV) or None


def backend_name() -> str:
    url = configured_url()
    return "postgresql" if url and not is_sqlite(url) else "sqlite"


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    parsed = make_url(url).set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(parsed.render_as_string(hide_password=False))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


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
        yield url
    finally:
        asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _migrate(url: str) -> None:
    engine = database_config(url).get_engine()
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def wipe(url: str) -> None:
    """Remove every row, so each test starts from an empty (but migrated) database."""
    engine = database_config(url).get_engine()
    try:
        async with engine.begin() as connection:
            if is_sqlite(url):
                for table in (*TENANT_OWNED_TABLES, "tenants", *SHARED_TABLES):
                    await connection.execute(text(f"DELETE FROM {table}"))
            else:
                tables = ", ".join((*TENANT_OWNED_TABLES, "tenants", *SHARED_TABLES))
                await connection.execute(text(f"TRUNCATE {tables} CASCADE"))
    finally:
        await engine.dispose()
