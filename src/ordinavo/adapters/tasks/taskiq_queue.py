"""The job queue on a taskiq broker: Redis streams in production, in memory on the embedded
default. Kicks tasks by name, so the API processes need not import the worker's tasks."""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

from taskiq import AsyncBroker
from taskiq.kicker import AsyncKicker

log = logging.getLogger("ordinavo.worker")

DISPATCH_EVENTS = "ordinavo.dispatch_events"
DELIVER_WEBHOOK = "ordinavo.deliver_webhook"
SWEEP_OUTBOX = "ordinavo.sweep_outbox"
SEND_MAIL = "ordinavo.send_mail"
REMIND_OF_VISITS = "ordinavo.remind_of_visits"
GENERATE_RECURRING_VISITS = "ordinavo.generate_recurring_visits"
RUN_RETENTION = "ordinavo.run_retention"
HANDLE_PASSWORD_RESET = "ordinavo.handle_password_reset"
BUILD_DATA_EXPORT = "ordinavo.build_data_export"
FINISH_CUSTOMER_DELETION = "ordinavo.finish_customer_deletion"
RUN_IMPORT = "ordinavo.run_import"
NUDGE_TIMEOUT = 2.0  # seconds; a broker that does not answer by then is skipped


class TaskiqJobQueue:
    def __init__(self, broker: AsyncBroker) -> None:
        self._broker = broker
        # An in-memory broker told to run tasks in place (tests) does the work inside the kick:
        # no time limit then, or a long relay would be cut off halfway.
        self._timeout = None if getattr(broker, "await_inplace", False) else NUDGE_TIMEOUT

    async def _kick(self, task_name: str, *args: str) -> None:
        try:
            kicker: AsyncKicker[..., None] = AsyncKicker(
                task_name=task_name, broker=self._broker, labels={}
            )
            await asyncio.wait_for(kicker.kiq(*args), self._timeout)
        except Exception as error:  # the database keeps the work; the sweeper finds it
            log.warning("could not queue %s (%s); the sweeper will pick it up", task_name, error)

    async def dispatch_events(self) -> None:
        await self._kick(DISPATCH_EVENTS)

    async def deliver_webhook(self, tenant_id: UUID, delivery_id: UUID) -> None:
        await self._kick(DELIVER_WEBHOOK, str(tenant_id), str(delivery_id))

    async def send_mail(self, tenant_id: UUID, mail_id: UUID) -> None:
        await self._kick(SEND_MAIL, str(tenant_id), str(mail_id))

    async def remind_of_visits(self) -> None:
        await self._kick(REMIND_OF_VISITS)

    async def handle_password_reset(self, asked_id: UUID) -> None:
        await self._kick(HANDLE_PASSWORD_RESET, str(asked_id))

    async def build_data_export(self, tenant_id: UUID, export_id: UUID) -> None:
        await self._kick(BUILD_DATA_EXPORT, str(tenant_id), str(export_id))

    async def finish_customer_deletion(self, tenant_id: UUID, customer_id: UUID) -> None:
        await self._kick(FINISH_CUSTOMER_DELETION, str(tenant_id), str(customer_id))

    async def run_import(self, tenant_id: UUID, job_id: UUID) -> None:
        await self._kick(RUN_IMPORT, str(tenant_id), str(job_id))


class IdleJobQueue:
    """For processes without a worker to wake (operator commands, an app served without a
    broker): events wait in the outbox until a worker's sweeper finds them."""

    async def dispatch_events(self) -> None:
        return None

    async def deliver_webhook(self, tenant_id: UUID, delivery_id: UUID) -> None:
        return None

    async def send_mail(self, tenant_id: UUID, mail_id: UUID) -> None:
        return None

    async def remind_of_visits(self) -> None:
        return None

    async def handle_password_reset(self, asked_id: UUID) -> None:
        return None

    async def build_data_export(self, tenant_id: UUID, export_id: UUID) -> None:
        return None

    async def finish_customer_deletion(self, tenant_id: UUID, customer_id: UUID) -> None:
        return None

    async def run_import(self, tenant_id: UUID, job_id: UUID) -> None:
        return None
