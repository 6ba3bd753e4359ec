from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.connect import SourceSystem
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListSourceSystems:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[SourceSystem]:
        require(actor, Action.MANAGE_CONNECTED_SYSTEMS)
        return await self._uow.connect.list_sources(page)
