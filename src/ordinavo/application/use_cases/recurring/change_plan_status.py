from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import (
    load_plan,
    local_today,
    record_plan,
    require_planner,
    take_back,
)
from ordinavo.domain.identity import Actor
from ordinavo.domain.recurring import OccurrenceState, RecurringPlan

Change = Literal["pause", "resume", "end"]


class ChangePlanStatus:
    """Pause (nothing new is generated; what exists stays), resume, or end a plan on a date
    (visits from then on that nobody agreed to yet are taken back)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, plan_id: UUID, change: Change, on: date | None = None
    ) -> RecurringPlan:
        require_planner(actor)
        plan = await load_plan(self._uow, plan_id)
        now = self._clock.now()
        if change == "pause":
            plan.pause(now)
        elif change == "resume":
            plan.resume(now)
        else:
            today = local_today(plan, now)
            end = on or today
            plan.end(end, today, now)
            for occurrence in await self._uow.recurring_plans.occurrences(plan.id, end):
                if occurrence.state is OccurrenceState.GENERATED:
                    await take_back(self._uow, occurrence, now)
        await self._uow.recurring_plans.save(plan)
        record_plan(
            self._recorder,
            self._uow,
            actor,
            f"recurring_plan.{ {'pause': 'paused', 'resume': 'resumed', 'end': 'ended'}[change] }",
            plan,
        )
        await self._uow.commit()
        return plan
