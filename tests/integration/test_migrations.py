"""The migrations build exactly the schema the models declare, on both databases."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.base import metadata_registry
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from ordinavo.adapters.persistence import models  # noqa: F401  (registers the tables)
from ordinavo.adapters.persistence.migrator import alembic_config, upgrade


async def test_migrated_schema_matches_the_models(db: SQLAlchemyAsyncConfig) -> None:
    def differences(connection: Any) -> list[Any]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "version_table": "alembic_versions"}
        )
        return compare_metadata(context, metadata_registry.get(None))

    async with db.get_engine().connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []


async def test_every_model_table_exists(db: SQLAlchemyAsyncConfig) -> None:
    async with db.get_engine().connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert set(metadata_registry.get(None).tables) <= tables
    assert "alembic_versions" in tables


async def test_upgrading_twice_changes_nothing(db: SQLAlchemyAsyncConfig) -> None:
    await upgrade(db.get_engine())
    await upgrade(db.get_engine())
    async with db.get_engine().connect() as connection:
        versions = await connection.run_sync(
            lambda c: c.exec_driver_sql("SELECT version_num FROM alembic_versions").all()
        )
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert [v[0] for v in versions] == [head]
    assert head == "0012"
