from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.reports._shared import record, visible_report
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport


class SubmitReport:
    """Hand a draft (or a report sent back for changes) in for review."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, report_id: UUID) -> VisitReport:
        require(actor, Action.WRITE_REPORTS)
        report = await visible_report(self._uow, actor, report_id)
        if not sees_all_work(actor) and report.author_id != actor.id:
            raise Forbidden("Only the author may submit this report.")
        report.submit(self._clock.now())
        await self._uow.reports.save(report)
        record(self._recorder, self._uow, actor, "report.submitted", report)
        await self._uow.commit()
        return report
