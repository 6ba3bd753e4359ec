from __future__ import annotations

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.storage import FileStorage
from ordinavo.domain import values


class RemoveTenant:
    """Operator tool: delete a tenant and everything it owns, stored files included (used to
    reset the demo)."""

    def __init__(
        self, directory: TenantDirectory, uows: UnitOfWorkFactory, storage: FileStorage
    ) -> None:
        self._directory = directory
        self._uows = uows
        self._storage = storage

    async def __call__(self, slug: str) -> None:
        tenant = await self._directory.find_by_slug(values.slug(slug))
        if tenant is None:
            raise NotFound("tenant")
        uow = self._uows.for_tenant(tenant.id)
        await self._directory.remove(tenant.id)
        await uow.commit()
        # Storage keys start with the tenant's id: the files go after the rows.
        await self._storage.delete_prefix(str(tenant.id))
