from __future__ import annotations

from ordinavo.application.ports.portal import LocationView
from ordinavo.application.ports.repositories import PortalReadsFactory
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyLocations:
    def __init__(self, reads: PortalReadsFactory) -> None:
        self._reads = reads  # the hot path: one statement a page, no unit of work

    async def __call__(self, subject: PortalSubject, page: PageRequest) -> Page[LocationView]:
        reads = self._reads.for_tenant(subject.tenant_id)
        return await reads.portal_locations.list_in_scope(subject.scope(), page)
