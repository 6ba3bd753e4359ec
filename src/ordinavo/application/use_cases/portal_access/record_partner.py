from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import PartnerRelation


class RecordPartner:
    """Record a contact as a partner of another customer of the tenant, so that it may be
    given a grant on that customer."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, contact_id: UUID, customer_id: UUID) -> PartnerRelation:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        uow = self._uow
        contact = await uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        customer = await uow.customers.get(customer_id)
        if customer is None:  # another tenant's customer, too: it does not exist here
            raise NotFound("customer")
        relation = PartnerRelation.record(
            id=self._ids.new_id(),
            contact=contact,
            customer=customer,
            by=actor.id,
            now=self._clock.now(),
        )
        if await uow.partners.get(contact.id, customer.id) is not None:
            raise Conflict(
                f"{contact.details.name} is already recorded as a partner of "
                f"{customer.details.name}."
            )
        await uow.partners.add(relation)
        self._recorder.record(
            uow,
            actor,
            "contact.partner_added",
            subject_type="contact",
            subject_id=contact.id,
            customer_id=customer.id,
            payload={"contactId": str(contact.id), "customerId": str(customer.id)},
        )
        await uow.commit()
        return relation
