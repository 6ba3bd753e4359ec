from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.ports.work import PortalAppointmentQuery
from ordinavo.application.use_cases.portal.planned_work import (
    PortalAppointment,
    labels_for,
    portal_appointment,
    shows_technician,
)
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.paging import TimedPage, TimedPageRequest
from ordinavo.domain.visibility import PortalSubject


class ListMyAppointments:
    """Upcoming appointments at the locations the subject may see, soonest first."""

    def __init__(self, uow: UnitOfWork, clock: Clock, tenants: TenantDirectory) -> None:
        self._uow = uow
        self._clock = clock
        self._tenants = tenants

    async def __call__(
        self,
        subject: PortalSubject,
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
        query = PortalAppointmentQuery(
            scope=subject.scope(),
            ends_after=max(now, starts_from) if starts_from else now,
            starts_before=starts_before,
            location_id=location_id,
            with_technician=await shows_technician(self._tenants, subject.tenant_id),
        )
        found = await self._uow.portal_work.upcoming_appointments(query, page)
        labels = await labels_for(self._uow, accepted_languages, subject.language)
        return TimedPage([portal_appointment(v, labels) for v in found.items], found.next_after)
