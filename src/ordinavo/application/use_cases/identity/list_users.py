from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor, InternalUser
from ordinavo.domain.paging import Page, PageRequest


class ListUsers:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[InternalUser]:
        require(actor, Action.MANAGE_USERS)
        return await self._uow.users.list(page)
