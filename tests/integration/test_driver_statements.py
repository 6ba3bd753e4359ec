"""The hot path's statements on the driver's own connection (driver_statements.py): the same
SQL and arguments SQLAlchemy would send, a connection given back without its tenant, and the
observers that let telemetry and the statement counts see what SQLAlchemy's events cannot."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import func, literal, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from ordinavo.adapters.persistence.database import database_config, is_sqlite
from ordinavo.adapters.persistence.driver_statements import (
    DriverConnections,
    DriverStatements,
    driver_connect_args,
    observe,
    statements_for,
)
from ordinavo.adapters.persistence.models import CustomerModel
from ordinavo.adapters.persistence.portal_pages import backstopped_page_shape
from ordinavo.adapters.persistence.tenant_binding import read_as_tenant
from tests.integration.test_customer_core_persistence import add_customer


def test_a_statement_is_bound_as_sqlalchemy_would_send_it_whatever_its_lists() -> None:
    """The expansion of list parameters (IN) is planned once per number of items; each plan
    must give the very text and arguments SQLAlchemy's own expansion gives."""
    engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1/nothing")
    statements = DriverStatements(engine)
    shape = backstopped_page_shape(
        ("c", "l"), whole_filter=True, has_before=False, has_after=True, with_technician=True
    )
    now = datetime.now(UTC)
    for items in (1, 3, 2, 1, 3):
        params = {
            "tenant": uuid4(),
            "earliest": now,
            "ends_after": now,
            "limit": 51,
            "b0": uuid4(),
            "b1": uuid4(),
            "whole": [uuid4() for _ in range(items)],
            "after_at": now,
            "after_id": uuid4(),
        }
        sql, arguments = statements._compile(shape).bind(params)
        own = shape.compile(dialect=engine.dialect).construct_expanded_state(params)
        positional = zip(own.positiontup or (), own.positional_parameters, strict=True)
        expected = [own.processors[k](v) if k in own.processors else v for k, v in positional]
        assert sql == own.statement
        assert arguments == expected
        listed = {str(u) for u in params["whole"]}
        assert sum(1 for a in arguments if str(a) in listed) == items


@pytest.mark.parametrize("own_connections", [True, False], ids=["own", "engine's pool"])
async def test_a_connection_goes_back_to_the_pool_without_its_tenant(
    database_url: str, two_tenants: Any, own_connections: bool
) -> None:
    if is_sqlite(database_url):
        pytest.skip("the driver path and row-level security are PostgreSQL's")
    a, _ = two_tenants
    tenant = a.tenant_id
    await add_customer(a, "Visible while bound")
    await a.commit()
    config = database_config(database_url, pool_size=1, max_overflow=0)  # one connection
    engine = config.get_engine()
    # The app's way: connections of the hot path's own (one here); else the engine's.
    own = DriverConnections(driver_connect_args(engine), size=1)
    try:
        statements = statements_for(engine, own if own_connections else None)
        bound = read_as_tenant(
            select(func.pg_backend_pid().label("pid"), func.count().label("n")).select_from(
                CustomerModel
            ),
            literal(tenant, CustomerModel.tenant_id.type),
        )
        [row] = await statements.rows(bound)
        assert row["n"] == 1  # bound: the tenant's customer
        settings = text(
            "SELECT pg_backend_pid() AS pid, current_setting('ordinavo.tenant_id', true) AS t, "
            "current_setting('ordinavo.all_tenants', true) AS s, "
            "(SELECT count(*) FROM customers) AS customers"
        )
        if own_connections:
            [after] = await own.fetch(str(settings), [])
            pid, tenant_setting, spanning, customers = after
        else:
            async with engine.connect() as connection:
                pid, tenant_setting, spanning, customers = (
                    await connection.execute(settings)
                ).one()
        assert pid == row["pid"]  # the very connection the hot path used
        assert tenant_setting in (None, "") and spanning in (None, "", "off")
        assert customers == 0  # unbound again: the backstop shows nothing
    finally:
        await own.close()
        await engine.dispose()


async def test_observers_see_each_driver_statement_until_undone(database_url: str) -> None:
    if is_sqlite(database_url):
        pytest.skip("SQLite runs these statements through the engine and its events")
    config = database_config(database_url)
    engine = config.get_engine()
    seen: list[tuple[str, tuple[Any, ...]]] = []

    @contextlib.contextmanager
    def watch(statement: str, arguments: Any) -> Iterator[None]:
        seen.append((statement, tuple(arguments)))
        yield

    try:
        statements = statements_for(engine)
        undo = observe(watch, engine)
        await statements.rows(select(literal(7).label("seven")))
        undo()
        await statements.rows(select(literal(8).label("eight")))
        assert len(seen) == 1
        assert "seven" in seen[0][0] and seen[0][1] == (7,)
    finally:
        await engine.dispose()
