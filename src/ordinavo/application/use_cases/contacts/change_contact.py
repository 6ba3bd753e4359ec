from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.contacts import Contact
from ordinavo.domain.identity import Actor

KEEP_LOCATION = object()


class ChangeContact:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        contact_id: UUID,
        changes: Mapping[str, object],
        location_id: UUID | object | None = KEEP_LOCATION,
    ) -> Contact:
        """Pass `location_id` to move the contact (None detaches it from any location)."""
        require(actor, Action.WRITE_CONTACTS)
        contact = await self._uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        now = self._clock.now()
        changed = contact.revise(changes, now)
        if location_id is not KEEP_LOCATION:
            location = None
            if location_id is not None:
                location = await self._uow.locations.get(location_id)  # type: ignore[arg-type]
                if location is None:
                    raise NotFound("location")
            if contact.move_to(location, now):
                changed.append("location_id")
        if changed:
            await self._uow.contacts.save(contact)
            self._recorder.record(
                self._uow,
                actor,
                "contact.changed",
                subject_type="contact",
                subject_id=contact.id,
                customer_id=contact.customer_id,
                location_id=contact.location_id,
                payload={"fields": changed},
            )
            await self._uow.commit()
        return contact
