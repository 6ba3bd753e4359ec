from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.appointments._shared import load_visible, record
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment, RoutePlan
from ordinavo.domain.identity import Actor


class ChangeAppointmentPlan:
    """Assignee, route stop, routing score, travel time and planning notes (not the time)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, appointment_id: UUID, changes: dict[str, object]
    ) -> Appointment:
        require(actor, Action.PLAN_WORK)
        appointment = await load_visible(self._uow, actor, appointment_id)
        assignee = changes.get("assigned_employee_id", appointment.assigned_employee_id)
        await ensure_assignable(self._uow, assignee)  # type: ignore[arg-type]
        route = appointment.route
        appointment.replan(
            now=self._clock.now(),
            assigned_employee_id=assignee,  # type: ignore[arg-type]
            route=RoutePlan(
                route_stop=changes.get("route_stop", route.route_stop),  # type: ignore[arg-type]
                routing_score=changes.get("routing_score", route.routing_score),  # type: ignore[arg-type]
                travel_minutes=changes.get("travel_minutes", route.travel_minutes),  # type: ignore[arg-type]
            ),
            planning_notes=changes.get("planning_notes", appointment.planning_notes),  # type: ignore[arg-type]
        )
        await self._uow.appointments.save(appointment)
        record(
            self._recorder,
            self._uow,
            actor,
            "appointment.plan_changed",
            appointment,
        )
        await self._uow.commit()
        return appointment
