"""Fixtures shared by every tier: the database (SQLite or PostgreSQL) and a fixed clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.support.database import backend_name, fresh_database, wipe

if TYPE_CHECKING:
    from tests.support.harness import Harness


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


@pytest.fixture(scope="session")
def shared_harness(database_url: str) -> Iterator[Harness]:
    """Both apps and the worker with the default test settings, built once: building them
    costs more than most tests."""
    from tests.support.harness import harness

    with harness(database_url) as h:
        yield h


@pytest.fixture
def fresh_harness(shared_harness: Harness, empty_database: str) -> Harness:
    """The shared harness over the emptied database, looking new: its clock, captured mail,
    cookies and stored files as a harness of the test's own would have them."""
    shared_harness.reset()
    return shared_harness
