"""The worker entrypoint, composed like the two apps: a broker with the tasks, and a dishka
container that hands each task its use case."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from dishka import Provider, make_async_container
from dishka.integrations.taskiq import TaskiqProvider, setup_dishka
from taskiq import AsyncBroker, TaskiqEvents
from taskiq.kicker import AsyncKicker

from ordinavo.adapters.tasks.taskiq_queue import SWEEP_OUTBOX
from ordinavo.entrypoints.ioc import InfrastructureProvider
from ordinavo.entrypoints.providers.mail import MailAdapters, ReminderProvider
from ordinavo.entrypoints.providers.recurring import RecurringAdapters, RecurringGenerator
from ordinavo.entrypoints.providers.tasks import WorkerProvider, queue_on
from ordinavo.entrypoints.providers.webhooks import WebhookAdapters
from ordinavo.entrypoints.settings import Settings
from ordinavo.entrypoints.worker.brokers import redis_broker
from ordinavo.entrypoints.worker.schedule import start_scheduler
from ordinavo.entrypoints.worker.tasks import register_tasks

log = logging.getLogger("ordinavo.worker")


def create_worker(settings: Settings, broker: AsyncBroker, *providers: Provider) -> AsyncBroker:
    """Register the tasks on `broker` and give them a container. `providers` may override
    adapters (tests pass a controllable clock)."""
    register_tasks(broker)
    container = make_async_container(
        InfrastructureProvider(),
        WebhookAdapters(),
        MailAdapters(),
        ReminderProvider(),
        RecurringAdapters(),
        RecurringGenerator(),
        WorkerProvider(),
        TaskiqProvider(),
        queue_on(broker),
        *providers,
        context={Settings: settings},
    )
    setup_dishka(container, broker)

    async def close_container(_state: Any) -> None:
        await container.close()

    broker.add_event_handler(TaskiqEvents.WORKER_SHUTDOWN, close_container)
    return broker


def worker_from_env() -> AsyncBroker:
    """For taskiq's worker processes (`ordinavo worker`): each builds its own broker."""
    settings = Settings.from_env()
    logging.getLogger("ordinavo").setLevel(settings.log_level.upper())
    broker = create_worker(settings, redis_broker(settings))
    _wake_on_stop(broker)
    return broker


def _wake_on_stop(broker: AsyncBroker) -> None:
    """On a stop signal, taskiq waits for the worker's blocked read of the queue to return,
    which on an idle queue it never does. Queue one sweep (harmless) so that it returns."""
    loop = asyncio.get_event_loop()
    pending: set[asyncio.Task[Any]] = set()

    def wake() -> None:
        kicker: AsyncKicker[..., Any] = AsyncKicker(SWEEP_OUTBOX, broker, {})
        task = loop.create_task(kicker.kiq())
        pending.add(task)
        task.add_done_callback(pending.discard)

    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)
        if not callable(previous):
            continue

        def on_stop(number: int, frame: Any, previous: Any = previous) -> None:
            loop.call_soon_threadsafe(wake)
            previous(number, frame)

        signal.signal(signum, on_stop)


class EmbeddedWorker:
    """The embedded default: the worker and its scheduler inside the serving process, on the
    in-memory broker. Nothing to install; events still go through the outbox."""

    def __init__(self, settings: Settings, broker: AsyncBroker, *providers: Provider) -> None:
        self.broker = create_worker(settings, broker, *providers)
        self._settings = settings
        self._loop_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.broker.startup()
        self._loop_task = await start_scheduler(self.broker, self._settings)

    async def stop(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            try:
                await self._loop_task
            except asyncio.CancelledError:
                pass
        await self.broker.shutdown()
