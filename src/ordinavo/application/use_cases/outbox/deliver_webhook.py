"""One delivery attempt: claim, sign, send, record."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork, UnitOfWorkFactory
from ordinavo.application.ports.webhooks import (
    RandomSource,
    SecretBox,
    WebhookPolicy,
    WebhookSender,
)
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.webhooks import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    ErrorClass,
    WebhookEndpoint,
    failing_too_long,
    signature_header,
)

USER_AGENT = "Ordinavo-Webhooks/1.0"


class DeliverWebhook:
    """Takes the delivery under a lease (so no other worker sends it meanwhile), commits, sends
    outside any transaction, then records the attempt. A worker lost after sending leaves the
    lease to run out; the sweeper then hands the delivery to another worker, which sends it
    again under the same `webhook-id`."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        box: SecretBox,
        sender: WebhookSender,
        random: RandomSource,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
        policy: WebhookPolicy,
    ) -> None:
        self._units = units
        self._box = box
        self._sender = sender
        self._random = random
        self._clock = clock
        self._ids = ids
        self._recorder = recorder
        self._policy = policy

    async def __call__(self, tenant_id: UUID, delivery_id: UUID) -> DeliveryStatus | None:
        """The delivery's status after this attempt; None if there was nothing to do (done,
        not due yet, or another worker holds it)."""
        uow = self._units.for_tenant(tenant_id)
        now = self._clock.now()
        token = self._ids.new_id()
        delivery = await uow.webhook_deliveries.claim(
            delivery_id, now, now + self._policy.lease, token
        )
        if delivery is None:
            await uow.rollback()
            return None
        endpoint = await uow.webhook_endpoints.get(delivery.endpoint_id)
        if endpoint is None or not endpoint.is_enabled:
            await self._not_sent(uow, delivery, token, now)
            return delivery.status
        secrets = [self._box.open(s) for s in endpoint.sealed_secrets(now)]
        # The lease is ours: nothing stays open while the receiver takes its time.
        await uow.commit()
        sent_at = self._clock.now()
        timestamp = int(sent_at.timestamp())
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(
                secrets, delivery.message_id, timestamp, delivery.body
            ),
        }
        outcome = await self._sender.post(endpoint.settings.url, headers, delivery.body)
        await self._record(uow, endpoint, delivery, token, sent_at, outcome)
        return delivery.status

    async def _not_sent(
        self, uow: UnitOfWork, delivery: Delivery, token: UUID, now: datetime
    ) -> None:
        await self._attempt(
            uow,
            delivery,
            now,
            AttemptOutcome(duration_ms=0, error_class=ErrorClass.ENDPOINT_DISABLED),
        )
        delivery.give_up(now)
        await uow.webhook_deliveries.settle(delivery, token)
        await uow.commit()

    async def _attempt(
        self, uow: UnitOfWork, delivery: Delivery, at: datetime, outcome: AttemptOutcome
    ) -> None:
        await uow.webhook_deliveries.record_attempt(
            DeliveryAttempt(
                id=self._ids.new_id(),
                tenant_id=delivery.tenant_id,
                delivery_id=delivery.id,
                number=delivery.attempts,
                attempted_at=at,
                outcome=outcome,
            )
        )

    async def _record(
        self,
        uow: UnitOfWork,
        endpoint: WebhookEndpoint,
        delivery: Delivery,
        token: UUID,
        sent_at: datetime,
        outcome: AttemptOutcome,
    ) -> None:
        # The attempt happened whatever follows: it is always logged.
        await self._attempt(uow, delivery, sent_at, outcome)
        now = self._clock.now()
        delivery.settle(outcome, now, self._random.fraction())
        if await uow.webhook_deliveries.settle(delivery, token):
            await self._note_on_endpoint(uow, endpoint, outcome, now)
        await uow.commit()

    async def _note_on_endpoint(
        self, uow: UnitOfWork, endpoint: WebhookEndpoint, outcome: AttemptOutcome, now: datetime
    ) -> None:
        endpoints = uow.webhook_endpoints
        if outcome.succeeded:
            if endpoint.failing_since is not None:
                await endpoints.note_success(endpoint.id)
            return
        reason: DisabledReason | None = None
        if outcome.gone:
            reason = DisabledReason.GONE
        else:
            failing_since = await endpoints.note_failure(endpoint.id, now)
            if failing_too_long(failing_since, now):
                reason = DisabledReason.FAILING
        if reason is not None and await endpoints.disable_if_enabled(endpoint.id, reason, now):
            # Tenant admins see it among the security events (and by mail, once mail exists).
            self._recorder.security(uow, SecurityEventKind.WEBHOOK_ENDPOINT_DISABLED)
            self._recorder.record(
                uow,
                None,
                "webhook_endpoint.disabled",
                subject_type="webhook_endpoint",
                subject_id=endpoint.id,
                payload={"reason": reason.value},
            )
