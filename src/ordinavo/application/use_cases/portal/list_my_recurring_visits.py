from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.visibility import PortalSubject

NEXT_DATES = 5


@dataclass(frozen=True, slots=True)
class RecurringVisitView:
    """What a customer may know of a plan: its label, the description written for them, where,
    and the next dates. Never the plan's internal title, template or employee."""

    plan_id: UUID
    location_id: UUID
    label: str
    description: str | None
    next_dates: list[date]


class ListMyRecurringVisits:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, subject: PortalSubject) -> list[RecurringVisitView]:
        scope = subject.scope()
        found = await self._uow.recurring_plans.upcoming_in_scope(
            scope.whole_customers, scope.locations, self._clock.now()
        )
        return [
            RecurringVisitView(
                plan_id=plan.id,
                location_id=plan.location_id,
                label=plan.customer_label,
                description=plan.customer_description,
                # The day each visit is on where it happens.
                next_dates=[plan.local_date(s) for s in starts][:NEXT_DATES],
            )
            for plan, starts in found
        ]
