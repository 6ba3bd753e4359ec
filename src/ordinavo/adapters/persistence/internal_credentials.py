"""The internal API's principal behind a bearer digest: an access token with its user, or an
API key, with the tenant's access switches, in one prebuilt statement.

The statement is a UNION ALL of a token branch and a key branch, each one unique-index lookup
joined to its tenant. It runs on a pooled connection of its own in AUTOCOMMIT, without an ORM
session: the statement is its own transaction, so no BEGIN and no ROLLBACK go with it.

On PostgreSQL the statement first spans all tenants (the tenant is known only from the row
found), as the session-based lookup did before; it reads nothing but the rows named by the
digest. SQLite has no row-level security: the same branches without the span.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    literal_column,
    null,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from ordinavo.adapters.persistence.mappers import switches_from_column
from ordinavo.adapters.persistence.models import (
    AccessTokenModel,
    ApiKeyModel,
    InternalUserModel,
    TenantModel,
)
from ordinavo.adapters.persistence.tenant_binding import span_all_tenants_in_statement
from ordinavo.application.ports.repositories import InternalPrincipal
from ordinavo.domain.identity import Actor, ApiScope, Role

_T = AccessTokenModel.__table__.c
_U = InternalUserModel.__table__.c
_K = ApiKeyModel.__table__.c
_N = TenantModel.__table__.c

_USER, _INTEGRATION = "user", "integration"
_REASON = "a bearer credential names its tenant only by its row"


def _typed_null(column: ColumnElement[Any], label: str) -> ColumnElement[Any]:
    # Typed, so the union's result columns convert as the other branch's do (UUID, dates, JSON).
    return type_coerce(null(), column.type).label(label)


def _branches(*, where: tuple[ColumnElement[bool], ...] = ()) -> CompoundSelect:
    """The token branch first (it sets the union's column types), then the key branch."""
    digest = bindparam("digest")
    token = (
        select(
            literal_column(f"'{_USER}'").label("kind"),
            _T.id.label("credential_id"),
            _T.tenant_id,
            _T.user_id,
            _U.role,
            _typed_null(_K.scopes, "scopes"),
            _typed_null(_K.source_system, "source_system"),
            _T.revoked_at,
            _T.expires_at,
            _U.disabled_at,
            _N.access_switches,
        )
        .select_from(AccessTokenModel.__table__)
        .join(
            InternalUserModel.__table__,
            (_U.tenant_id == _T.tenant_id) & (_U.id == _T.user_id),
        )
        .join(TenantModel.__table__, _N.id == _T.tenant_id)
        .where(_T.token_hash == digest, *where)
    )
    key = (
        select(
            literal_column(f"'{_INTEGRATION}'"),
            _K.id,
            _K.tenant_id,
            null(),
            null(),
            _K.scopes,
            _K.source_system,  # a key bound to one connected system
            _K.revoked_at,
            null(),
            null(),
            _N.access_switches,
        )
        .select_from(ApiKeyModel.__table__)
        .join(TenantModel.__table__, _N.id == _K.tenant_id)
        .where(_K.key_hash == digest, *where)
    )
    return union_all(token, key)


def plain_statement() -> CompoundSelect:
    """SQLite: the two branches as they are."""
    return _branches()


def backstopped_statement() -> Select[Any]:
    """PostgreSQL: the same branches, read across tenants once PostgreSQL has turned the
    backstop off. Both branches depend on the span's column (LATERAL), so it is computed
    first; the span subquery computes a volatile function, so it is never merged away."""
    spanning = span_all_tenants_in_statement(_REASON)
    found = _branches(where=(spanning.c.spanning == "on",)).lateral("found")
    return select(*found.c).select_from(spanning).join(found, true())


def principal_from_rows(rows: Sequence[Any]) -> InternalPrincipal | None:
    if not rows:
        return None
    # A digest matching both a token and a key (SHA-256 of two secrets) is not expected; as
    # the two lookups did before, the token wins.
    row = next((r for r in rows if r.kind == _USER), rows[0])
    switches = switches_from_column(row.access_switches)
    if row.kind == _USER:
        return InternalPrincipal(
            actor=Actor.user(
                user_id=row.user_id,
                tenant_id=row.tenant_id,
                role=Role(row.role),
                token_id=row.credential_id,
                switches=switches,
            ),
            revoked_at=row.revoked_at,
            expires_at=row.expires_at,
            user_disabled_at=row.disabled_at,
        )
    return InternalPrincipal(
        actor=Actor.integration(
            key_id=row.credential_id,
            tenant_id=row.tenant_id,
            scopes=frozenset(ApiScope(s) for s in row.scopes),
            switches=switches,
            source_system=row.source_system,
        ),
        revoked_at=row.revoked_at,
    )


class SqlaInternalCredentialReader:
    def __init__(self, engine: AsyncEngine) -> None:
        # Its own transaction per statement: a read that spans tenants for itself needs no
        # BEGIN before it nor ROLLBACK after it.
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._statement = (
            backstopped_statement() if engine.dialect.name == "postgresql" else plain_statement()
        )

    async def read(self, digest: str) -> InternalPrincipal | None:
        async with self._engine.connect() as connection:
            rows = (await connection.execute(self._statement, {"digest": digest})).all()
        return principal_from_rows(rows)
