"""What the webhook use cases share: finding an endpoint or delivery, naming the change."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import Delivery, WebhookEndpoint


async def endpoint_of(uow: UnitOfWork, endpoint_id: UUID) -> WebhookEndpoint:
    endpoint = await uow.webhook_endpoints.get(endpoint_id)
    if endpoint is None:
        raise NotFound("webhook endpoint")
    return endpoint


async def delivery_of(uow: UnitOfWork, delivery_id: UUID) -> Delivery:
    delivery = await uow.webhook_deliveries.get(delivery_id)
    if delivery is None:
        raise NotFound("webhook delivery")
    return delivery


def record(
    recorder: ChangeRecorder, uow: UnitOfWork, actor: Actor | None, action: str, endpoint_id: UUID
) -> None:
    # Ids only: a URL may carry a receiver's token in its query string.
    recorder.record(uow, actor, action, subject_type="webhook_endpoint", subject_id=endpoint_id)
