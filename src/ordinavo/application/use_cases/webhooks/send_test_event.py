from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.webhooks import WebhookPayloads
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import endpoint_of
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import TEST_EVENT, Delivery


class SendTestEvent:
    """A `webhook.test` delivery to this endpoint alone, sent at once and logged like any other."""

    def __init__(
        self,
        uow: UnitOfWork,
        payloads: WebhookPayloads,
        queue: JobQueue,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._payloads = payloads
        self._queue = queue
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, endpoint_id: UUID) -> Delivery:
        require(actor, Action.MANAGE_WEBHOOKS)
        endpoint = await endpoint_of(self._uow, endpoint_id)
        if not endpoint.is_enabled:
            raise Conflict("The endpoint is disabled. Enable it to send a test event.")
        now = self._clock.now()
        event_id = self._ids.new_id()
        delivery = Delivery.make(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            endpoint_id=endpoint.id,
            event_id=event_id,
            event_type=TEST_EVENT,
            body=self._payloads.test_event(event_id, self._uow.tenant_id, endpoint.id, now),
            now=now,
        )
        await self._uow.webhook_deliveries.add(delivery)
        self._recorder.audit_only(
            self._uow,
            actor,
            "webhook_endpoint.tested",
            object_type="webhook_endpoint",
            object_id=endpoint.id,
        )
        await self._uow.commit()
        await self._queue.deliver_webhook(delivery.tenant_id, delivery.id)
        return delivery
