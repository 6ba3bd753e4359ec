from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.webhooks._shared import endpoint_of
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import WebhookEndpoint


class GetWebhookEndpoint:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, endpoint_id: UUID) -> WebhookEndpoint:
        require(actor, Action.MANAGE_WEBHOOKS)
        return await endpoint_of(self._uow, endpoint_id)
