from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from ordinavo.application.authorization import require, require_own_references
from ordinavo.application.errors import Conflict, Forbidden, NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import (
    Action,
    change_action,
    merged_references,
    writable_customer_fields,
)
from ordinavo.domain.customers import Customer
from ordinavo.domain.identity import Actor


class ChangeCustomer:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        customer_id: UUID,
        changes: Mapping[str, object],
        given_fields: frozenset[str],
    ) -> Customer:
        # A manager keeps internal notes on a customer without the right to change it.
        require(actor, change_action(given_fields, Action.WRITE_CUSTOMER_CORE))
        customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("customer")
        forbidden = given_fields - writable_customer_fields(actor)
        if forbidden:
            raise Forbidden("You may not change: " + ", ".join(sorted(forbidden)))
        sent = changes.get("external_references")
        if isinstance(sent, tuple):
            # A bound key's list stands for its own system's references; others' stay.
            require_own_references(actor, sent)
            changes = {
                **changes,
                "external_references": merged_references(
                    actor, customer.details.external_references, sent
                ),
            }
        changed = customer.revise(changes, self._clock.now())
        if "customer_number" in changed and await self._uow.customers.number_taken(
            customer.details.customer_number, except_id=customer.id
        ):
            raise Conflict("Another customer already has this customer number.")
        if changed:
            await self._uow.customers.save(customer)
            self._recorder.record(
                self._uow,
                actor,
                "customer.changed",
                subject_type="customer",
                subject_id=customer.id,
                customer_id=customer.id,
                payload={"fields": changed},
            )
            await self._uow.commit()
        return customer
