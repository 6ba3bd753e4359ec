from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import load_plan, local_today, take_back
from ordinavo.domain.access import Action
from ordinavo.domain.errors import RuleViolation
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
        require(actor, Action.PLAN_WORK)
        plan = await load_plan(self._uow, plan_id)
        now = self._clock.now()
        if change == "pause":
            plan.pause(now)
        elif change == "resume":
            plan.resume(now)
        else:
            end = on or local_today(plan, now)
            if end < local_today(plan, now):
                raise RuleViolation("A plan ends today or later.", field="on")
            plan.end(end, now)
            for occurrence in await self._uow.recurring_plans.occurrences(plan.id, end):
                if occurrence.state is OccurrenceState.GENERATED:
                    await take_back(self._uow, occurrence, now)
        await self._uow.recurring_plans.save(plan)
        self._recorder.record(
            self._uow,
            actor,
            f"recurring_plan.{ {'pause': 'paused', 'resume': 'resumed', 'end': 'ended'}[change] }",
            subject_type="recurring_plan",
            subject_id=plan.id,
            customer_id=plan.customer_id,
            location_id=plan.location_id,
        )
        await self._uow.commit()
        return plan
