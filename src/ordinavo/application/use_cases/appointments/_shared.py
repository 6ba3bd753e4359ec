"""What the appointment use cases share: loading with visibility, and recording."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import sees_all_work
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.identity import Actor


async def load_visible(uow: UnitOfWork, actor: Actor, appointment_id: UUID) -> Appointment:
    """Employees reach only appointments assigned to them; others answer 'not found'."""
    appointment = await uow.appointments.get(appointment_id)
    if appointment is None or (
        not sees_all_work(actor) and appointment.assigned_employee_id != actor.id
    ):
        raise NotFound("appointment")
    return appointment


def record(
    recorder: ChangeRecorder,
    uow: UnitOfWork,
    actor: Actor,
    event: str,
    appointment: Appointment,
    **payload: str | bool | None,
) -> None:
    recorder.record(
        uow,
        actor,
        event,
        subject_type="appointment",
        subject_id=appointment.id,
        customer_id=appointment.customer_id,
        location_id=appointment.location_id,
        payload={
            "status": appointment.status.value,
            "targetId": str(appointment.target_id),
            **payload,
        },
    )
