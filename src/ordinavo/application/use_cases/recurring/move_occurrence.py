from __future__ import annotations

from datetime import date
from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.appointments._shared import record
from ordinavo.application.use_cases.recurring._shared import load_plan, require_planner
from ordinavo.domain.appointments import Window
from ordinavo.domain.identity import Actor
from ordinavo.domain.recurring import Occurrence, OccurrenceState


class MoveOccurrence:
    """One generated visit gets its own time; the rule and the other dates stay as they are."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, plan_id: UUID, day: date, window: Window) -> Occurrence:
        require_planner(actor)
        plan = await load_plan(self._uow, plan_id)
        found = [
            o for o in await self._uow.recurring_plans.occurrences(plan.id, day) if o.day == day
        ]
        if (
            not found
            or found[0].appointment_id is None
            or found[0].state is OccurrenceState.SKIPPED
        ):
            raise NotFound("generated visit of that date")
        occurrence = found[0]
        appointment = await self._uow.appointments.get(occurrence.appointment_id)  # type: ignore[arg-type]
        if appointment is None:
            raise NotFound("generated visit of that date")
        now = self._clock.now()
        appointment.reschedule(window, now)
        await self._uow.appointments.save(appointment)
        occurrence.state = OccurrenceState.MOVED
        await self._uow.recurring_plans.save_occurrence(occurrence)
        record(self._recorder, self._uow, actor, "appointment.rescheduled", appointment)
        await self._uow.commit()
        return occurrence
