from __future__ import annotations

from ordinavo.application.authorization import require, require_own_references
from ordinavo.application.errors import Conflict, Forbidden
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action, writable_customer_fields
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.identity import Actor


class RegisterCustomer:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, details: CustomerDetails, given_fields: frozenset[str]
    ) -> Customer:
        require(actor, Action.WRITE_CUSTOMER_CORE)
        forbidden = given_fields - writable_customer_fields(actor)
        if forbidden:
            raise Forbidden("You may not set: " + ", ".join(sorted(forbidden)))
        require_own_references(actor, details.external_references)
        customer = Customer.register(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            details=details,
            now=self._clock.now(),
        )
        if await self._uow.customers.number_taken(customer.details.customer_number):
            raise Conflict("Another customer already has this customer number.")
        await self._uow.customers.add(customer)
        self._recorder.record(
            self._uow,
            actor,
            "customer.registered",
            subject_type="customer",
            subject_id=customer.id,
            customer_id=customer.id,
        )
        await self._uow.commit()
        return customer
