from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.recurring import OccurrenceCalendar
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import (
    check_rule,
    generate,
    local_today,
    record_plan,
    require_planner,
)
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.access import Action, may
from ordinavo.domain.identity import Actor
from ordinavo.domain.recurring import DailyWindow, RecurrenceRule, RecurringPlan, VisitTemplate


@dataclass(frozen=True, slots=True)
class NewRecurringPlan:
    location_id: UUID
    title: str
    rule: RecurrenceRule
    starts_on: date
    window: DailyWindow
    template: VisitTemplate = VisitTemplate()  # noqa: RUF009 (frozen value)
    customer_label: str | None = None
    customer_description: str | None = None
    horizon_weeks: int = 8


class CreateRecurringPlan:
    """A plan at one location; the visits of its first horizon are generated at once."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
        calendar: OccurrenceCalendar,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder
        self._calendar = calendar

    async def __call__(self, actor: Actor, new: NewRecurringPlan) -> RecurringPlan:
        require_planner(actor)
        if new.template.checklist and not may(actor, Action.WRITE_INTERNAL_NOTES):
            raise Forbidden("You may not set: checklist (it becomes the work's internal notes).")
        location = await self._uow.locations.get(new.location_id)
        if location is None:
            raise NotFound("location")
        customer = await self._uow.customers.get(location.customer_id)
        if customer is None:
            raise NotFound("customer")
        customer.ensure_accepts_new_records()
        await ensure_assignable(self._uow, new.template.default_employee_id)
        now = self._clock.now()
        plan = RecurringPlan.create(
            id=self._ids.new_id(),
            customer_id=customer.id,
            location=location,
            title=new.title,
            customer_label=new.customer_label,
            customer_description=new.customer_description,
            template=new.template,
            rule=new.rule,
            starts_on=new.starts_on,
            window=new.window,
            horizon_weeks=new.horizon_weeks,
            now=now,
        )
        check_rule(plan, self._calendar, local_today(plan, now))
        await self._uow.recurring_plans.add(plan)
        record_plan(self._recorder, self._uow, actor, "recurring_plan.created", plan)
        await generate(
            self._uow,
            plan,
            calendar=self._calendar,
            ids=self._ids,
            recorder=self._recorder,
            now=now,
            actor=actor,
        )
        await self._uow.commit()
        return plan
