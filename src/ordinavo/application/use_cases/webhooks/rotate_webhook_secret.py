from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.webhooks import RandomSource, SecretBox
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import endpoint_of, record
from ordinavo.application.use_cases.webhooks.create_webhook_endpoint import IssuedEndpoint
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import SECRET_BYTES, secret_from


class RotateWebhookSecret:
    """A new secret, shown once. The old one still signs for 24 hours, beside the new one, so
    the receiver can switch without losing a delivery."""

    def __init__(
        self,
        uow: UnitOfWork,
        box: SecretBox,
        random: RandomSource,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._box = box
        self._random = random
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, endpoint_id: UUID) -> IssuedEndpoint:
        require(actor, Action.MANAGE_WEBHOOKS)
        endpoint = await endpoint_of(self._uow, endpoint_id)
        secret = secret_from(self._random.token_bytes(SECRET_BYTES))
        endpoint.rotate_secret(self._box.seal(secret), self._clock.now())
        await self._uow.webhook_endpoints.save(endpoint)
        record(self._recorder, self._uow, actor, "webhook_endpoint.secret_rotated", endpoint.id)
        await self._uow.commit()
        return IssuedEndpoint(endpoint=endpoint, secret=secret)
