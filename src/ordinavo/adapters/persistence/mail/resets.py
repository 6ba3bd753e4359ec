"""Reset requests waiting for the worker."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.mail.models import PasswordResetRequestModel
from ordinavo.application.ports.portal import AskedReset

_R = PasswordResetRequestModel


class SqlaAskedResets:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, asked: AskedReset) -> None:
        self._session.add(
            _R(
                id=asked.id,
                tenant_slug=asked.tenant_slug,
                email=asked.email,
                client_address=asked.client_address,
                asked_at=asked.asked_at,
            )
        )
        await self._session.flush()

    async def take(self, asked_id: UUID) -> AskedReset | None:
        # One DELETE ... RETURNING: of two workers, one gets the row; a rollback puts it back.
        row = (
            await self._session.execute(
                delete(_R)
                .where(_R.id == asked_id)
                .returning(_R.id, _R.tenant_slug, _R.email, _R.client_address, _R.asked_at)
                .execution_options(synchronize_session=False)
            )
        ).one_or_none()
        return AskedReset(*row) if row else None

    async def waiting(self, limit: int) -> list[UUID]:
        result = await self._session.execute(select(_R.id).order_by(_R.asked_at).limit(limit))
        return list(result.scalars())
