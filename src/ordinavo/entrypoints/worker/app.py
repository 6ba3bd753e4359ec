"""The worker entrypoint, composed like the two apps: a broker with the tasks, and a dishka
container that hands each task its use case."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from dishka import Provider, make_async_container
from dishka.integrations.taskiq import TaskiqProvider, setup_dishka
from taskiq import AsyncBroker, TaskiqEvents, TaskiqMessage, TaskiqMiddleware, TaskiqResult
from taskiq.kicker import AsyncKicker

from ordinavo.adapters.tasks.taskiq_queue import SWEEP_OUTBOX
from ordinavo.entrypoints.common.logs import configure_logging, current_app, set_process_app
from ordinavo.entrypoints.common.telemetry import WORKER, Telemetry, telemetry_for
from ordinavo.entrypoints.ioc import InfrastructureProvider
from ordinavo.entrypoints.portal_api.export_document import export_builder
from ordinavo.entrypoints.providers.connect import ConnectAdapters, ImportRunner
from ordinavo.entrypoints.providers.mail import MailAdapters, ReminderProvider
from ordinavo.entrypoints.providers.recurring import RecurringAdapters, RecurringGenerator
from ordinavo.entrypoints.providers.retention import RetentionJob
from ordinavo.entrypoints.providers.tasks import WorkerProvider, queue_on
from ordinavo.entrypoints.providers.webhooks import WebhookAdapters
from ordinavo.entrypoints.settings import Settings
from ordinavo.entrypoints.worker.brokers import redis_broker
from ordinavo.entrypoints.worker.schedule import start_scheduler
from ordinavo.entrypoints.worker.tasks import register_tasks

log = logging.getLogger("ordinavo.worker")


class WorkerLogContext(TaskiqMiddleware):
    """What a task logs says app=worker, even when the embedded worker shares its process
    with the apps (or, in tests, runs inside the call that queued it)."""

    def __init__(self) -> None:
        super().__init__()
        self._tokens: dict[str, Any] = {}

    def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        self._tokens[message.task_id] = current_app.set("worker")
        return message

    def post_execute(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        token = self._tokens.pop(message.task_id, None)
        if token is not None:
            current_app.reset(token)


def create_worker(
    settings: Settings,
    broker: AsyncBroker,
    *providers: Provider,
    telemetry: Telemetry | None = None,
) -> AsyncBroker:
    """Register the tasks on `broker` and give them a container. `providers` may override
    adapters (tests pass a controllable clock); `telemetry`, the providers ORDINAVO_OTEL=on
    would set up (tests pass in-memory exporters)."""
    telemetry = telemetry or telemetry_for(settings, WORKER)
    traced = (telemetry.provider(),) if telemetry else ()
    register_tasks(broker)
    broker.add_middlewares(WorkerLogContext())
    if telemetry is not None:
        broker.add_middlewares(telemetry.task_spans())
    container = make_async_container(
        InfrastructureProvider(),
        WebhookAdapters(),
        MailAdapters(),
        ReminderProvider(),
        RecurringAdapters(),
        RecurringGenerator(),
        RetentionJob(),
        ConnectAdapters(),
        ImportRunner(),
        WorkerProvider(),
        export_builder(),
        TaskiqProvider(),
        queue_on(broker),
        *traced,
        *providers,
        context={Settings: settings},
    )
    setup_dishka(container, broker)

    async def close_container(_state: Any) -> None:
        await container.close()
        if telemetry is not None:
            await telemetry.close()

    broker.add_event_handler(TaskiqEvents.WORKER_SHUTDOWN, close_container)
    return broker


def worker_from_env() -> AsyncBroker:
    """For taskiq's worker processes (`ordinavo worker`): each builds its own broker."""
    settings = Settings.from_env()
    logging.getLogger("ordinavo").setLevel(settings.log_level.upper())
    set_process_app("worker")  # this process runs nothing but the worker
    if settings.log_format == "json":
        # taskiq set up text logging for this process; the operator asked for JSON.
        configure_logging(settings.log_level, settings.log_format)
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
        # The scheduler's task copies this context: its lines say app=worker too.
        token = current_app.set("worker")
        try:
            await self.broker.startup()
            self._loop_task = await start_scheduler(self.broker, self._settings)
        finally:
            current_app.reset(token)

    async def stop(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            try:
                await self._loop_task
            except asyncio.CancelledError:
                pass
        await self.broker.shutdown()
