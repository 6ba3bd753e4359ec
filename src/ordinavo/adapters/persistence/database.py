"""Engine and session configuration through advanced-alchemy, for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.config import AsyncSessionConfig, EngineConfig, SQLAlchemyAsyncConfig
from sqlalchemy import event
from sqlalchemy.pool import NullPool


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def database_config(url: str, *, pool_size: int = 10) -> SQLAlchemyAsyncConfig:
    engine_config: dict[str, Any] = {}
    if is_sqlite(url):
        # One file, many short transactions: a fresh connection each time avoids stale locks.
        engine_config = {"poolclass": NullPool, "connect_args": {"timeout": 30}}
    else:
        # No pre-ping (a round trip on every checkout); connections are recycled instead.
        engine_config = {"pool_size": pool_size, "max_overflow": pool_size, "pool_recycle": 1800}
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
