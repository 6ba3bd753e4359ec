from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.reports._shared import visible_report
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport


class GetReport:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, report_id: UUID) -> VisitReport:
        require(actor, Action.READ_REPORTS)
        return await visible_report(self._uow, actor, report_id)
