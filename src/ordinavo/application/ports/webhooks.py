"""Ports of the webhooks module: endpoints and deliveries, signing secrets, the HTTP sender and
the payload catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from ordinavo.domain.events import DomainEvent
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    PayloadOptions,
    SourceId,
    WebhookEndpoint,
)


@dataclass(frozen=True, slots=True)
class WebhookPolicy:
    """Deployment settings of webhook delivery."""

    # Tests and the demo deliver to a receiver on this machine; production never does.
    allow_loopback: bool = False
    # How long one attempt may hold a delivery; past it, the sweeper hands it to another worker.
    lease: timedelta = timedelta(seconds=60)
    # Events handed out per relay transaction, and due deliveries queued per sweep.
    dispatch_batch: int = 100
    sweep_batch: int = 500


@dataclass(frozen=True, slots=True)
class DeliveryFilter:
    status: DeliveryStatus | None = None
    event_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class WebhookEndpointRepository(Protocol):
    async def add(self, endpoint: WebhookEndpoint) -> None: ...

    async def get(self, endpoint_id: UUID) -> WebhookEndpoint | None: ...

    async def save(self, endpoint: WebhookEndpoint) -> None: ...

    async def remove(self, endpoint_id: UUID) -> None:
        """Delete the endpoint with its deliveries and their attempts."""
        ...

    async def list(self, page: PageRequest) -> Page[WebhookEndpoint]: ...

    async def count(self) -> int: ...

    async def subscribed_to(self, event_type: str) -> list[WebhookEndpoint]:
        """Enabled endpoints that subscribe to this event type."""
        ...

    # The worker's notes after an attempt touch only these columns, never what staff edit.
    async def note_success(self, endpoint_id: UUID) -> None:
        """The failing streak, if any, is over."""
        ...

    async def note_failure(self, endpoint_id: UUID, at: datetime) -> datetime | None:
        """Start the failing streak if none runs; returns when the streak began."""
        ...

    async def disable_if_enabled(
        self, endpoint_id: UUID, reason: DisabledReason, at: datetime
    ) -> bool:
        """Disable the endpoint unless it already is; True if this call disabled it."""
        ...


class WebhookDeliveryRepository(Protocol):
    async def add(self, delivery: Delivery) -> bool:
        """False if this endpoint already has a delivery of this event (nothing is added)."""
        ...

    async def get(self, delivery_id: UUID) -> Delivery | None: ...

    async def list(
        self, endpoint_id: UUID, page: PageRequest, where: DeliveryFilter
    ) -> Page[Delivery]:
        """Newest first: `page.after` is the last delivery seen, the next are older."""
        ...

    async def claim(
        self, delivery_id: UUID, now: datetime, lease_until: datetime, token: UUID
    ) -> Delivery | None:
        """Take a due delivery for one attempt, unless it is done, not due yet, or another
        worker holds an unexpired lease on it. Atomic across workers."""
        ...

    async def settle(self, delivery: Delivery, token: UUID) -> bool:
        """Store the delivery after an attempt if the lease `token` is still its own; False if
        the lease was lost (another worker has taken over) and nothing was stored."""
        ...

    async def reopen(self, delivery: Delivery, now: datetime) -> bool:
        """Store a re-sent delivery, unless a worker holds it right now (False then)."""
        ...

    async def record_attempt(self, attempt: DeliveryAttempt) -> None: ...

    async def attempts(self, delivery_id: UUID, page: PageRequest) -> Page[DeliveryAttempt]:
        """Newest first."""
        ...

    async def resend_failed(
        self, endpoint_id: UUID, since: datetime, until: datetime, now: datetime, limit: int
    ) -> list[UUID]:
        """Make the failed deliveries made in [since, until) due again; their ids."""
        ...


class SecretBox(Protocol):
    """Keeps endpoint secrets encrypted at rest; the worker opens them to sign."""

    def seal(self, secret: str) -> str: ...

    def open(self, sealed: str) -> str: ...


class RandomSource(Protocol):
    def token_bytes(self, size: int) -> bytes: ...

    def fraction(self) -> float:
        """A number in [0, 1), for retry jitter."""
        ...


class WebhookSender(Protocol):
    async def post(self, url: str, headers: dict[str, str], body: bytes) -> AttemptOutcome:
        """One attempt: never follows a redirect, never connects to a refused address, keeps
        at most 4 KB of the answer. Network failures come back as an outcome, not raised."""
        ...


class WebhookPayloads(Protocol):
    """The versioned payload catalogue: renders what an endpoint may receive, as bytes."""

    def render(
        self,
        event: DomainEvent,
        subject: object | None,
        options: PayloadOptions,
        source_ids: Sequence[SourceId] = (),
    ) -> bytes:
        """`subject` is the record the event is about as it stands now (None if it is gone);
        `source_ids` its ids in the connected systems that sent it."""
        ...

    def test_event(
        self, event_id: UUID, tenant_id: UUID, endpoint_id: UUID, at: datetime
    ) -> bytes: ...
