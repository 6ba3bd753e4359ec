from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.tenants import Tenant


class ChangeAccessSwitches:
    """Set some of the tenant's access switches (tenant admins). A switch that does not exist
    or a value it does not take refuses the whole change; each change leaves an audit entry
    with the switches' old and new values, and applies from the next request on."""

    def __init__(
        self, directory: TenantDirectory, uow: UnitOfWork, recorder: ChangeRecorder
    ) -> None:
        self._directory = directory
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, changes: dict[str, object]) -> Tenant:
        require(actor, Action.MANAGE_TENANT_SETTINGS)
        tenant = await self._directory.get(self._uow.tenant_id)
        if tenant is None:
            raise NotFound("tenant")
        before = tenant.access_switches.as_dict()
        changed = tenant.change_access_switches(changes)
        if changed:
            await self._directory.save(tenant)
            after = tenant.access_switches.as_dict()
            self._recorder.record(
                self._uow,
                actor,
                "tenant.access_switches_changed",
                subject_type="tenant",
                subject_id=tenant.id,
                payload={"switches": {name: [before[name], after[name]] for name in changed}},
            )
            await self._uow.commit()
        return tenant
