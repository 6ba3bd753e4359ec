from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.contacts import Contact
from ordinavo.domain.identity import Actor


class ArchiveContact:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, contact_id: UUID) -> Contact:
        require(actor, Action.WRITE_CONTACTS)
        contact = await self._uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        contact.archive(self._clock.now())
        await self._uow.contacts.save(contact)
        self._recorder.record(
            self._uow,
            actor,
            "contact.archived",
            subject_type="contact",
            subject_id=contact.id,
            customer_id=contact.customer_id,
            location_id=contact.location_id,
        )
        await self._uow.commit()
        return contact
