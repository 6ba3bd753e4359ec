from __future__ import annotations

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.domain import values


class RemoveTenant:
    """Operator tool: delete a tenant and everything it owns (used to reset the demo)."""

    def __init__(self, directory: TenantDirectory, uows: UnitOfWorkFactory) -> None:
        self._directory = directory
        self._uows = uows

    async def __call__(self, slug: str) -> None:
        tenant = await self._directory.find_by_slug(values.slug(slug))
        if tenant is None:
            raise NotFound("tenant")
        uow = self._uows.for_tenant(tenant.id)
        await self._directory.remove(tenant.id)
        await uow.commit()
