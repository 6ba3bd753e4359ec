"""Engine and session configuration through advanced-alchemy, for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import asyncpg
from advanced_alchemy.config import AsyncSessionConfig, EngineConfig, SQLAlchemyAsyncConfig
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool


class DatabaseUnreachable(Exception):
    """No connection to the configured database; the message is one line for an operator."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


PLAN_CACHE_MODES = ("force_generic_plan", "auto", "force_custom_plan")


def postgres_server_settings(plan_cache_mode: str = PLAN_CACHE_MODES[0]) -> dict[str, str]:
    """What every PostgreSQL connection starts with (sent with the login: no round trip).

    `force_generic_plan`: a prepared statement (asyncpg prepares each statement once per
    connection) is planned once and the plan reused. PostgreSQL's `auto` plans the first five
    executions for their parameter values, then keeps planning anew whenever the generic
    plan's estimate looks costlier, as the portal's appointment page at 1M rows does: planning
    then costs more than running it (bench/plan_cache.py). `auto` leaves the server's choice."""
    if plan_cache_mode not in PLAN_CACHE_MODES:
        raise ValueError(f"plan_cache_mode is one of {', '.join(PLAN_CACHE_MODES)}")
    return {} if plan_cache_mode == "auto" else {"plan_cache_mode": plan_cache_mode}


def database_config(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int | None = None,
    plan_cache_mode: str = PLAN_CACHE_MODES[0],
) -> SQLAlchemyAsyncConfig:
    engine_config: dict[str, Any] = {}
    if is_sqlite(url):
        # One file, many short transactions: a fresh connection each time avoids stale locks.
        engine_config = {"poolclass": NullPool, "connect_args": {"timeout": 30}}
    else:
        # No pre-ping (a round trip on every checkout); connections are recycled instead. The
        # pool's rollback on return costs no round trip once the session ended its transaction
        # (the asyncpg adapter skips it), and nothing session-level needs resetting: the tenant
        # binding is transaction-local (tenant_binding.py; tested in test_row_level_security).
        engine_config = {
            "pool_size": pool_size,
            "max_overflow": pool_size if max_overflow is None else max_overflow,
            "pool_recycle": 1800,
            "connect_args": {"server_settings": postgres_server_settings(plan_cache_mode)},
        }
    config = SQLAlchemyAsyncConfig(
        connection_string=url,
        session_config=AsyncSessionConfig(expire_on_commit=False, autoflush=False),
        engine_config=EngineConfig(**engine_config),
        create_all=False,
    )
    if is_sqlite(url):
        engine = config.get_engine()

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

    return config


async def ensure_reachable(engine: AsyncEngine) -> None:
    """Connect once, so that a wrong host, port, name or password is told in one line before
    anything else starts, not as a traceback from deep inside a migration or a server."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OSError, DBAPIError, asyncpg.PostgresError) as error:
        reason = error.orig if isinstance(error, DBAPIError) and error.orig else error
        detail = " ".join(str(reason).split()) or type(reason).__name__
        raise DatabaseUnreachable(
            f"Cannot reach the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{detail}"
        ) from error
