from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import DisplayPreferences, PortalAppointmentQuery
from ordinavo.application.use_cases.portal.planned_work import (
    PortalAppointment,
    display_for,
    portal_appointment,
)
from ordinavo.domain.visibility import PortalSubject

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a single appointment: any time


class GetMyAppointment:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        appointment_id: UUID,
        accepted_languages: Sequence[tuple[str, float]] = (),
    ) -> PortalAppointment:
        labels, show_technician = display_for(display, accepted_languages, subject.language)
        query = PortalAppointmentQuery(
            scope=subject.scope(), ends_after=_EPOCH, with_technician=show_technician
        )
        view = await self._uow.portal_work.appointment(query, appointment_id)
        if view is None:
            raise NotFound("appointment")
        return portal_appointment(view, labels)
