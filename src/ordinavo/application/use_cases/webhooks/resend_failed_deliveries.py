from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import endpoint_of
from ordinavo.domain.access import Action
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.identity import Actor

MAX_RANGE = timedelta(days=31)
MAX_RESENT = 1000  # per call; ask again for more


class ResendFailedDeliveries:
    """Every failed delivery of an endpoint made in a time range goes out again (oldest first,
    at most MAX_RESENT per call). Returns how many."""

    def __init__(
        self, uow: UnitOfWork, queue: JobQueue, clock: Clock, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._queue = queue
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, endpoint_id: UUID, since: datetime, until: datetime
    ) -> int:
        require(actor, Action.MANAGE_WEBHOOKS)
        if until <= since:
            raise InvalidValue("to must be later than from.", field="to")
        if until - since > MAX_RANGE:
            raise InvalidValue("from and to may be at most 31 days apart.", field="to")
        endpoint = await endpoint_of(self._uow, endpoint_id)
        if not endpoint.is_enabled:
            raise Conflict("The endpoint is disabled. Enable it to re-send deliveries.")
        resent = await self._uow.webhook_deliveries.resend_failed(
            endpoint.id, since, until, self._clock.now(), MAX_RESENT
        )
        if resent:
            self._recorder.audit_only(
                self._uow,
                actor,
                "webhook_deliveries.resent",
                object_type="webhook_endpoint",
                object_id=endpoint.id,
            )
        await self._uow.commit()
        for delivery_id in resent:
            await self._queue.deliver_webhook(self._uow.tenant_id, delivery_id)
        return len(resent)
