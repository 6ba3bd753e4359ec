"""Recurring plans and their occurrences on SQLAlchemy."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ordinavo.adapters.persistence.integrity import is_duplicate_key
from ordinavo.adapters.persistence.recurring.mappers import (
    occurrence_from_row,
    occurrence_onto_row,
    plan_from_row,
    plan_onto_row,
)
from ordinavo.adapters.persistence.recurring.models import (
    RecurringOccurrenceModel,
    RecurringPlanModel,
)
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.adapters.persistence.work_models import AppointmentModel
from ordinavo.application.errors import Conflict
from ordinavo.domain.appointments import CLOSED_STATUSES
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.recurring import (
    Occurrence,
    PlanStatus,
    RecurringPlan,
)

_CLOSED = sorted(s.value for s in CLOSED_STATUSES)


class SqlaRecurringPlanRepository(TenantScoped[RecurringPlanModel]):
    model = RecurringPlanModel

    async def add(self, plan: RecurringPlan) -> None:
        self._session.add(plan_onto_row(plan, RecurringPlanModel()))
        await self._session.flush()

    async def get(self, plan_id: UUID) -> RecurringPlan | None:
        row = await self._row(plan_id)
        return plan_from_row(row) if row else None

    async def save(self, plan: RecurringPlan) -> None:
        row = await self._row(plan.id)
        if row is None:
            raise LookupError("recurring plan vanished during the transaction")
        plan_onto_row(plan, row)
        await self._session.flush()

    async def list(self, page: PageRequest, location_id: UUID | None = None) -> Page[RecurringPlan]:
        stmt = self._select()
        if location_id is not None:
            stmt = stmt.where(RecurringPlanModel.location_id == location_id)
        return await self._page(stmt, page, plan_from_row)

    def _occurrences(self):  # type: ignore[no-untyped-def]
        o = RecurringOccurrenceModel
        return select(o).where(o.tenant_id == self._tenant_id)

    async def occurrences(self, plan_id: UUID, from_day: date | None = None) -> list[Occurrence]:
        o = RecurringOccurrenceModel
        stmt = self._occurrences().where(o.plan_id == plan_id)
        if from_day is not None:
            stmt = stmt.where(o.day >= from_day)
        rows = (await self._session.execute(stmt.order_by(o.day))).scalars().all()
        return [occurrence_from_row(r) for r in rows]

    async def mark_generated(self, plan: RecurringPlan) -> None:
        await self._session.execute(
            update(RecurringPlanModel)
            .where(RecurringPlanModel.tenant_id == self._tenant_id)
            .where(RecurringPlanModel.id == plan.id)
            .values(
                generated_until=plan.generated_until,
                due_on=plan.due_on,
                # An end that came due; never an older status over a planner's newer one.
                **({"status": plan.status.value} if plan.status is PlanStatus.ENDED else {}),
            )
        )

    async def add_occurrence(self, occurrence: Occurrence) -> None:
        self._session.add(occurrence_onto_row(occurrence, RecurringOccurrenceModel()))
        await self._flush_dealt_with()

    async def _flush_dealt_with(self) -> None:
        """A date another worker or request dealt with at the same moment is a conflict, seen
        here rather than at some later flush."""
        try:
            await self._session.flush()
        except IntegrityError as error:
            if is_duplicate_key(error):
                raise Conflict(
                    "That date of the plan was dealt with at the same moment."
                ) from error
            raise

    async def _occurrence_row(self, occurrence: Occurrence) -> RecurringOccurrenceModel | None:
        o = RecurringOccurrenceModel
        stmt = self._occurrences().where(o.plan_id == occurrence.plan_id, o.day == occurrence.day)
        return (await self._session.execute(stmt)).scalar_one_or_none()

    async def save_occurrence(self, occurrence: Occurrence) -> None:
        row = await self._occurrence_row(occurrence)
        if row is None:
            await self.add_occurrence(occurrence)
            return
        occurrence_onto_row(occurrence, row)
        await self._flush_dealt_with()

    async def forget_occurrence(self, occurrence: Occurrence) -> None:
        row = await self._occurrence_row(occurrence)
        if row is not None:
            await self._session.delete(row)
            await self._session.flush()

    async def upcoming_in_scope(
        self, whole_customers: frozenset[UUID], locations: frozenset[UUID], after: datetime
    ) -> list[tuple[RecurringPlan, list[datetime]]]:
        p, o, a = RecurringPlanModel, RecurringOccurrenceModel, AppointmentModel
        if not whole_customers and not locations:
            return []
        stmt = self._select().where(
            p.status == PlanStatus.ACTIVE.value,
            or_(p.customer_id.in_(whole_customers), p.location_id.in_(locations)),
        )
        plans = (await self._session.execute(stmt.order_by(p.id))).scalars().all()
        if not plans:
            return []
        # The visits as they stand: a moved one at its new time, a cancelled one not at all.
        starts = await self._session.execute(
            select(o.plan_id, a.starts_at)
            .join(a, (a.tenant_id == o.tenant_id) & (a.id == o.appointment_id))
            .where(o.tenant_id == self._tenant_id, o.plan_id.in_([x.id for x in plans]))
            .where(a.starts_at > after, a.status.notin_(_CLOSED))
            .order_by(a.starts_at)
        )
        by_plan: dict[UUID, list[datetime]] = {}
        for plan_id, starts_at in starts.all():
            by_plan.setdefault(plan_id, []).append(starts_at)
        return [(plan_from_row(x), by_plan.get(x.id, [])) for x in plans]
