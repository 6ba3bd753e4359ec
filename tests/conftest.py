"""Fixtures shared by every tier: the database (SQLite or PostgreSQL) and a fixed clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.support.database import backend_name, fresh_database, wipe


def pytest_report_header() -> str:
    return f"ordinavo test database: {backend_name()}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for the whole session."""
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def empty_database(database_url: str) -> Iterator[str]:
    """The session's database, emptied before the test."""
    asyncio.run(wipe(database_url))
    yield database_url
