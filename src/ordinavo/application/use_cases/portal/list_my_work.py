from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork
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

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

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
        found = await self._uow.portal_work.active_work(subject.scope(), location_id, page)
        return Page([portal_work(v, labels) for v in found.items], found.next_after)
