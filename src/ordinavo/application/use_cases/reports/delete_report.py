from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import remove_files
from ordinavo.application.use_cases.reports._shared import record, visible_report
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor


class DeleteReport:
    """Delete a report for good, with its attachments, their stored files, its follow-up need
    and billing trigger."""

    def __init__(
        self, uow: UnitOfWork, storage: FileStorage, recorder: ChangeRecorder, clock: Clock
    ) -> None:
        self._uow = uow
        self._storage = storage
        self._recorder = recorder
        self._clock = clock

    async def __call__(self, actor: Actor, report_id: UUID) -> None:
        require(actor, Action.DELETE_RECORDS)
        report = await visible_report(self._uow, actor, report_id)
        keys = await self._uow.attachments.keys_of_report(report.id)
        await self._uow.reports.remove(report.id)
        record(self._recorder, self._uow, actor, "report.deleted", report)
        await self._uow.commit()
        await remove_files(self._storage, keys, self._uow, self._clock)
