from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import delivery_of, endpoint_of
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import Delivery


class ResendWebhookDelivery:
    """Send a delivery again at once: the same `webhook-id` and the same body, so a receiver
    that already has it can tell."""

    def __init__(
        self, uow: UnitOfWork, queue: JobQueue, clock: Clock, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._queue = queue
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, delivery_id: UUID) -> Delivery:
        require(actor, Action.MANAGE_WEBHOOKS)
        delivery = await delivery_of(self._uow, delivery_id)
        endpoint = await endpoint_of(self._uow, delivery.endpoint_id)
        if not endpoint.is_enabled:
            raise Conflict("The endpoint is disabled. Enable it to re-send deliveries.")
        now = self._clock.now()
        delivery.resend(now)
        if not await self._uow.webhook_deliveries.reopen(delivery, now):
            raise Conflict("The delivery is being sent right now. Try again in a minute.")
        self._recorder.audit_only(
            self._uow,
            actor,
            "webhook_delivery.resent",
            object_type="webhook_delivery",
            object_id=delivery.id,
        )
        await self._uow.commit()
        await self._queue.deliver_webhook(delivery.tenant_id, delivery.id)
        return delivery
