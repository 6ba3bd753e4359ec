from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.reports._shared import record, visible_report
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport


class RequestReportChanges:
    """Send a submitted report back to its author with a comment."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, report_id: UUID, comment: str) -> VisitReport:
        require(actor, Action.APPROVE_REPORTS)
        report = await visible_report(self._uow, actor, report_id)
        report.request_changes(actor.id, comment, self._clock.now())
        await self._uow.reports.save(report)
        record(self._recorder, self._uow, actor, "report.changes_requested", report)
        await self._uow.commit()
        return report
