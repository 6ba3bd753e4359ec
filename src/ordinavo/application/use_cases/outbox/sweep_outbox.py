"""The sweeper: the database says what is due; this puts it (back) on the queue."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.mail import MailPolicy
from ordinavo.application.ports.outbox import JobQueue, Outbox
from ordinavo.application.ports.webhooks import WebhookPolicy

MAX_RELAYS_PER_SWEEP = 10


@dataclass(frozen=True, slots=True)
class Swept:
    pending_events: int
    due_deliveries: int
    due_mail: int = 0
    waiting_resets: int = 0
    waiting_exports: int = 0
    deletions: int = 0
    imports: int = 0


class SweepOutbox:
    """Runs on the scheduler every few seconds. Re-queues events whose nudge was lost (the
    broker was down or flushed), retries that came due, and deliveries and mail whose worker
    was lost (their lease ran out). Queuing twice is harmless: a claim lets only one worker send."""

    def __init__(
        self,
        outbox: Outbox,
        queue: JobQueue,
        clock: Clock,
        policy: WebhookPolicy,
        mail_policy: MailPolicy,
    ) -> None:
        self._outbox = outbox
        self._queue = queue
        self._clock = clock
        self._policy = policy
        self._mail_policy = mail_policy

    async def __call__(self) -> Swept:
        batch = self._policy.dispatch_batch
        pending = await self._outbox.count_pending_events(batch * MAX_RELAYS_PER_SWEEP)
        now = self._clock.now()
        due = await self._outbox.due_deliveries(now, self._policy.sweep_batch)
        mail = await self._outbox.due_mail(now, self._mail_policy.sweep_batch)
        resets = await self._outbox.waiting_resets(self._mail_policy.sweep_batch)
        exports = await self._outbox.waiting_exports(self._mail_policy.sweep_batch)
        # A customer deletion whose worker was lost: the next run finishes it.
        deletions = await self._outbox.customers_being_deleted(self._mail_policy.sweep_batch)
        # Import jobs whose nudge was lost, or whose worker was: the next run takes them over.
        imports = await self._outbox.waiting_imports(now, self._mail_policy.sweep_batch)
        # A copy of someone's data is kept no longer than it is offered; otherwise the sweep
        # only reads, and writes nothing.
        if await self._outbox.remove_expired_exports(now):
            await self._outbox.commit()
        else:
            await self._outbox.rollback()
        for _ in range(math.ceil(pending / batch)):
            await self._queue.dispatch_events()
        for item in due:
            await self._queue.deliver_webhook(item.tenant_id, item.delivery_id)
        for queued in mail:
            await self._queue.send_mail(queued.tenant_id, queued.mail_id)
        for asked_id in resets:
            await self._queue.handle_password_reset(asked_id)
        for waiting in exports:
            await self._queue.build_data_export(waiting.tenant_id, waiting.export_id)
        for doomed in deletions:
            await self._queue.finish_customer_deletion(doomed.tenant_id, doomed.customer_id)
        for job in imports:
            await self._queue.run_import(job.tenant_id, job.job_id)
        return Swept(
            pending_events=pending,
            due_deliveries=len(due),
            due_mail=len(mail),
            waiting_resets=len(resets),
            waiting_exports=len(exports),
            deletions=len(deletions),
            imports=len(imports),
        )
