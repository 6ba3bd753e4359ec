"""The optional portal session cache across processes: a change that ends or narrows access,
committed anywhere, reaches every process's cache through PostgreSQL (migration 0021's
triggers, LISTEN/NOTIFY), and the next request there reads afresh.

Two containers stand for two processes: each has its own cache and listening connection, and
they share nothing but the database."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig

from ordinavo.adapters.persistence.database import is_sqlite
from ordinavo.adapters.persistence.portal_session_cache import CachedPortalCredentials
from ordinavo.application.ports.portal import PortalCredentialReader
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container
from ordinavo.entrypoints.settings import Settings, SettingsError
from tests.integration.conftest import NOW
from tests.integration.test_portal_credentials import _digest, _signed_in
from tests.integration.test_portal_persistence import UoWs


@pytest.fixture
async def processes(database_url: str, db: SQLAlchemyAsyncConfig) -> AsyncIterator[list[Any]]:
    if is_sqlite(database_url):
        pytest.skip("the cache needs PostgreSQL's LISTEN/NOTIFY")
    settings = Settings(database_url=database_url, portal_session_cache=True)
    containers = [make_container(settings, ActorFromContextProvider()) for _ in range(2)]
    try:
        yield [await c.get(PortalCredentialReader) for c in containers]
    finally:
        for container in containers:
            await container.close()


async def _settled() -> None:
    """The set-up's own changes (a grant given...) are announced too: let them arrive before
    a test looks at what is kept."""
    await asyncio.sleep(0.3)


async def _until(check: Any, limit: float = 5.0) -> float:
    """Seconds until `check()` holds (polled as a client would keep asking)."""
    started = time.perf_counter()
    while not await check():
        if time.perf_counter() - started > limit:
            raise AssertionError(f"not within {limit} s")
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


async def test_both_processes_use_the_cache(processes: list[Any]) -> None:
    assert all(isinstance(p, CachedPortalCredentials) for p in processes)


async def test_an_ended_session_is_refused_in_the_other_process_within_a_second(
    two_tenants: UoWs, processes: list[Any]
) -> None:
    a, _ = two_tenants
    *_, session, _ = await _signed_in(a, "jana@x.example", _digest(1))
    await _settled()
    here, there = processes
    kept = await there.read(_digest(1))
    assert kept is not None and kept.session.revoked_at is None
    assert await there.read(_digest(1)) is kept  # served from memory now

    await a.portal_sessions.revoke(session.id, NOW, "logged out")
    await a.commit()

    async def refused() -> bool:
        found = await there.read(_digest(1))
        return found is None or found.session.revoked_at is not None

    elapsed = await _until(refused)
    assert elapsed < 1.0, elapsed
    assert await here.read(_digest(1)) is not None  # the other process reads afresh too


async def test_a_revoked_grant_is_gone_in_the_other_process_within_a_second(
    two_tenants: UoWs, processes: list[Any]
) -> None:
    a, b = two_tenants
    *_, kept_grant = await _signed_in(a, "jana@x.example", _digest(1))
    await _signed_in(b, "theirs@x.example", _digest(2))
    await _settled()
    _, there = processes
    principal = await there.read(_digest(1))
    assert [g.id for g in principal.grants] == [kept_grant.id]
    theirs = await there.read(_digest(2))
    assert await there.read(_digest(2)) is theirs

    kept_grant.revoke(NOW)
    await a.grants.save(kept_grant)
    await a.commit()

    async def narrowed() -> bool:
        return (await there.read(_digest(1))).grants == ()

    assert await _until(narrowed) < 1.0
    assert await there.read(_digest(2)) is theirs  # another tenant's principal stays kept


async def test_the_idle_timers_touch_announces_nothing(
    two_tenants: UoWs, processes: list[Any]
) -> None:
    a, _ = two_tenants
    *_, session, _ = await _signed_in(a, "jana@x.example", _digest(1))
    await _settled()
    _, there = processes
    kept = await there.read(_digest(1))
    await a.portal_sessions.touch(session.id, NOW)
    await a.commit()
    await asyncio.sleep(0.3)
    assert await there.read(_digest(1)) is kept


def test_the_cache_is_refused_without_postgresql() -> None:
    with pytest.raises(SettingsError, match="ORDINAVO_PORTAL_SESSION_CACHE"):
        Settings.from_env(
            {
                "ORDINAVO_DATABASE_URL": "sqlite+aiosqlite:///x.db",
                "ORDINAVO_PORTAL_SESSION_CACHE": "on",
            }
        )
