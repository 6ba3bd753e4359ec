from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.webhooks._shared import delivery_of
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import Delivery


class GetWebhookDelivery:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, delivery_id: UUID) -> Delivery:
        require(actor, Action.MANAGE_WEBHOOKS)
        return await delivery_of(self._uow, delivery_id)
