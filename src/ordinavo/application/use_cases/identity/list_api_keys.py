from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor, ApiKey
from ordinavo.domain.paging import Page, PageRequest


class ListApiKeys:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[ApiKey]:
        require(actor, Action.MANAGE_API_KEYS)
        return await self._uow.api_keys.list(page)
