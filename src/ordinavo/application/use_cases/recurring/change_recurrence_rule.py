from __future__ import annotations

import dataclasses
from datetime import date
from uuid import UUID

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.recurring import OccurrenceCalendar
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import (
    TakenBack,
    check_rule,
    generate,
    load_plan,
    local_today,
    record_plan,
    require_planner,
    take_back,
)
from ordinavo.domain.identity import Actor
from ordinavo.domain.recurring import OccurrenceState, RecurrenceRule, RecurringPlan


class ChangeRecurrenceRule:
    """A new rule from a date on: visits generated from then on that nobody has agreed to yet
    are taken back and generated again by the new rule; confirmed and moved ones stay."""

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

    async def __call__(
        self, actor: Actor, plan_id: UUID, rule: RecurrenceRule, from_day: date
    ) -> RecurringPlan:
        require_planner(actor)
        plan = await load_plan(self._uow, plan_id)
        now = self._clock.now()
        today = local_today(plan, now)
        before = dataclasses.replace(plan)
        plan.change_rule(rule, from_day, today, now)
        check_rule(plan, self._calendar, today)
        for occurrence in await self._uow.recurring_plans.occurrences(plan.id, from_day):
            if occurrence.state is not OccurrenceState.GENERATED:
                continue
            # Only a visit as the old rule made it goes; one cancelled, confirmed or moved by
            # hand stays, and its date is never generated again.
            if await take_back(self._uow, occurrence, now, before) is TakenBack.TAKEN:
                await self._uow.recurring_plans.forget_occurrence(occurrence)
        await self._uow.recurring_plans.save(plan)
        record_plan(
            self._recorder,
            self._uow,
            actor,
            "recurring_plan.changed",
            plan,
            **{"from": from_day.isoformat()},
        )
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
