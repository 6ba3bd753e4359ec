from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.work import (
    DisplayPreferences,
    PortalAppointment,
    PortalAppointmentPages,
    PortalAppointmentQuery,
)
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.paging import TimedPage, TimedPageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyAppointments:
    """Upcoming appointments at the locations the subject may see, soonest first.

    A page is one read (the portal's hot path); the scope is the visibility policy's."""

    def __init__(self, pages: PortalAppointmentPages, clock: Clock) -> None:
        self._pages = pages
        self._clock = clock

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        page: TimedPageRequest,
        *,
        accepted_languages: Sequence[tuple[str, float]] = (),
        location_id: UUID | None = None,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
    ) -> TimedPage[PortalAppointment]:
        if starts_from and starts_before and starts_before <= starts_from:
            raise InvalidValue("'to' must come after 'from'.", field="to")
        now = self._clock.now()
        labels, show_technician = display_for(display, accepted_languages, subject.language)
        query = PortalAppointmentQuery(
            scope=subject.scope(),
            ends_after=max(now, starts_from) if starts_from else now,
            starts_before=starts_before,
            location_id=location_id,
            with_technician=show_technician,
        )
        return await self._pages.upcoming(subject.tenant_id, query, page, labels)
