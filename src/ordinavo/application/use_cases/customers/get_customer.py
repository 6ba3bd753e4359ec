from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.visibility import visible_customers
from ordinavo.domain.access import Action
from ordinavo.domain.customers import Customer
from ordinavo.domain.identity import Actor


class GetCustomer:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, customer_id: UUID) -> Customer:
        require(actor, Action.READ_CUSTOMER_CORE)
        # Out of scope answers exactly like missing, so ids cannot be probed.
        if not (await visible_customers(self._uow, actor)).allows(customer_id):
            raise NotFound("customer")
        customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("customer")
        return customer
