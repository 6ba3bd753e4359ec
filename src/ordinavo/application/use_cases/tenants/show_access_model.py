from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import TenantDirectory
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.role_model import AccessSwitches


class ShowAccessModel:
    """The switches the caller's tenant set, from which the effective role model follows.

    Every staff role may read the rules it works under; integration keys may not."""

    def __init__(self, directory: TenantDirectory) -> None:
        self._directory = directory

    async def __call__(self, actor: Actor) -> AccessSwitches:
        require(actor, Action.READ_ACCESS_MODEL)
        tenant = await self._directory.get(actor.tenant_id)
        if tenant is None:
            raise NotFound("tenant")
        return tenant.access_switches
