from __future__ import annotations

from datetime import date
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.recurring import OccurrenceCalendar
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import (
    TakenBack,
    load_plan,
    local_today,
    record_plan,
    require_planner,
    take_back,
)
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor
from ordinavo.domain.recurring import Occurrence, OccurrenceState, ensure_within_reach


class SkipOccurrence:
    """One date of the plan is not visited: its visit, if generated and not yet agreed, is
    cancelled, and the generator never creates that date again."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder, calendar: OccurrenceCalendar
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder
        self._calendar = calendar

    async def __call__(self, actor: Actor, plan_id: UUID, day: date) -> Occurrence:
        require_planner(actor)
        plan = await load_plan(self._uow, plan_id)
        ensure_within_reach(day, local_today(plan, self._clock.now()), "day")
        if day not in self._calendar.dates(plan.rule, plan.starts_on, day, day):
            raise RuleViolation(f"{day.isoformat()} is not a date of this plan.", field="day")
        now = self._clock.now()
        known = [
            o for o in await self._uow.recurring_plans.occurrences(plan.id, day) if o.day == day
        ]
        occurrence = known[0] if known else None
        if occurrence is not None and occurrence.state is OccurrenceState.SKIPPED:
            return occurrence
        if occurrence is not None and await take_back(self._uow, occurrence, now) is TakenBack.KEPT:
            raise RuleViolation(
                "The visit of that date was confirmed or has begun; cancel it instead.",
                field="day",
            )
        occurrence = Occurrence(
            tenant_id=plan.tenant_id,
            plan_id=plan.id,
            day=day,
            state=OccurrenceState.SKIPPED,
            created_at=now,
            target_id=occurrence.target_id if occurrence else None,
            appointment_id=occurrence.appointment_id if occurrence else None,
        )
        await self._uow.recurring_plans.save_occurrence(occurrence)
        record_plan(
            self._recorder, self._uow, actor, "recurring_visit.skipped", plan, day=day.isoformat()
        )
        await self._uow.commit()
        return occurrence
