"""The periodic tasks and the scheduler that queues them. Kept apart from the tasks, so the
scheduler process starts without importing the application."""

from __future__ import annotations

import asyncio

from taskiq import AsyncBroker, ScheduleSource, TaskiqScheduler
from taskiq.cli.scheduler.run import SchedulerLoop
from taskiq.scheduler.scheduled_task import ScheduledTask

from ordinavo.adapters.tasks.taskiq_queue import (
    GENERATE_RECURRING_VISITS,
    REMIND_OF_VISITS,
    RUN_RETENTION,
    SWEEP_OUTBOX,
)
from ordinavo.entrypoints.settings import Settings
from ordinavo.entrypoints.worker.brokers import redis_broker


class PeriodicTasks(ScheduleSource):
    """The deployment's periodic tasks, by name: the workers have the code."""

    def __init__(self, settings: Settings) -> None:
        self._tasks = [
            ScheduledTask(
                task_name=SWEEP_OUTBOX,
                labels={},
                args=[],
                kwargs={},
                schedule_id="sweep-outbox",
                interval=settings.sweep_interval_seconds,
            ),
            ScheduledTask(
                task_name=REMIND_OF_VISITS,
                labels={},
                args=[],
                kwargs={},
                schedule_id="remind-of-visits",
                interval=settings.reminder_interval_seconds,
            ),
            ScheduledTask(
                task_name=GENERATE_RECURRING_VISITS,
                labels={},
                args=[],
                kwargs={},
                schedule_id="generate-recurring-visits",
                interval=settings.recurring_interval_seconds,
            ),
            ScheduledTask(
                task_name=RUN_RETENTION,
                labels={},
                args=[],
                kwargs={},
                schedule_id="run-retention",
                interval=settings.retention_interval_seconds,
            ),
        ]

    async def get_schedules(self) -> list[ScheduledTask]:
        return list(self._tasks)


async def start_scheduler(broker: AsyncBroker, settings: Settings) -> asyncio.Task[None]:
    """Queue the periodic tasks on `broker` until the returned task is cancelled."""
    scheduler = TaskiqScheduler(broker=broker, sources=[PeriodicTasks(settings)])
    await scheduler.startup()
    return asyncio.create_task(SchedulerLoop(scheduler).run(send_timeout=5))


async def run_scheduler(settings: Settings) -> None:
    """One per deployment: queues the sweep and the reminders; the workers run them."""
    broker = redis_broker(settings)
    loop = await start_scheduler(broker, settings)
    try:
        await loop
    finally:
        await broker.shutdown()
