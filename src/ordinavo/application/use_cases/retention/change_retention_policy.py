from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.retention import RetentionPolicy


class ChangeRetentionPolicy:
    """Replace the tenant's retention periods (tenant admins). Kinds not named return to their
    defaults; one period out of bounds refuses the whole policy."""

    def __init__(
        self, directory: TenantDirectory, uow: UnitOfWork, recorder: ChangeRecorder
    ) -> None:
        self._directory = directory
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, periods: dict[str, object]) -> RetentionPolicy:
        require(actor, Action.MANAGE_TENANT_SETTINGS)
        policy = RetentionPolicy.parse(periods)
        tenant = await self._directory.get(self._uow.tenant_id)
        if tenant is None:
            raise NotFound("tenant")
        changed = tenant.change_retention(policy)
        if changed:
            await self._directory.save(tenant)
            self._recorder.record(
                self._uow,
                actor,
                "tenant.retention_changed",
                subject_type="tenant",
                subject_id=tenant.id,
                payload={"kinds": changed},
            )
            await self._uow.commit()
        return tenant.retention
