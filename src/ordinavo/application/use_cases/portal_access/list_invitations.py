from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.portal_access import Invitation


class ListInvitations:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[Invitation]:
        require(actor, Action.READ_PORTAL_ACCESS)
        return await self._uow.invitations.list(page)
