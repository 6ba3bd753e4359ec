"""The hot path's own connections (driver_statements.DriverConnections) on PostgreSQL: reused
while healthy, never more than their size, dropped when their state is unknown, and closed
with the app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from ordinavo.adapters.persistence.database import is_sqlite, postgres_server_settings
from ordinavo.adapters.persistence.driver_statements import (
    DriverConnections,
    driver_connect_args,
)

PID = "SELECT pg_backend_pid() AS pid"


@pytest.fixture
def dsn(database_url: str) -> dict[str, str]:
    """asyncpg's connection arguments for the suite's database."""
    if is_sqlite(database_url):
        pytest.skip("the driver's own connections are PostgreSQL's")
    return {"dsn": database_url.replace("postgresql+asyncpg://", "postgresql://", 1)}


@pytest.fixture
async def two(dsn: dict[str, str]) -> AsyncIterator[DriverConnections]:
    connections = DriverConnections(dsn, size=2, server_settings=postgres_server_settings())
    yield connections
    await connections.close()


async def _pid(connections: DriverConnections) -> int:
    [row] = await connections.fetch(PID, [])
    return int(row["pid"])


async def test_one_connection_serves_statements_one_after_another(
    two: DriverConnections,
) -> None:
    assert two.open_connections == 0  # opened on first use only
    pids = {await _pid(two) for _ in range(5)}
    assert len(pids) == 1
    assert two.open_connections == 1


async def test_the_login_settings_and_json_decoding_apply(two: DriverConnections) -> None:
    [row] = await two.fetch(
        "SELECT current_setting('plan_cache_mode') AS mode, "
        """'{"a": [1, 2]}'::jsonb AS b, '{"c": null}'::json AS j""",
        [],
    )
    assert row["mode"] == "force_generic_plan"
    assert row["b"] == {"a": [1, 2]} and row["j"] == {"c": None}


async def test_concurrent_statements_beyond_the_size_wait_their_turn(
    two: DriverConnections,
) -> None:
    rows = await asyncio.gather(
        *(two.fetch("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)", []) for _ in range(6))
    )
    assert len({r[0]["pid"] for r in rows}) == 2  # all six served, on two connections
    assert two.open_connections == 2


async def test_a_database_error_keeps_the_connection(two: DriverConnections) -> None:
    before = await _pid(two)
    with pytest.raises(asyncpg.exceptions.DivisionByZeroError):
        await two.fetch("SELECT 1 / 0", [])
    assert await _pid(two) == before
    assert two.open_connections == 1


async def test_a_cancelled_statement_drops_its_connection(two: DriverConnections) -> None:
    before = await _pid(two)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(two.fetch("SELECT pg_sleep(5)", []), timeout=0.1)
    assert two.open_connections == 0  # its reply may still be on its way: not reused
    assert await _pid(two) != before


async def test_a_connection_the_server_ended_while_idle_is_replaced(
    two: DriverConnections, dsn: dict[str, str]
) -> None:
    before = await _pid(two)
    admin = await asyncpg.connect(**dsn)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", before)
    finally:
        await admin.close()
    await asyncio.sleep(0.2)  # the server's goodbye arrives
    assert await _pid(two) != before  # no statement failed on the ended connection
    assert two.open_connections == 1


async def test_a_borrower_that_gives_up_waiting_loses_no_connection(dsn: dict[str, str]) -> None:
    one = DriverConnections(dsn, size=1)
    try:
        slow = asyncio.ensure_future(one.fetch("SELECT pg_sleep(0.2)", []))
        await asyncio.sleep(0.05)
        impatient = asyncio.ensure_future(one.fetch(PID, []))
        await asyncio.sleep(0.01)
        impatient.cancel()
        await slow
        with pytest.raises(asyncio.CancelledError):
            await impatient
        await asyncio.wait_for(_pid(one), timeout=2)  # the one connection came back
        assert one.open_connections == 1
    finally:
        await one.close()


def test_connection_arguments_are_read_from_the_url_as_the_engine_reads_them() -> None:
    engine = create_async_engine(
        "postgresql+asyncpg://app:secret@db.example:6543/ordinavo"
        "?ssl=require&prepared_statement_cache_size=50"
    )
    assert driver_connect_args(engine) == {
        "host": "db.example",
        "port": 6543,
        "user": "app",
        "password": "secret",
        "database": "ordinavo",
        "ssl": "require",  # the engine's own options travel; its dialect's stay behind
    }


async def test_closing_ends_every_connection(dsn: dict[str, str]) -> None:
    connections = DriverConnections(dsn, size=2)
    pid = await _pid(connections)
    await connections.close()
    assert connections.open_connections == 0
    admin = await asyncpg.connect(**dsn)
    try:
        for _ in range(50):
            alive = await admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid
            )
            if not alive:
                break
            await asyncio.sleep(0.02)
        assert alive == 0
    finally:
        await admin.close()
    with pytest.raises(RuntimeError, match="closed"):
        await _pid(connections)


async def test_an_old_connection_is_recycled(dsn: dict[str, str]) -> None:
    connections = DriverConnections(dsn, size=1, recycle=0.0)
    try:
        first = await _pid(connections)
        assert connections.open_connections == 0  # past its age when it came back
        assert await _pid(connections) != first
    finally:
        await connections.close()
