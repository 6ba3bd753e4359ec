"""Ports of recurring visit plans: their store, the cross-tenant list the generator works
through, and the calendar arithmetic that expands a rule into dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.recurring import Occurrence, RecurrenceRule, RecurringPlan


class RecurringPlanRepository(Protocol):
    async def add(self, plan: RecurringPlan) -> None: ...

    async def get(self, plan_id: UUID) -> RecurringPlan | None: ...

    async def save(self, plan: RecurringPlan) -> None: ...

    async def list(
        self, page: PageRequest, location_id: UUID | None = None
    ) -> Page[RecurringPlan]: ...

    async def mark_generated(self, plan: RecurringPlan) -> None:
        """Writes only how far the plan is generated (and an end that came due): the
        generator never overwrites a planner's change made meanwhile."""
        ...

    async def occurrences(self, plan_id: UUID, from_day: date | None = None) -> list[Occurrence]:
        """The plan's known dates (generated, skipped, moved), oldest first."""
        ...

    async def add_occurrence(self, occurrence: Occurrence) -> None:
        """A second row for the same plan and day fails at commit (the generator's guard)."""
        ...

    async def save_occurrence(self, occurrence: Occurrence) -> None: ...

    async def forget_occurrence(self, occurrence: Occurrence) -> None: ...

    async def upcoming_in_scope(
        self, whole_customers: frozenset[UUID], locations: frozenset[UUID], after: datetime
    ) -> list[tuple[RecurringPlan, list[datetime]]]:
        """Active plans at any location of these customers or at these locations, each with
        the start of its visits still to come after `after` (none called off), soonest first."""
        ...


@dataclass(frozen=True, slots=True)
class DuePlan:
    tenant_id: UUID
    plan_id: UUID


class RecurringDirectory(Protocol):
    """Across tenants, for the generator: active plans not generated as far as their horizon."""

    async def plans_due(self, today: date, limit: int, until: date | None = None) -> list[DuePlan]:
        """Due by their horizon as of `today`; with `until`, every active plan that has not
        been generated as far as that date."""
        ...


class OccurrenceCalendar(Protocol):
    def dates(self, rule: RecurrenceRule, starts_on: date, first: date, last: date) -> list[date]:
        """The rule's dates between first and last (inclusive), counting from starts_on."""
        ...
