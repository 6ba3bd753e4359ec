from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import WebhookEndpoint


class ListWebhookEndpoints:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[WebhookEndpoint]:
        require(actor, Action.MANAGE_WEBHOOKS)
        return await self._uow.webhook_endpoints.list(page)
