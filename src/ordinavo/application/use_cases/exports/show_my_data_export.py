from __future__ import annotations

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.data_exports import DataExport, ExportState
from ordinavo.domain.visibility import PortalSubject


async def my_latest_export(uow: UnitOfWork, subject: PortalSubject, clock: Clock) -> DataExport:
    """The user's newest export; an expired one loses its document here if the sweep has not
    removed it yet."""
    export = await uow.data_exports.latest_for_user(subject.user_id)
    if export is None:
        raise NotFound("data export")
    if export.state(clock.now()) is ExportState.EXPIRED and export.document is not None:
        export.discard()
        await uow.data_exports.save(export)
        await uow.commit()
    return export


class ShowMyDataExport:
    """Where the user's own export stands: being built, ready until when, or expired."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, subject: PortalSubject) -> tuple[DataExport, ExportState]:
        export = await my_latest_export(self._uow, subject, self._clock)
        return export, export.state(self._clock.now())
