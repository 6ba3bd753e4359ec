"""What the app's PostgreSQL connections start with (adapters/persistence/database.py)."""

from __future__ import annotations

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import text

from ordinavo.adapters.persistence.database import database_config, is_sqlite


async def test_prepared_statements_are_planned_once_unless_told_otherwise(
    database_url: str, db: SQLAlchemyAsyncConfig
) -> None:
    if is_sqlite(database_url):
        pytest.skip("plan_cache_mode is a PostgreSQL setting")
    async with db.get_engine().connect() as connection:
        mode = (await connection.execute(text("SHOW plan_cache_mode"))).scalar()
    assert mode == "force_generic_plan"
    server_default = database_config(database_url, pool_size=1, plan_cache_mode="auto")
    try:
        async with server_default.get_engine().connect() as connection:
            mode = (await connection.execute(text("SHOW plan_cache_mode"))).scalar()
    finally:
        await server_default.get_engine().dispose()
    assert mode == "auto"
