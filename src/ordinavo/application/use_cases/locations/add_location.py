from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Location, LocationDetails


class AddLocation:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, customer_id: UUID, details: LocationDetails) -> Location:
        require(actor, Action.WRITE_LOCATIONS)
        customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("customer")
        location = Location.establish(
            id=self._ids.new_id(), customer=customer, details=details, now=self._clock.now()
        )
        await self._uow.locations.add(location)
        self._recorder.record(
            self._uow,
            actor,
            "location.added",
            subject_type="location",
            subject_id=location.id,
            customer_id=customer.id,
            location_id=location.id,
        )
        await self._uow.commit()
        return location
