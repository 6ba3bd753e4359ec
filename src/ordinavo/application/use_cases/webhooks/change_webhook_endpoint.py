from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.webhooks import WebhookPolicy
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import endpoint_of, record
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import WebhookEndpoint


class ChangeWebhookEndpoint:
    """Change what an endpoint receives and where. Deliveries already made keep their body."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder, policy: WebhookPolicy
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder
        self._policy = policy

    async def __call__(
        self, actor: Actor, endpoint_id: UUID, changes: Mapping[str, object]
    ) -> WebhookEndpoint:
        require(actor, Action.MANAGE_WEBHOOKS)
        endpoint = await endpoint_of(self._uow, endpoint_id)
        current = endpoint.settings
        wanted = current.revised(changes, allow_loopback=self._policy.allow_loopback)
        if wanted != current:
            endpoint.change(wanted, self._clock.now())
            await self._uow.webhook_endpoints.save(endpoint)
            record(self._recorder, self._uow, actor, "webhook_endpoint.changed", endpoint.id)
            await self._uow.commit()
        return endpoint
