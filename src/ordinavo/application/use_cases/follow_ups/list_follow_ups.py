from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.reports import FollowUpFilter
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.follow_ups import FollowUp
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListFollowUps:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: FollowUpFilter
    ) -> Page[FollowUp]:
        require(actor, Action.READ_WORK)
        if not sees_all_work(actor):
            where = dataclasses.replace(where, only_for_employee=actor.id)
        return await self._uow.follow_ups.list(page, where)
