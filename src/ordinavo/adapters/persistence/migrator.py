"""Run Alembic migrations from async code, on SQLite or PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_versions"  # env.py's, not Alembic's default


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    def _run(sync_connection: Any) -> None:
        config = alembic_config()
        config.attributes["connection"] = sync_connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(_run)


async def make_revision(engine: AsyncEngine, message: str) -> None:
    """Autogenerate a revision against a database migrated to head (a developer tool)."""

    def _run(sync_connection: Any) -> None:
        config = alembic_config()
        config.attributes["connection"] = sync_connection
        command.revision(config, message=message, autogenerate=True)

    async with engine.begin() as connection:
        await connection.run_sync(_run)


@dataclass(frozen=True, slots=True)
class Migration:
    revision: str
    description: str


def migrations() -> list[Migration]:
    """Every migration, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [
        Migration(revision.revision, _headline(revision.doc or ""))
        for revision in reversed(list(script.walk_revisions()))
    ]


def _headline(doc: str, width: int = 72) -> str:
    """The docstring's first sentence, up to any colon, cut to fit one line of a listing."""
    line = " ".join(doc.split()).split(". ")[0].split(":")[0].rstrip(".")
    if len(line) <= width:
        return line
    return line[: width - 3].rsplit(" ", 1)[0].rstrip(",") + "..."


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None before the first migration."""

    def _read(sync_connection: Any) -> str | None:
        context = MigrationContext.configure(sync_connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(_read)
