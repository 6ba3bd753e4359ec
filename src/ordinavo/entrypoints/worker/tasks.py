"""The tasks. Each gets its use case from dishka, the way a route does."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.taskiq import FromDishka, inject
from taskiq import AsyncBroker

from ordinavo.adapters.tasks.taskiq_queue import (
    BUILD_DATA_EXPORT,
    DELIVER_WEBHOOK,
    DISPATCH_EVENTS,
    FINISH_CUSTOMER_DELETION,
    GENERATE_RECURRING_VISITS,
    HANDLE_PASSWORD_RESET,
    REMIND_OF_VISITS,
    RUN_IMPORT,
    RUN_RETENTION,
    SEND_MAIL,
    SWEEP_OUTBOX,
)
from ordinavo.application.use_cases.connect.run_import_job import RunImportJob
from ordinavo.application.use_cases.customers.finish_customer_deletion import (
    FinishCustomerDeletion,
)
from ordinavo.application.use_cases.exports.build_data_export import BuildDataExport
from ordinavo.application.use_cases.mail.send_mail import SendMail
from ordinavo.application.use_cases.notifications.remind_of_visits import RemindOfVisits
from ordinavo.application.use_cases.outbox.deliver_webhook import DeliverWebhook
from ordinavo.application.use_cases.outbox.dispatch_events import DispatchEvents
from ordinavo.application.use_cases.outbox.sweep_outbox import SweepOutbox
from ordinavo.application.use_cases.portal.handle_password_reset import HandlePasswordReset
from ordinavo.application.use_cases.recurring.generate_recurring_visits import (
    GenerateRecurringVisits,
)
from ordinavo.application.use_cases.retention.run_retention import RunRetention


@inject(patch_module=True)
async def dispatch_events(relay: FromDishka[DispatchEvents]) -> int:
    return await relay()


@inject(patch_module=True)
async def deliver_webhook(
    tenant_id: str, delivery_id: str, deliver: FromDishka[DeliverWebhook]
) -> str | None:
    status = await deliver(UUID(tenant_id), UUID(delivery_id))
    return status.value if status else None


@inject(patch_module=True)
async def send_mail(tenant_id: str, mail_id: str, send: FromDishka[SendMail]) -> str | None:
    status = await send(UUID(tenant_id), UUID(mail_id))
    return status.value if status else None


@inject(patch_module=True)
async def remind_of_visits(remind: FromDishka[RemindOfVisits]) -> int:
    return await remind()


@inject(patch_module=True)
async def generate_recurring_visits(generate: FromDishka[GenerateRecurringVisits]) -> int:
    return await generate()


@inject(patch_module=True)
async def run_retention(run: FromDishka[RunRetention]) -> dict[str, dict[str, int]]:
    """Counts per tenant and kind, no content: the task's result may be logged."""
    reports = await run()
    return {report.tenant or "(shared)": report.counts() for report in reports if report.total}


@inject(patch_module=True)
async def handle_password_reset(asked_id: str, handle: FromDishka[HandlePasswordReset]) -> bool:
    return await handle(UUID(asked_id))


@inject(patch_module=True)
async def build_data_export(
    tenant_id: str, export_id: str, build: FromDishka[BuildDataExport]
) -> bool:
    return await build(UUID(tenant_id), UUID(export_id))


@inject(patch_module=True)
async def finish_customer_deletion(
    tenant_id: str,
    customer_id: str,
    steps: int | None = None,
    *,
    finish: FromDishka[FinishCustomerDeletion],
) -> bool:
    """`steps` stops after that many steps: how tests play a worker lost halfway."""
    return await finish(UUID(tenant_id), UUID(customer_id), steps=steps)


@inject(patch_module=True)
async def run_import(
    tenant_id: str,
    job_id: str,
    chunks: int | None = None,
    *,
    run: FromDishka[RunImportJob],
) -> str | None:
    """`chunks` stops after that many chunks of records: how tests play a worker lost."""
    state = await run(UUID(tenant_id), UUID(job_id), chunks=chunks)
    return state.value if state else None


@inject(patch_module=True)
async def sweep_outbox(sweep: FromDishka[SweepOutbox]) -> dict[str, Any]:
    swept = await sweep()
    return {
        "pendingEvents": swept.pending_events,
        "dueDeliveries": swept.due_deliveries,
        "dueMail": swept.due_mail,
        "waitingResets": swept.waiting_resets,
        "waitingExports": swept.waiting_exports,
        "deletions": swept.deletions,
        "imports": swept.imports,
    }


def register_tasks(broker: AsyncBroker) -> None:
    broker.register_task(dispatch_events, task_name=DISPATCH_EVENTS)
    broker.register_task(deliver_webhook, task_name=DELIVER_WEBHOOK)
    broker.register_task(send_mail, task_name=SEND_MAIL)
    broker.register_task(remind_of_visits, task_name=REMIND_OF_VISITS)
    broker.register_task(handle_password_reset, task_name=HANDLE_PASSWORD_RESET)
    broker.register_task(build_data_export, task_name=BUILD_DATA_EXPORT)
    broker.register_task(finish_customer_deletion, task_name=FINISH_CUSTOMER_DELETION)
    broker.register_task(run_import, task_name=RUN_IMPORT)
    # Queued by the scheduler (`worker/schedule.py`): the sweep every few seconds, the
    # reminders every few minutes, the recurring visits and the retention job every hour.
    broker.register_task(sweep_outbox, task_name=SWEEP_OUTBOX)
    broker.register_task(generate_recurring_visits, task_name=GENERATE_RECURRING_VISITS)
    broker.register_task(run_retention, task_name=RUN_RETENTION)
