from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from ordinavo.application.ports.repositories import PortalReadsFactory
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.planned_work import (
    PortalWork,
    display_for,
    portal_work,
)
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyWork:
    """A reduced view of the active work at the locations the subject may see."""

    def __init__(self, reads: PortalReadsFactory) -> None:
        self._reads = reads  # the hot path: one statement a page, no unit of work

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        page: PageRequest,
        *,
        accepted_languages: Sequence[tuple[str, float]] = (),
        location_id: UUID | None = None,
    ) -> Page[PortalWork]:
        labels, _ = display_for(display, accepted_languages, subject.language)
        reads = self._reads.for_tenant(subject.tenant_id)
        found = await reads.portal_work.active_work(subject.scope(), location_id, page)
        return Page([portal_work(v, labels) for v in found.items], found.next_after)
