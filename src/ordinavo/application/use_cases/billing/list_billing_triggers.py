from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.follow_ups import BillingTrigger
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListBillingTriggers:
    """Tenant admins see the details; managers only that billing was triggered (role matrix)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[BillingTrigger]:
        require(actor, Action.READ_BILLING_TRIGGERS)
        return await self._uow.billing_triggers.list(page)
