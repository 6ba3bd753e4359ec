from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.recurring._shared import load_plan, require_planner
from ordinavo.domain.identity import Actor
from ordinavo.domain.recurring import Occurrence, RecurringPlan


class GetRecurringPlan:
    """The plan with every date it has dealt with (generated, skipped, moved)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, plan_id: UUID) -> tuple[RecurringPlan, list[Occurrence]]:
        require_planner(actor)
        plan = await load_plan(self._uow, plan_id)
        return plan, await self._uow.recurring_plans.occurrences(plan.id)
