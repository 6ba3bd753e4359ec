"""PostgreSQL's row-level security as a backstop: a query that forgets the tenant filter still
sees only the rows of the tenant its unit of work is bound to.

Superusers skip every policy, so the check runs as an ordinary role, as production should.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.database import is_sqlite
from ordinavo.adapters.persistence.mappers import customer_onto_row
from ordinavo.adapters.persistence.models import CustomerModel
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork, unbind_tenant
from ordinavo.domain.customers import Customer, CustomerDetails
from tests.integration.conftest import NOW, ids, open_tenant

ROLE = "ordinavo_rls_probe"


@pytest.fixture
async def probe(db: SQLAlchemyAsyncConfig, database_url: str) -> AsyncIterator[None]:
    if is_sqlite(database_url):
        pytest.skip(
            "row-level security is a PostgreSQL feature; SQLite relies on the "
            "tenant-bound repositories alone"
        )
    async with db.get_engine().begin() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": ROLE}
        )
        if not exists:
            await connection.execute(text(f"CREATE ROLE {ROLE} NOLOGIN"))
        await connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {ROLE}"))
        await connection.execute(
            text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}")
        )
    yield


def _customer(tenant_id, name: str) -> Customer:  # type: ignore[no-untyped-def]
    return Customer.register(
        id=ids.new_id(),
        tenant_id=tenant_id,
        now=NOW,
        details=CustomerDetails(name=name, customer_number=ids.new_id().hex[-10:]),
    )


async def test_a_forgotten_tenant_filter_still_sees_only_the_bound_tenant(
    probe: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = await open_tenant(session, "tenant-a"), await open_tenant(session, "tenant-b")
    for tenant, name in ((a, "Ours"), (b, "Theirs"), (b, "Theirs too")):
        uow = SqlaUnitOfWork(session, tenant)
        await uow.customers.add(_customer(tenant, name))
        await uow.commit()

    async with db.create_session_maker()() as probe_session:
        SqlaUnitOfWork(probe_session, a)  # binds the session to tenant A
        await probe_session.execute(text(f"SET ROLE {ROLE}"))
        # Deliberately no tenant filter: the kind of query the backstop exists for.
        names = (await probe_session.execute(select(CustomerModel.name))).scalars().all()
        assert names == ["Ours"]
        assert await probe_session.scalar(select(func.count()).select_from(CustomerModel)) == 1

        theirs = _customer(b, "Smuggled")
        probe_session.add(customer_onto_row(theirs, CustomerModel()))
        with pytest.raises(DBAPIError, match="row-level security"):
            await probe_session.flush()
        await probe_session.rollback()


async def test_without_a_bound_tenant_the_policy_does_not_hide_rows(
    probe: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    """Credential lookups run before the tenant is known; they must still find their row."""
    a = await open_tenant(session, "tenant-a")
    uow = SqlaUnitOfWork(session, a)
    await uow.customers.add(_customer(a, "Ours"))
    await uow.commit()
    async with db.create_session_maker()() as unbound:
        await unbound.execute(text(f"SET ROLE {ROLE}"))
        assert await unbound.scalar(select(func.count()).select_from(CustomerModel)) == 1


async def test_every_tenant_owned_table_is_under_the_policy(
    probe: None, session: AsyncSession
) -> None:
    from ordinavo.adapters.persistence.models import TENANT_OWNED_TABLES

    rows = await session.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE c.relrowsecurity AND c.relforcerowsecurity AND p.polname = 'tenant_isolation'"
        )
    )
    secured = {name for (name,) in rows}
    assert set(TENANT_OWNED_TABLES) - secured == set()


async def test_unbinding_after_a_tenant_was_bound_in_the_same_transaction_sees_every_tenant(
    probe: None, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    """The worker reads and writes across tenants between tenant-bound steps (the relay, the
    reminders): unbinding must reach PostgreSQL, not only the session."""
    a, b = await open_tenant(session, "tenant-a"), await open_tenant(session, "tenant-b")
    for tenant, name in ((a, "Ours"), (b, "Theirs")):
        uow = SqlaUnitOfWork(session, tenant)
        await uow.customers.add(_customer(tenant, name))
        await uow.commit()

    async with db.create_session_maker()() as probe_session:
        await probe_session.execute(text(f"SET ROLE {ROLE}"))
        SqlaUnitOfWork(probe_session, a)
        assert (await probe_session.execute(select(CustomerModel.name))).scalars().all() == [
            "Ours"
        ]
        unbind_tenant(probe_session)  # same transaction
        names = (await probe_session.execute(select(CustomerModel.name))).scalars().all()
        assert sorted(names) == ["Ours", "Theirs"]
        probe_session.add(customer_onto_row(_customer(b, "Written unbound"), CustomerModel()))
        await probe_session.flush()  # a cross-tenant write is not refused either
        await probe_session.rollback()
