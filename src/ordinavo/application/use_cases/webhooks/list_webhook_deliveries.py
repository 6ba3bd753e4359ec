from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.webhooks import DeliveryFilter
from ordinavo.application.use_cases.webhooks._shared import endpoint_of
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import Delivery


class ListWebhookDeliveries:
    """An endpoint's delivery log, newest first."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, endpoint_id: UUID, page: PageRequest, where: DeliveryFilter
    ) -> Page[Delivery]:
        require(actor, Action.MANAGE_WEBHOOKS)
        endpoint = await endpoint_of(self._uow, endpoint_id)
        return await self._uow.webhook_deliveries.list(endpoint.id, page, where)
