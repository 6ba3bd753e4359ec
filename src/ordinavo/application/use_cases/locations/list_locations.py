from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import LocationFilter, UnitOfWork
from ordinavo.application.visibility import visible_locations
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Location
from ordinavo.domain.paging import Page, PageRequest


class ListLocations:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: LocationFilter
    ) -> Page[Location]:
        require(actor, Action.READ_LOCATIONS)
        scope = await visible_locations(self._uow, actor)
        return await self._uow.locations.list(page, dataclasses.replace(where, scope=scope))
