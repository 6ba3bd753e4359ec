from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.customers import Customer
from ordinavo.domain.identity import Actor


class ArchiveCustomer:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, customer_id: UUID) -> Customer:
        require(actor, Action.WRITE_CUSTOMER_CORE)
        customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("customer")
        customer.archive(self._clock.now())
        await self._uow.customers.save(customer)
        self._recorder.record(
            self._uow,
            actor,
            "customer.archived",
            subject_type="customer",
            subject_id=customer.id,
            customer_id=customer.id,
        )
        await self._uow.commit()
        return customer
