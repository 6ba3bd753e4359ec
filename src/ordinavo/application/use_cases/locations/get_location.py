from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.visibility import visible_locations
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Location


class GetLocation:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, location_id: UUID) -> Location:
        require(actor, Action.READ_LOCATIONS)
        if not (await visible_locations(self._uow, actor)).allows(location_id):
            raise NotFound("location")
        location = await self._uow.locations.get(location_id)
        if location is None:
            raise NotFound("location")
        return location
