from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import endpoint_of, record
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor


class DeleteWebhookEndpoint:
    """Removes the endpoint with its delivery log; the audit trail keeps that it existed."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, endpoint_id: UUID) -> None:
        require(actor, Action.MANAGE_WEBHOOKS)
        endpoint = await endpoint_of(self._uow, endpoint_id)
        await self._uow.webhook_endpoints.remove(endpoint.id)
        record(self._recorder, self._uow, actor, "webhook_endpoint.deleted", endpoint.id)
        await self._uow.commit()
