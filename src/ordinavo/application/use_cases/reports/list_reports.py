from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.reports import ReportFilter
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.reports import VisitReport


class ListReports:
    """Reports of the tenant; employees see only their own and those on their work."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: ReportFilter
    ) -> Page[VisitReport]:
        require(actor, Action.READ_REPORTS)
        if not sees_all_work(actor):
            where = dataclasses.replace(where, only_for_employee=actor.id)
        return await self._uow.reports.list(page, where)
