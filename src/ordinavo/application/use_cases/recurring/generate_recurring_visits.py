"""The generator: a periodic task that brings every active plan up to its horizon."""

from __future__ import annotations

import logging
from datetime import date

from ordinavo.application.errors import ApplicationError, Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.recurring import OccurrenceCalendar, RecurringDirectory
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.recurring._shared import generate, local_today
from ordinavo.domain.errors import DomainError
from ordinavo.domain.recurring import PlanStatus

log = logging.getLogger("ordinavo.recurring")
BATCH = 200
MAX_ROUNDS = 50  # a run stops after this many batches; the next run goes on


class GenerateRecurringVisits:
    def __init__(
        self,
        directory: RecurringDirectory,
        units: UnitOfWorkFactory,
        calendar: OccurrenceCalendar,
        ids: IdGenerator,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._directory = directory
        self._units = units
        self._calendar = calendar
        self._ids = ids
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, until: date | None = None) -> int:
        """How many visits were created. Each plan is its own transaction; a plan another
        worker is generating at the same moment is left to it."""
        created = 0
        for _ in range(MAX_ROUNDS):
            now = self._clock.now()
            due = await self._directory.plans_due(now.date(), BATCH, until)
            for item in due:
                uow = self._units.for_tenant(item.tenant_id)
                plan = await uow.recurring_plans.get(item.plan_id)
                if plan is None or plan.status is not PlanStatus.ACTIVE:
                    await uow.rollback()
                    continue
                try:
                    created += await generate(
                        uow,
                        plan,
                        calendar=self._calendar,
                        ids=self._ids,
                        recorder=self._recorder,
                        now=now,
                        until=until,
                    )
                    await uow.commit()
                except Conflict:
                    await uow.rollback()  # the other worker's visits stand
                except (DomainError, ApplicationError) as error:
                    await uow.rollback()
                    # Not retried until its horizon moves on: a plan whose customer was
                    # archived, say, must not block the others or fail every run.
                    log.warning("recurring plan %s not generated: %s", plan.id, error)
                    plan.generated_until = until or plan.horizon_end(local_today(plan, now))
                    await uow.recurring_plans.mark_generated(plan)
                    await uow.commit()
            if len(due) < BATCH:
                break
        return created
