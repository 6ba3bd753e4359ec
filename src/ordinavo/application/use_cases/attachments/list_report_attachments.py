from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.reports._shared import visible_report
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListReportAttachments:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, report_id: UUID, page: PageRequest) -> Page[Attachment]:
        require(actor, Action.READ_REPORTS)
        report = await visible_report(self._uow, actor, report_id)
        return await self._uow.attachments.of_report(report.id, page)
