from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import TenantDirectory
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.retention import RetentionPolicy


class GetRetentionPolicy:
    """How long the caller's tenant keeps each kind of record (tenant admins)."""

    def __init__(self, directory: TenantDirectory) -> None:
        self._directory = directory

    async def __call__(self, actor: Actor) -> RetentionPolicy:
        require(actor, Action.MANAGE_TENANT_SETTINGS)
        tenant = await self._directory.get(actor.tenant_id)
        if tenant is None:
            raise NotFound("tenant")
        return tenant.retention
