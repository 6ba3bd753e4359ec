"""Tenant-scoped repository of self-service data exports."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete

from ordinavo.adapters.persistence.exports.models import DataExportModel
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.domain.data_exports import DataExport


def _from_row(row: DataExportModel) -> DataExport:
    return DataExport(
        id=row.id,
        tenant_id=row.tenant_id,
        portal_user_id=row.portal_user_id,
        requested_at=row.requested_at,
        ready_at=row.ready_at,
        expires_at=row.expires_at,
        document=row.document,
    )


class SqlaDataExportRepository(TenantScoped[DataExportModel]):
    model = DataExportModel

    async def add(self, export: DataExport) -> None:
        self._session.add(
            DataExportModel(
                id=export.id,
                tenant_id=export.tenant_id,
                portal_user_id=export.portal_user_id,
                requested_at=export.requested_at,
                ready_at=export.ready_at,
                expires_at=export.expires_at,
                document=export.document,
            )
        )
        await self._session.flush()

    async def get(self, export_id: UUID) -> DataExport | None:
        row = await self._row(export_id)
        return _from_row(row) if row else None

    async def save(self, export: DataExport) -> None:
        row = await self._row(export.id)
        if row is None:
            raise LookupError("data export vanished during the transaction")
        row.ready_at = export.ready_at
        row.expires_at = export.expires_at
        row.document = export.document
        await self._session.flush()

    async def latest_for_user(self, portal_user_id: UUID) -> DataExport | None:
        row = await self._session.scalar(
            self._select()
            .where(DataExportModel.portal_user_id == portal_user_id)
            .order_by(DataExportModel.id.desc())
            .limit(1)
        )
        return _from_row(row) if row else None

    async def remove_of_user(self, portal_user_id: UUID) -> None:
        await self._session.execute(
            delete(DataExportModel).where(
                DataExportModel.tenant_id == self._tenant_id,
                DataExportModel.portal_user_id == portal_user_id,
            )
        )
