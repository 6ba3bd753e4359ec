"""Lookups that come before the tenant is known: tenants by slug, credentials by digest.

These are the only queries without a tenant filter; each matches one unique column.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence import mappers
from ordinavo.adapters.persistence.models import (
    AccessTokenModel,
    ApiKeyModel,
    InternalUserModel,
    TenantModel,
)
from ordinavo.adapters.persistence.tenant_binding import span_all_tenants
from ordinavo.application.ports.repositories import Credential
from ordinavo.domain.tenants import Tenant


class SqlaTenantDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find_by_slug(self, slug: str) -> Tenant | None:
        row = await self._session.scalar(select(TenantModel).where(TenantModel.slug == slug))
        return mappers.tenant_from_row(row) if row else None

    async def get(self, tenant_id: UUID) -> Tenant | None:
        row = await self._session.get(TenantModel, tenant_id)
        return mappers.tenant_from_row(row) if row else None

    async def all(self) -> list[Tenant]:
        """Every tenant, by slug: the operator's list. The tenants table has no row-level
        security policy (it owns no tenant_id), so an unbound session sees them all."""
        rows = await self._session.scalars(select(TenantModel).order_by(TenantModel.slug))
        return [mappers.tenant_from_row(row) for row in rows]

    async def add(self, tenant: Tenant) -> None:
        self._session.add(mappers.tenant_to_row(tenant))
        await self._session.flush()

    async def save(self, tenant: Tenant) -> None:
        row = await self._session.get(TenantModel, tenant.id)
        if row is None:
            raise LookupError("tenant vanished during the transaction")
        row.name = tenant.name
        row.settings = tenant.settings.as_dict()
        # Only the periods set: a kind left at its default follows a later, changed default.
        row.retention = {k.value: v for k, v in tenant.retention.periods.items()}
        row.access_switches = dict(tenant.access_switches.chosen)
        await self._session.flush()

    async def remove(self, tenant_id: UUID) -> None:
        await self._session.execute(delete(TenantModel).where(TenantModel.id == tenant_id))

    async def find_credential(self, secret_digest: str) -> Credential | None:
        span_all_tenants(self._session, "a bearer credential names its tenant only by its row")
        found = (
            await self._session.execute(
                select(AccessTokenModel, InternalUserModel, TenantModel.access_switches)
                .join(
                    InternalUserModel,
                    (InternalUserModel.id == AccessTokenModel.user_id)
                    & (InternalUserModel.tenant_id == AccessTokenModel.tenant_id),
                )
                .join(TenantModel, TenantModel.id == AccessTokenModel.tenant_id)
                .where(AccessTokenModel.token_hash == secret_digest)
            )
        ).first()
        if found is not None:
            token_row, user_row, switches = found
            return Credential(
                tenant_id=token_row.tenant_id,
                token=mappers.token_from_row(token_row),
                user=mappers.user_from_row(user_row),
                switches=mappers.switches_from_column(switches),
            )
        key_found = (
            await self._session.execute(
                select(ApiKeyModel, TenantModel.access_switches)
                .join(TenantModel, TenantModel.id == ApiKeyModel.tenant_id)
                .where(ApiKeyModel.key_hash == secret_digest)
            )
        ).first()
        if key_found is not None:
            key_row, switches = key_found
            return Credential(
                tenant_id=key_row.tenant_id,
                api_key=mappers.api_key_from_row(key_row),
                switches=mappers.switches_from_column(switches),
            )
        return None

    async def is_ready(self) -> bool:
        await self._session.execute(text("SELECT 1"))
        return True
