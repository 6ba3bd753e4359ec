from __future__ import annotations

from ordinavo.application.ports.portal import LocationView
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyLocations:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, subject: PortalSubject, page: PageRequest) -> Page[LocationView]:
        return await self._uow.portal_locations.list_in_scope(subject.scope(), page)
