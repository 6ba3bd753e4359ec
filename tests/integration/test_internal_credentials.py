"""The internal principal in one statement (adapters/persistence/internal_credentials.py): an
access token with its user, or an API key, with the tenant's access switches; what ends them
is read afresh every time; on PostgreSQL the backstop lets the statement past only because it
spans tenants for itself."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.database import is_sqlite
from ordinavo.adapters.persistence.directory import SqlaTenantDirectory
from ordinavo.adapters.persistence.internal_credentials import (
    SqlaInternalCredentialReader,
    plain_statement,
)
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.domain.identity import AccessToken, ActorKind, ApiKey, ApiScope, InternalUser, Role
from ordinavo.domain.role_model import DEFAULT_SWITCHES
from tests.integration.conftest import NOW, ids

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]


def _digest(n: int) -> str:
    return hashlib.sha256(bytes([n])).hexdigest()


async def _user_with_token(
    uow: SqlaUnitOfWork, email: str, digest: str, role: Role = Role.MANAGER
) -> tuple[InternalUser, AccessToken]:
    user = InternalUser.enrol(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        email=email,
        display_name="Max Berg",
        role=role,
        password_hash="x",
        now=NOW,
    )
    await uow.users.add(user)
    token = AccessToken(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        user_id=user.id,
        token_hash=digest,
        created_at=NOW,
        expires_at=NOW + timedelta(hours=12),
    )
    await uow.access_tokens.add(token)
    await uow.commit()
    return user, token


async def _api_key(uow: SqlaUnitOfWork, created_by: InternalUser, digest: str) -> ApiKey:
    key = ApiKey.issue(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        name="ERP",
        prefix="ordv_abc",
        key_hash=digest,
        scopes=frozenset({ApiScope.CORE_READ, ApiScope.WORK_READ}),
        created_by=created_by.id,
        now=NOW,
    )
    await uow.api_keys.add(key)
    await uow.commit()
    return key


async def _turn_switch(session: AsyncSession, uow: SqlaUnitOfWork) -> None:
    directory = SqlaTenantDirectory(session)
    tenant = await directory.get(uow.tenant_id)
    assert tenant is not None
    tenant.change_access_switches({"dispatcher_billing": "none"})
    await directory.save(tenant)
    await session.commit()


async def test_a_token_reads_as_its_user_with_the_tenants_switches(
    two_tenants: UoWs, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = two_tenants
    user, token = await _user_with_token(a, "max@a.example", _digest(1))
    await _user_with_token(b, "max@b.example", _digest(2), role=Role.TENANT_ADMIN)
    await _turn_switch(session, a)
    reader = SqlaInternalCredentialReader(db.get_engine())

    found = await reader.read(_digest(1))

    assert found is not None
    actor = found.actor
    assert (actor.kind, actor.id, actor.tenant_id) == (ActorKind.USER, user.id, a.tenant_id)
    assert actor.role is Role.MANAGER and actor.credential_id == token.id
    assert actor.switches.value("dispatcher_billing") == "none"
    assert found.expires_at == token.expires_at and found.revoked_at is None
    assert found.is_valid_at(NOW) and not found.is_valid_at(token.expires_at)
    other = await reader.read(_digest(2))
    assert other is not None and other.actor.tenant_id == b.tenant_id
    assert other.actor.switches == DEFAULT_SWITCHES
    assert await reader.read("0" * 64) is None


async def test_an_api_key_reads_as_an_integration_with_its_scopes(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    user, _ = await _user_with_token(a, "max@a.example", _digest(1))
    key = await _api_key(a, user, _digest(3))

    found = await SqlaInternalCredentialReader(db.get_engine()).read(_digest(3))

    assert found is not None
    actor = found.actor
    assert (actor.kind, actor.id, actor.tenant_id) == (ActorKind.INTEGRATION, key.id, a.tenant_id)
    assert actor.scopes == {ApiScope.CORE_READ, ApiScope.WORK_READ}
    assert actor.credential_id == key.id and actor.role is None
    assert found.expires_at is None and found.is_valid_at(NOW + timedelta(days=3650))


async def test_revoked_tokens_disabled_users_and_revoked_keys_show_at_the_next_read(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    """Nothing is cached: each read sees what was committed before it."""
    a, _ = two_tenants
    user, token = await _user_with_token(a, "max@a.example", _digest(1))
    _, other_token = await _user_with_token(a, "eli@a.example", _digest(4))
    key = await _api_key(a, user, _digest(3))
    reader = SqlaInternalCredentialReader(db.get_engine())
    for digest in (_digest(1), _digest(4), _digest(3)):
        found = await reader.read(digest)
        assert found is not None and found.is_valid_at(NOW)

    await a.access_tokens.revoke(token.id, NOW)
    eli = await a.users.get(other_token.user_id)
    assert eli is not None
    eli.disable(NOW)
    await a.users.save(eli)
    key.revoke(NOW)
    await a.api_keys.save(key)
    await a.commit()

    revoked, disabled, revoked_key = [
        await reader.read(d) for d in (_digest(1), _digest(4), _digest(3))
    ]
    assert revoked is not None and revoked.revoked_at == NOW and not revoked.is_valid_at(NOW)
    assert disabled is not None and disabled.user_disabled_at == NOW
    assert not disabled.is_valid_at(NOW)
    assert revoked_key is not None and revoked_key.revoked_at == NOW
    assert not revoked_key.is_valid_at(NOW)


async def test_without_its_span_the_statement_sees_nothing_on_postgresql(
    database_url: str, two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    """The control for the backstop (the suite connects as the ordinary role,
    tests/support/database.py): the same branches without the span find no row, so the reader
    finds its rows only because it spans tenants for itself, in its own statement."""
    if is_sqlite(database_url):
        pytest.skip("row-level security is a PostgreSQL feature")
    a, _ = two_tenants
    user, _ = await _user_with_token(a, "max@a.example", _digest(1))
    await _api_key(a, user, _digest(3))

    async with db.get_engine().connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        for digest in (_digest(1), _digest(3)):
            rows = (await autocommit.execute(plain_statement(), {"digest": digest})).all()
            assert rows == []
    reader = SqlaInternalCredentialReader(db.get_engine())
    assert await reader.read(_digest(1)) is not None
    assert await reader.read(_digest(3)) is not None
