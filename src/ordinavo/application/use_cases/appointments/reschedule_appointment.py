from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.appointments._shared import load_visible, record
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment, Window
from ordinavo.domain.identity import Actor


class RescheduleAppointment:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, appointment_id: UUID, window: Window) -> Appointment:
        require(actor, Action.PLAN_WORK)
        appointment = await load_visible(self._uow, actor, appointment_id)
        appointment.reschedule(window, self._clock.now())
        await self._uow.appointments.save(appointment)
        record(self._recorder, self._uow, actor, "appointment.rescheduled", appointment)
        await self._uow.commit()
        return appointment
