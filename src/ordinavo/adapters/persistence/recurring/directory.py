"""The generator's cross-tenant list of plans that owe visits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.models import DELETING, CustomerModel
from ordinavo.adapters.persistence.recurring.models import RecurringPlanModel
from ordinavo.adapters.persistence.tenant_binding import span_all_tenants
from ordinavo.application.ports.recurring import DuePlan
from ordinavo.domain.recurring import PlanStatus


class SqlaRecurringDirectory:
    """Across tenants: the generator reads which plans owe dates, then works per tenant."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def plans_due(self, today: date, limit: int, until: date | None = None) -> list[DuePlan]:
        span_all_tenants(self._session, "the generator finds the due plans of every tenant")
        p = RecurringPlanModel
        # due_on: the first day on which the plan's horizon reaches past what it generated.
        owed = p.due_on <= today if until is None else p.generated_until < until
        # The plans of a customer being deleted are hidden from the generator's reads: listed
        # here they would be skipped, and listed again, every round until the job ends.
        c = CustomerModel
        being_deleted = exists().where(
            c.tenant_id == p.tenant_id, c.id == p.customer_id, c.status == DELETING
        )
        stmt = (
            select(p.tenant_id, p.id)
            .where(p.status == PlanStatus.ACTIVE.value)
            .where(or_(p.due_on.is_(None), owed))
            .where(~being_deleted)
            .order_by(p.due_on.is_not(None), p.due_on, p.id)
            .limit(limit)
        )
        rows = (await self._session.execute(stmt)).all()
        return [DuePlan(tenant_id, plan_id) for tenant_id, plan_id in rows]
