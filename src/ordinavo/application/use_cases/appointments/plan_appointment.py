from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.appointments._shared import record
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment, RoutePlan, Window
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor
from ordinavo.domain.work import TargetStatus


@dataclass(frozen=True, slots=True)
class NewAppointment:
    target_id: UUID
    window: Window
    location_id: UUID | None = None  # the work's location unless given
    assigned_employee_id: UUID | None = None
    route: RoutePlan = RoutePlan()  # noqa: RUF009 (frozen value)
    planning_notes: str | None = None


class PlanAppointment:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, new: NewAppointment) -> Appointment:
        require(actor, Action.PLAN_WORK)
        target = await self._uow.targets.get(new.target_id)
        if target is None:
            raise NotFound("work item")
        location_id = new.location_id or target.location_id
        if location_id is None:
            raise RuleViolation(
                "The work has no location; say where the visit takes place.", field="locationId"
            )
        location = await self._uow.locations.get(location_id)
        if location is None:
            raise NotFound("location")
        await ensure_assignable(self._uow, new.assigned_employee_id)
        now = self._clock.now()
        appointment = Appointment.plan(
            id=self._ids.new_id(),
            target=target,
            location=location,
            window=new.window,
            now=now,
            assigned_employee_id=new.assigned_employee_id,
            route=new.route,
            planning_notes=new.planning_notes,
        )
        await self._uow.appointments.add(appointment)
        if target.status in (TargetStatus.OPEN, TargetStatus.ON_HOLD):
            target.move_to(TargetStatus.PLANNED, now)
            await self._uow.targets.save(target)
        record(self._recorder, self._uow, actor, "appointment.planned", appointment)
        await self._uow.commit()
        return appointment
