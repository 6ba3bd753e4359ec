from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.recurring._shared import require_planner
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.recurring import RecurringPlan


class ListRecurringPlans:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, location_id: UUID | None = None
    ) -> Page[RecurringPlan]:
        require_planner(actor)
        return await self._uow.recurring_plans.list(page, location_id)
