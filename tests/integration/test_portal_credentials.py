"""The portal principal in one statement (adapters/persistence/portal_credentials.py): what it
reads, and that PostgreSQL's row-level security still limits it to the session's tenant."""

from __future__ import annotations

import hashlib

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import select

from ordinavo.adapters.persistence.database import is_sqlite
from ordinavo.adapters.persistence.driver_statements import statements_for
from ordinavo.adapters.persistence.portal_credentials import (
    SqlaPortalCredentialReader,
    backstopped_statement,
)
from ordinavo.adapters.persistence.portal_models import GrantModel
from ordinavo.adapters.persistence.tenant_binding import span_all_tenants
from ordinavo.domain.portal_access import Capabilities
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.tenants import TenantSettings
from tests.integration.conftest import NOW, ids
from tests.integration.test_portal_persistence import (
    UoWs,
    _customer_with_locations,
    _grant,
    _portal_user,
)


async def _signed_in(uow, email: str, digest: str):  # type: ignore[no-untyped-def]
    """A customer with two locations, its portal user with a session, a grant on one location
    and a second, revoked grant on the whole customer."""
    customer, (north, _) = await _customer_with_locations(uow, f"Bakery {email}", "N", "S")
    user = await _portal_user(uow, customer, email)
    kept = _grant(uow, user, customer, [north])
    revoked = _grant(uow, user, customer, [])
    revoked.revoke(NOW)
    for grant in (kept, revoked):
        await uow.grants.add(grant)
    session = PortalSession.start(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        portal_user_id=user.id,
        token_hash=digest,
        settings=TenantSettings(),
        now=NOW,
    )
    await uow.portal_sessions.add(session)
    await uow.commit()
    return customer, north, user, session, kept


def _digest(n: int) -> str:
    return hashlib.sha256(bytes([n])).hexdigest()


async def test_one_statement_reads_session_user_active_grants_and_customer_names(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = two_tenants
    customer, north, user, session, kept = await _signed_in(a, "ours@x.example", _digest(1))
    await _signed_in(b, "theirs@x.example", _digest(2))
    reader = SqlaPortalCredentialReader(db.get_engine())

    found = await reader.read(_digest(1))

    assert found is not None
    assert found.tenant_id == a.tenant_id
    assert found.session == session
    assert found.user.id == user.id and found.user.email == "ours@x.example"
    assert [(g.id, g.location_ids) for g in found.grants] == [(kept.id, frozenset({north.id}))]
    assert found.grants[0].capabilities == Capabilities(submit_requests=True)
    assert found.customer_names == {customer.id: customer.details.name}
    assert await reader.read("0" * 64) is None


async def test_a_user_without_grants_is_still_found(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    customer, _ = await _customer_with_locations(a, "Bakery")
    user = await _portal_user(a, customer, "jana@x.example")
    await a.portal_sessions.add(
        PortalSession.start(
            id=ids.new_id(),
            tenant_id=a.tenant_id,
            portal_user_id=user.id,
            token_hash=_digest(3),
            settings=TenantSettings(),
            now=NOW,
        )
    )
    await a.commit()
    found = await SqlaPortalCredentialReader(db.get_engine()).read(_digest(3))
    assert found is not None and found.user.id == user.id
    assert found.grants == () and found.customer_names == {}


async def test_row_level_security_still_limits_the_grants_to_the_sessions_tenant(
    database_url: str, two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    """The statement spans every tenant to find the session, then binds itself to the
    session's tenant before reading grants. Without its grant filter (tenant and user), only
    the backstop stands between it and every tenant's grants: it must still return only the
    session tenant's (the suite connects as the ordinary role, tests/support/database.py)."""
    if is_sqlite(database_url):
        pytest.skip("row-level security is a PostgreSQL feature")
    a, b = two_tenants
    await _signed_in(a, "ours@x.example", _digest(1))
    await _signed_in(a, "colleague@x.example", _digest(4))
    await _signed_in(b, "theirs@x.example", _digest(2))
    unfiltered = backstopped_statement(filter_grants=False)

    # The way the hot path runs it: on the driver's connection, outside any session.
    rows = await statements_for(db.get_engine()).rows(unfiltered, {"digest": _digest(1)})

    granted = {row["grant_id"] for row in rows}
    async with db.create_session_maker()() as everyone:
        span_all_tenants(everyone, "this test: every active grant, to compare")
        every = (
            await everyone.execute(
                select(GrantModel.id, GrantModel.tenant_id).where(GrantModel.revoked_at.is_(None))
            )
        ).all()
    # The control: unfiltered, the grants of both users of A and the user of B are active.
    assert {t for _, t in every} == {a.tenant_id, b.tenant_id}
    assert granted == {gid for gid, t in every if t == a.tenant_id}
    assert len(granted) == 2  # both users of A: the filter really was missing
    assert {row["tenant_id"] for row in rows} == {a.tenant_id}
