from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import endpoint_of, record
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import DisabledReason, WebhookEndpoint


class DisableWebhookEndpoint:
    """Nothing more is sent; deliveries still due fail with "endpoint disabled"."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, endpoint_id: UUID) -> WebhookEndpoint:
        require(actor, Action.MANAGE_WEBHOOKS)
        endpoint = await endpoint_of(self._uow, endpoint_id)
        endpoint.disable(DisabledReason.BY_STAFF, self._clock.now())
        await self._uow.webhook_endpoints.save(endpoint)
        record(self._recorder, self._uow, actor, "webhook_endpoint.disabled", endpoint.id)
        await self._uow.commit()
        return endpoint
