"""Lookups that come before the tenant is known: tenants by slug or id (the tenants table is
not tenant-owned). Credentials by digest: internal_credentials.py.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence import mappers
from ordinavo.adapters.persistence.models import TenantModel
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

    async def is_ready(self) -> bool:
        await self._session.execute(text("SELECT 1"))
        return True
