"""Tenant-scoped backlog of stored files the retention job still has to remove."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, func, select, update

from ordinavo.adapters.persistence.file_removals.models import PendingFileRemovalModel
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.application.ports.storage import PendingFileRemoval

M = PendingFileRemovalModel


class SqlaFileRemovalBacklog(TenantScoped[PendingFileRemovalModel]):
    model = PendingFileRemovalModel

    async def add(self, storage_key: str, failed_at: datetime) -> None:
        known = await self._session.scalar(
            select(M.id).where(M.tenant_id == self._tenant_id, M.storage_key == storage_key)
        )
        if known is not None:
            return
        self._session.add(
            M(
                tenant_id=self._tenant_id,
                storage_key=storage_key,
                first_failed_at=failed_at,
                attempts=1,
            )
        )
        await self._session.flush()

    async def pending(self, limit: int) -> list[PendingFileRemoval]:
        rows = await self._session.scalars(self._select().order_by(M.id).limit(limit))
        return [
            PendingFileRemoval(r.id, r.storage_key, r.first_failed_at, r.attempts) for r in rows
        ]

    async def count(self) -> int:
        stmt = select(func.count()).select_from(M).where(M.tenant_id == self._tenant_id)
        return int(await self._session.scalar(stmt) or 0)

    async def done(self, removal_id: UUID) -> None:
        await self._session.execute(
            delete(M)
            .where(M.tenant_id == self._tenant_id, M.id == removal_id)
            .execution_options(synchronize_session=False)
        )

    async def failed_again(self, removal_id: UUID) -> None:
        await self._session.execute(
            update(M)
            .where(M.tenant_id == self._tenant_id, M.id == removal_id)
            .values(attempts=M.attempts + 1)
            .execution_options(synchronize_session=False)
        )
