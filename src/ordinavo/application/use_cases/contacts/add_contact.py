from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.contacts import Contact, ContactDetails
from ordinavo.domain.identity import Actor


class AddContact:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        customer_id: UUID,
        location_id: UUID | None,
        details: ContactDetails,
    ) -> Contact:
        require(actor, Action.WRITE_CONTACTS)
        customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("customer")
        location = None
        if location_id is not None:
            location = await self._uow.locations.get(location_id)
            if location is None:
                raise NotFound("location")
        contact = Contact.add(
            id=self._ids.new_id(),
            customer=customer,
            location=location,
            details=details,
            now=self._clock.now(),
        )
        await self._uow.contacts.add(contact)
        self._recorder.record(
            self._uow,
            actor,
            "contact.added",
            subject_type="contact",
            subject_id=contact.id,
            customer_id=contact.customer_id,
            location_id=contact.location_id,
        )
        await self._uow.commit()
        return contact
