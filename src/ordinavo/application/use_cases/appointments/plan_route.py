from __future__ import annotations

from datetime import date
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import AppointmentFilter
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import require_planner
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import TimedPageRequest
from ordinavo.domain.recurring import ensure_within_reach
from ordinavo.domain.routes import MAX_STOPS, Stop, arrange, day_bounds


async def visits_of_day(uow: UnitOfWork, employee_id: UUID, day: date) -> list[Appointment]:
    """The employee's open visits starting that day, by time."""
    start, end = day_bounds(day)
    page = await uow.appointments.list(
        TimedPageRequest(size=MAX_STOPS * 2),
        AppointmentFilter(assigned_to=employee_id, starts_from=start, starts_before=end),
    )
    return [a for a in page.items if not a.is_closed]


class PlanRoute:
    """A dispatcher puts an employee's visits of a day in order, with the travel time to each;
    each visit's route stop and travel minutes come from it."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, employee_id: UUID, day: date, stops: list[Stop]
    ) -> list[Appointment]:
        require_planner(actor)
        ensure_within_reach(day, self._clock.now().date(), "day")
        await ensure_assignable(self._uow, employee_id)
        theirs = await visits_of_day(self._uow, employee_id, day)
        plans = arrange(employee_id, day, stops, theirs)
        now = self._clock.now()
        for visit in theirs:
            if visit.route != plans[visit.id]:
                visit.replan(
                    now=now,
                    assigned_employee_id=visit.assigned_employee_id,
                    route=plans[visit.id],
                    planning_notes=visit.planning_notes,
                )
                await self._uow.appointments.save(visit)
        self._recorder.audit_only(
            self._uow, actor, "route.planned", object_type="user", object_id=employee_id
        )
        await self._uow.commit()
        order = {s.appointment_id: n for n, s in enumerate(stops)}
        return sorted((v for v in theirs if v.id in order), key=lambda v: order[v.id])
