from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.webhooks._shared import delivery_of
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import DeliveryAttempt


class ListDeliveryAttempts:
    """Every attempt of one delivery, newest first: time, status code, duration, error class
    and the start of the receiver's answer."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, delivery_id: UUID, page: PageRequest
    ) -> Page[DeliveryAttempt]:
        require(actor, Action.MANAGE_WEBHOOKS)
        delivery = await delivery_of(self._uow, delivery_id)
        return await self._uow.webhook_deliveries.attempts(delivery.id, page)
