"""PostgreSQL's row-level security as a backstop behind the tenant-bound repositories: a query
that forgets its tenant filter still sees only the rows of the tenant its unit of work is bound
to, and a transaction bound to no tenant sees none (migration 0011: it fails closed).

Superusers and roles with BYPASSRLS skip every policy, so the PostgreSQL run of the suite
connects as an ordinary role (tests/support/database.py), as production should: every test
crosses the backstop, not only these.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

import ordinavo
from ordinavo.adapters.persistence.database import database_config, is_sqlite
from ordinavo.adapters.persistence.mappers import customer_onto_row
from ordinavo.adapters.persistence.models import TENANT_OWNED_TABLES, CustomerModel
from ordinavo.adapters.persistence.tenant_binding import bind_tenant, span_all_tenants
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.domain.customers import Customer, CustomerDetails
from tests.integration.conftest import NOW, ids, open_tenant
from tests.support.database import APP_ROLE

# The modules allowed past the backstop, each for a reason. A new caller of
# `span_all_tenants` fails the test below until it is added here, knowingly.
SPANNING_MODULES = {
    # Credentials by digest (access tokens, API keys) in one statement: the tenant is known
    # from the row only; the statement reads nothing but the rows the digest names.
    "adapters/persistence/internal_credentials.py",
    # Portal sessions, invitations and password resets by digest: the same.
    "adapters/persistence/portal_directory.py",
    # The portal principal (session or calendar feed, user, grants) by digest in one
    # statement: the same; it binds itself to the row's tenant before it reads the grants.
    "adapters/persistence/portal_credentials.py",
    # The worker's outbox: events, due webhook deliveries, due mail and visits to remind, for
    # every tenant; each item is then handled by a unit of work bound to its own tenant.
    "adapters/persistence/outbox/repository.py",
    # The recurring generator's list of plans that owe visits, across tenants; each plan is
    # then worked on bound to its tenant.
    "adapters/persistence/recurring/directory.py",
}


@pytest.fixture
def postgres(database_url: str) -> None:
    if is_sqlite(database_url):
        pytest.skip(
            "row-level security is a PostgreSQL feature; SQLite relies on the "
            "tenant-bound repositories alone"
        )


def _customer(tenant_id, name: str) -> Customer:  # type: ignore[no-untyped-def]
    return Customer.register(
        id=ids.new_id(),
        tenant_id=tenant_id,
        now=NOW,
        details=CustomerDetails(name=name, customer_number=ids.new_id().hex[-10:]),
    )


async def _two_tenants_with_customers(session: AsyncSession):  # type: ignore[no-untyped-def]
    a, b = await open_tenant(session, "tenant-a"), await open_tenant(session, "tenant-b")
    for tenant, name in ((a, "Ours"), (b, "Theirs"), (b, "Theirs too")):
        uow = SqlaUnitOfWork(session, tenant)
        await uow.customers.add(_customer(tenant, name))
        await uow.commit()
    return a, b


async def test_the_suite_connects_as_an_ordinary_role(
    postgres: None, session: AsyncSession
) -> None:
    """Were it a superuser or BYPASSRLS, every policy would be skipped and these tests void."""
    row = (
        await session.execute(
            text(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        )
    ).one()
    assert tuple(row) == (APP_ROLE, False, False)


async def test_a_forgotten_tenant_filter_still_sees_only_the_bound_tenant(
    postgres: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = await _two_tenants_with_customers(session)
    async with db.create_session_maker()() as bound:
        SqlaUnitOfWork(bound, a)  # binds the session to tenant A
        # Deliberately no tenant filter: the kind of query the backstop exists for.
        names = (await bound.execute(select(CustomerModel.name))).scalars().all()
        assert names == ["Ours"]
        assert await bound.scalar(select(func.count()).select_from(CustomerModel)) == 1

        bound.add(customer_onto_row(_customer(b, "Smuggled"), CustomerModel()))
        with pytest.raises(DBAPIError, match="row-level security"):
            await bound.flush()
        await bound.rollback()


async def test_a_transaction_bound_to_no_tenant_sees_no_row_and_writes_none(
    postgres: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    """Fails closed: a code path that forgets to bind is refused, not served every tenant."""
    a, _ = await _two_tenants_with_customers(session)
    async with db.create_session_maker()() as unbound:
        assert await unbound.scalar(select(func.count()).select_from(CustomerModel)) == 0
        unbound.add(customer_onto_row(_customer(a, "Unbound"), CustomerModel()))
        with pytest.raises(DBAPIError, match="row-level security"):
            await unbound.flush()
        await unbound.rollback()


async def test_an_insert_as_the_first_statement_is_made_under_the_bound_tenant(
    postgres: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    """A flush passes no ORM execute hook: the tenant must reach PostgreSQL before it too."""
    a = await open_tenant(session, "tenant-a")
    async with db.create_session_maker()() as fresh:
        SqlaUnitOfWork(fresh, a)
        fresh.add(customer_onto_row(_customer(a, "First"), CustomerModel()))
        await fresh.flush()
        await fresh.commit()


async def test_spanning_all_tenants_sees_and_writes_every_tenant_then_binding_narrows_again(
    postgres: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    """The worker crosses tenants between tenant-bound steps in one transaction: each switch
    must reach PostgreSQL, not only the session."""
    a, b = await _two_tenants_with_customers(session)
    async with db.create_session_maker()() as worker:
        SqlaUnitOfWork(worker, a)
        assert (await worker.execute(select(CustomerModel.name))).scalars().all() == ["Ours"]
        span_all_tenants(worker, "this test")  # same transaction
        names = (await worker.execute(select(CustomerModel.name))).scalars().all()
        assert sorted(names) == ["Ours", "Theirs", "Theirs too"]
        worker.add(customer_onto_row(_customer(b, "Written across"), CustomerModel()))
        await worker.flush()

        SqlaUnitOfWork(worker, b)  # and back to one tenant, still the same transaction
        count = await worker.scalar(select(func.count()).select_from(CustomerModel))
        assert count == 3
        await worker.rollback()


async def test_every_tenant_owned_table_is_under_a_fail_closed_policy(
    postgres: None, session: AsyncSession
) -> None:
    rows = (
        await session.execute(
            text(
                "SELECT c.relname, pg_get_expr(p.polqual, p.polrelid), "
                "pg_get_expr(p.polwithcheck, p.polrelid) "
                "FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid "
                "WHERE c.relrowsecurity AND c.relforcerowsecurity "
                "AND p.polname = 'tenant_isolation'"
            )
        )
    ).all()
    assert set(TENANT_OWNED_TABLES) - {table for table, _, _ in rows} == set()
    for table, using, check in rows:
        for condition in (using, check):
            # No "IS NULL" escape for an unbound transaction; only the explicit setting.
            assert "IS NULL" not in condition, (table, condition)
            assert "ordinavo.all_tenants" in condition, (table, condition)


def test_only_the_listed_modules_cross_tenants() -> None:
    root = Path(ordinavo.__file__).parent
    callers = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if re.search(r"\bspan_all_tenants(_in_statement)?\(", path.read_text())
    }
    callers.discard("adapters/persistence/tenant_binding.py")  # where it is defined
    assert callers == SPANNING_MODULES


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
async def test_a_released_connection_carries_no_tenant_to_the_next_checkout(
    postgres: None, session: AsyncSession, database_url: str, ending: str
) -> None:
    """The binding is transaction-local (set_config's `true`), so returning a connection to the
    pool needs no reset statement: the next session on the same server process sees nothing."""
    a, _ = await _two_tenants_with_customers(session)
    config = database_config(database_url, pool_size=1, max_overflow=0)  # one connection, reused
    maker = config.create_session_maker()
    try:
        for binding in ("tenant", "all"):
            async with maker() as first:
                if binding == "tenant":
                    bind_tenant(first, a)
                else:
                    span_all_tenants(first, "test: the widest binding must not outlive it")
                seen = await first.scalar(select(func.count()).select_from(CustomerModel))
                assert seen == (1 if binding == "tenant" else 3)
                pid = await first.scalar(text("SELECT pg_backend_pid()"))
                if ending == "commit":
                    await first.commit()
                elif ending == "rollback":
                    await first.rollback()
            async with maker() as second:
                assert await second.scalar(text("SELECT pg_backend_pid()")) == pid
                settings = (
                    await second.execute(
                        text(
                            "SELECT current_setting('ordinavo.tenant_id', true), "
                            "current_setting('ordinavo.all_tenants', true)"
                        )
                    )
                ).one()
                assert settings[0] in (None, "") and settings[1] in (None, "", "off")
                assert await second.scalar(select(func.count()).select_from(CustomerModel)) == 0
    finally:
        await config.get_engine().dispose()
