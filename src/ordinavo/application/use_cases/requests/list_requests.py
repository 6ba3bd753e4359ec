from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.requests import PortalRequest


class ListRequests:
    """The review queue: filtered by status, customer, location, type and age."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: RequestFilter
    ) -> Page[PortalRequest]:
        require(actor, Action.REVIEW_REQUESTS)
        return await self._uow.requests.list(page, where)
