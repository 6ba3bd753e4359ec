"""The worker backbone's wiring: which queue wakes the workers, and the outbox they read."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from taskiq import AsyncBroker

from ordinavo.adapters.persistence.outbox.repository import SqlaOutbox
from ordinavo.adapters.tasks.taskiq_queue import IdleJobQueue, TaskiqJobQueue
from ordinavo.application.ports.outbox import JobQueue, Outbox
from ordinavo.application.use_cases.customers.finish_customer_deletion import (
    FinishCustomerDeletion,
)
from ordinavo.application.use_cases.outbox.deliver_webhook import DeliverWebhook
from ordinavo.application.use_cases.outbox.dispatch_events import DispatchEvents
from ordinavo.application.use_cases.outbox.sweep_outbox import SweepOutbox
from ordinavo.entrypoints.settings import Settings
from ordinavo.entrypoints.worker.brokers import redis_broker


class TaskQueueProvider(Provider):
    """Every process: API apps and operator commands wake workers through the broker of
    ORDINAVO_BROKER_URL. Without one, nothing here can wake a worker; `ordinavo serve` then
    runs the worker in-process and overrides this queue with `queue_on`."""

    @provide(scope=Scope.APP)
    async def queue(self, settings: Settings) -> AsyncIterator[JobQueue]:
        if not settings.broker_url:
            yield IdleJobQueue()
            return
        broker = redis_broker(settings)
        await broker.startup()
        try:
            yield TaskiqJobQueue(broker)
        finally:
            await broker.shutdown()


class WorkerProvider(Provider):
    """The worker's own pieces: the outbox and the use cases its tasks run."""

    outbox = provide(SqlaOutbox, scope=Scope.REQUEST, provides=Outbox)
    relay = provide(DispatchEvents, scope=Scope.REQUEST)
    deliver = provide(DeliverWebhook, scope=Scope.REQUEST)
    sweep = provide(SweepOutbox, scope=Scope.REQUEST)
    finish_deletion = provide(FinishCustomerDeletion, scope=Scope.REQUEST)


def queue_on(broker: AsyncBroker) -> Provider:
    """The queue of a broker that lives in this process (the embedded worker, tests)."""
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: TaskiqJobQueue(broker), provides=JobQueue, override=True)
    return provider
