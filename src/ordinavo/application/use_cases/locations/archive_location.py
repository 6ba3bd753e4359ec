from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Location


class ArchiveLocation:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, location_id: UUID) -> Location:
        require(actor, Action.WRITE_LOCATIONS)
        location = await self._uow.locations.get(location_id)
        if location is None:
            raise NotFound("location")
        location.archive(self._clock.now())
        await self._uow.locations.save(location)
        self._recorder.record(
            self._uow,
            actor,
            "location.archived",
            subject_type="location",
            subject_id=location.id,
            customer_id=location.customer_id,
            location_id=location.id,
        )
        await self._uow.commit()
        return location
