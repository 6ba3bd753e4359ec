from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import AppointmentFilter
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import TimedPage, TimedPageRequest


class ListAppointments:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: TimedPageRequest, where: AppointmentFilter
    ) -> TimedPage[Appointment]:
        require(actor, Action.READ_WORK)
        if not sees_all_work(actor):
            # An employee's list is their own agenda, whatever filter was asked for.
            where = dataclasses.replace(where, assigned_to=actor.id)
        return await self._uow.appointments.list(page, where)
