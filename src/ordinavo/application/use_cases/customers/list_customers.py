from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import CustomerFilter, UnitOfWork
from ordinavo.application.visibility import visible_customers
from ordinavo.domain.access import Action
from ordinavo.domain.customers import Customer
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListCustomers:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: CustomerFilter
    ) -> Page[Customer]:
        require(actor, Action.READ_CUSTOMER_CORE)
        scope = await visible_customers(self._uow, actor)
        return await self._uow.customers.list(page, dataclasses.replace(where, scope=scope))
