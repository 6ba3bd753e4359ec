from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import TargetFilter
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.work import Target


class ListTargets:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest, where: TargetFilter) -> Page[Target]:
        require(actor, Action.READ_WORK)
        if not sees_all_work(actor):
            where = dataclasses.replace(where, only_for_employee=actor.id)
        return await self._uow.targets.list(page, where)
