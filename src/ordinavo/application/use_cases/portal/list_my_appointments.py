from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import DisplayPreferences, PortalAppointmentQuery
from ordinavo.application.use_cases.portal.planned_work import (
    PortalAppointment,
    display_for,
    portal_appointment,
)
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.paging import TimedPage, TimedPageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyAppointments:
    """Upcoming appointments at the locations the subject may see, soonest first."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
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
        found = await self._uow.portal_work.upcoming_appointments(query, page)
        return TimedPage([portal_appointment(v, labels) for v in found.items], found.next_after)
