from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.webhooks import RandomSource, SecretBox, WebhookPolicy
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.webhooks._shared import record
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import (
    SECRET_BYTES,
    EndpointSettings,
    WebhookEndpoint,
    secret_from,
)

MAX_ENDPOINTS = 50  # per tenant: every event is rendered once per subscribed endpoint


@dataclass(frozen=True, slots=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once


class CreateWebhookEndpoint:
    def __init__(
        self,
        uow: UnitOfWork,
        box: SecretBox,
        random: RandomSource,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
        policy: WebhookPolicy,
    ) -> None:
        self._uow = uow
        self._box = box
        self._random = random
        self._clock = clock
        self._ids = ids
        self._recorder = recorder
        self._policy = policy

    async def __call__(self, actor: Actor, settings: EndpointSettings) -> IssuedEndpoint:
        require(actor, Action.MANAGE_WEBHOOKS)
        settings = settings.validated(allow_loopback=self._policy.allow_loopback)
        if await self._uow.webhook_endpoints.count() >= MAX_ENDPOINTS:
            raise Conflict(f"A tenant may have at most {MAX_ENDPOINTS} webhook endpoints.")
        secret = secret_from(self._random.token_bytes(SECRET_BYTES))
        endpoint = WebhookEndpoint.register(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            settings=settings,
            sealed_secret=self._box.seal(secret),
            now=self._clock.now(),
        )
        await self._uow.webhook_endpoints.add(endpoint)
        record(self._recorder, self._uow, actor, "webhook_endpoint.created", endpoint.id)
        await self._uow.commit()
        return IssuedEndpoint(endpoint=endpoint, secret=secret)
