"""Integration tier: the real adapters on SQLite or PostgreSQL (ORDINAVO_TEST_DATABASE_URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.database import database_config
from ordinavo.adapters.persistence.directory import SqlaTenantDirectory
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.adapters.system_clock import Uuid7Generator
from ordinavo.domain.tenants import Tenant
from tests.support.database import wipe

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
ids = Uuid7Generator()


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[SQLAlchemyAsyncConfig]:
    """An emptied database and its advanced-alchemy configuration: emptied as new, since some
    of these tests read query plans (see `wipe`)."""
    await wipe(database_url, pristine=True)
    config = database_config(database_url)
    yield config
    await config.get_engine().dispose()


@pytest.fixture
async def session(db: SQLAlchemyAsyncConfig) -> AsyncIterator[AsyncSession]:
    async with db.create_session_maker()() as s:
        yield s


async def open_tenant(session: AsyncSession, slug: str) -> UUID:
    tenant = Tenant.open(id=ids.new_id(), slug=slug, name=slug.title(), now=NOW)
    await SqlaTenantDirectory(session).add(tenant)
    await session.commit()
    return tenant.id


@pytest.fixture
async def two_tenants(session: AsyncSession) -> tuple[SqlaUnitOfWork, SqlaUnitOfWork]:
    """Units of work of tenants A and B over the same session."""
    a = await open_tenant(session, "tenant-a")
    b = await open_tenant(session, "tenant-b")
    return SqlaUnitOfWork(session, a), SqlaUnitOfWork(session, b)
