from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.appointments._shared import load_visible, record
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment, AppointmentStatus
from ordinavo.domain.identity import Actor
from ordinavo.domain.work import TargetStatus


class ReportVisitStatus:
    """The assigned employee's update from the field: on the way, started, paused, done."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, appointment_id: UUID, status: AppointmentStatus
    ) -> Appointment:
        require(actor, Action.REPORT_VISIT_STATUS)
        appointment = await load_visible(self._uow, actor, appointment_id)
        if appointment.assigned_employee_id != actor.id:
            raise Forbidden("Only the employee assigned to the appointment reports on it.")
        now = self._clock.now()
        previous = appointment.report(status, actor.id, now)
        await self._uow.appointments.save(appointment)
        if status is AppointmentStatus.STARTED:
            target = await self._uow.targets.get(appointment.target_id)
            if target is not None and target.status in (
                TargetStatus.OPEN,
                TargetStatus.PLANNED,
                TargetStatus.ON_HOLD,
            ):
                target.move_to(TargetStatus.IN_PROGRESS, now)
                await self._uow.targets.save(target)
        # A finished visit is a fact of its own (the customer's timeline shows it).
        event = (
            "appointment.completed"
            if status is AppointmentStatus.DONE
            else "appointment.status_reported"
        )
        record(self._recorder, self._uow, actor, event, appointment, previous=previous.value)
        await self._uow.commit()
        return appointment
