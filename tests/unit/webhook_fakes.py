"""In-memory stand-ins for the webhook and outbox ports, on top of the shared fakes.

The repositories keep their rows in the shared `Store`, so a `FakeUnitOfWork` rollback (which
restores a snapshot of the store) undoes their writes as a real transaction would.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from ordinavo.application.ports.mail import MailPolicy, QueuedMail
from ordinavo.application.ports.outbox import DueDelivery
from ordinavo.application.ports.webhooks import DeliveryFilter, WebhookPolicy
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.notifications.notify_portal_users import NotifyPortalUsers
from ordinavo.application.use_cases.notifications.notify_staff import NotifyStaff
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    EndpointStatus,
    PayloadOptions,
    SourceId,
    WebhookEndpoint,
)
from tests.unit.fakes import (
    AppendLog,
    FakeDirectory,
    FakeLinks,
    FakeUnitOfWork,
    FixedClock,
    Kit,
    SequentialIds,
    Store,
)

ENDPOINTS = "webhook_endpoints"
DELIVERIES = "webhook_deliveries"
ATTEMPTS = "webhook_attempts"
EVENTS = "events"
DISPATCHED = "events_dispatched"  # event id -> when it was handled
DISPATCH_FAILURES = "events_dispatch_failures"  # event id -> failures so far
MAX_DISPATCH_FAILURES = 5  # as the SQL outbox
_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.FAILING)
_STATE = (
    "status",
    "attempts",
    "failures_in_row",
    "next_attempt_at",
    "last_attempt_at",
    "last_status_code",
    "lease_until",
    "lease_token",
    "updated_at",
)


def _newest_first(rows: list[Any], page: PageRequest) -> Page[Any]:
    rows = sorted(rows, key=lambda r: r.id, reverse=True)
    if page.after is not None:
        rows = [r for r in rows if r.id < page.after]
    chosen = rows[: page.size]
    more = len(rows) > page.size
    return Page([copy.deepcopy(r) for r in chosen], chosen[-1].id if more else None)


def _lease_free(row: Delivery, now: datetime) -> bool:
    return row.lease_until is None or row.lease_until <= now


class FakeEndpoints:
    """WebhookEndpointRepository of one tenant."""

    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._store, self._tenant = store, tenant_id

    def _table(self) -> dict[UUID, WebhookEndpoint]:
        return self._store.table(ENDPOINTS)

    def _row(self, endpoint_id: UUID) -> WebhookEndpoint | None:
        row = self._table().get(endpoint_id)
        return row if row is not None and row.tenant_id == self._tenant else None

    def _mine(self) -> list[WebhookEndpoint]:
        return sorted(
            (e for e in self._table().values() if e.tenant_id == self._tenant), key=lambda e: e.id
        )

    async def add(self, endpoint: WebhookEndpoint) -> None:
        if endpoint.tenant_id != self._tenant:
            raise ValueError("An endpoint must belong to the unit of work's tenant.")
        if endpoint.id in self._table():
            raise ValueError("duplicate endpoint id")
        self._table()[endpoint.id] = copy.deepcopy(endpoint)

    async def get(self, endpoint_id: UUID) -> WebhookEndpoint | None:
        return copy.deepcopy(self._row(endpoint_id))

    async def save(self, endpoint: WebhookEndpoint) -> None:
        if self._row(endpoint.id) is None:
            raise LookupError("webhook endpoint vanished during the transaction")
        self._table()[endpoint.id] = copy.deepcopy(endpoint)

    async def remove(self, endpoint_id: UUID) -> None:
        if self._row(endpoint_id) is None:
            return
        del self._table()[endpoint_id]
        deliveries = self._store.table(DELIVERIES)
        gone = [k for k, d in deliveries.items() if d.endpoint_id == endpoint_id]
        for key in gone:
            del deliveries[key]
        attempts = self._store.table(ATTEMPTS)
        for key in [k for k, a in attempts.items() if a.delivery_id in gone]:
            del attempts[key]

    async def list(self, page: PageRequest) -> Page[WebhookEndpoint]:
        rows = self._mine()
        if page.after is not None:
            rows = [r for r in rows if r.id > page.after]
        chosen = rows[: page.size]
        more = len(rows) > page.size
        return Page([copy.deepcopy(r) for r in chosen], chosen[-1].id if more else None)

    async def count(self) -> int:
        return len(self._mine())

    async def subscribed_to(self, event_type: str) -> list[WebhookEndpoint]:
        return [copy.deepcopy(e) for e in self._mine() if e.subscribes_to(event_type)]

    async def note_success(self, endpoint_id: UUID) -> None:
        row = self._row(endpoint_id)
        if row is not None:
            row.failing_since = None

    async def note_failure(self, endpoint_id: UUID, at: datetime) -> datetime | None:
        row = self._row(endpoint_id)
        if row is None:
            return None
        if row.failing_since is None:
            row.failing_since = at
        return row.failing_since

    async def disable_if_enabled(
        self, endpoint_id: UUID, reason: DisabledReason, at: datetime
    ) -> bool:
        row = self._row(endpoint_id)
        if row is None or row.status is not EndpointStatus.ENABLED:
            return False
        row.status = EndpointStatus.DISABLED
        row.disabled_reason = reason
        row.disabled_at = at
        row.updated_at = at
        return True


class FakeDeliveries:
    """WebhookDeliveryRepository of one tenant."""

    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._store, self._tenant = store, tenant_id

    def _table(self) -> dict[UUID, Delivery]:
        return self._store.table(DELIVERIES)

    def _row(self, delivery_id: UUID) -> Delivery | None:
        row = self._table().get(delivery_id)
        return row if row is not None and row.tenant_id == self._tenant else None

    def _mine(self) -> list[Delivery]:
        return sorted(
            (d for d in self._table().values() if d.tenant_id == self._tenant), key=lambda d: d.id
        )

    def _write_state(self, row: Delivery, delivery: Delivery) -> None:
        for name in _STATE:
            setattr(row, name, copy.deepcopy(getattr(delivery, name)))

    async def add(self, delivery: Delivery) -> bool:
        if delivery.tenant_id != self._tenant:
            raise ValueError("A delivery must belong to the unit of work's tenant.")
        if any(
            d.endpoint_id == delivery.endpoint_id and d.event_id == delivery.event_id
            for d in self._mine()
        ):
            return False
        self._table()[delivery.id] = copy.deepcopy(delivery)
        return True

    async def get(self, delivery_id: UUID) -> Delivery | None:
        return copy.deepcopy(self._row(delivery_id))

    async def list(
        self, endpoint_id: UUID, page: PageRequest, where: DeliveryFilter
    ) -> Page[Delivery]:
        rows = [
            d
            for d in self._mine()
            if d.endpoint_id == endpoint_id
            and (where.status is None or d.status == where.status)
            and (where.event_type is None or d.event_type == where.event_type)
            and (where.since is None or d.created_at >= where.since)
            and (where.until is None or d.created_at < where.until)
        ]
        return _newest_first(rows, page)

    async def claim(
        self, delivery_id: UUID, now: datetime, lease_until: datetime, token: UUID
    ) -> Delivery | None:
        row = self._row(delivery_id)
        if (
            row is None
            or row.status not in _OPEN
            or row.next_attempt_at is None
            or row.next_attempt_at > now
            or not _lease_free(row, now)
        ):
            return None
        row.lease_until = lease_until
        row.lease_token = token
        row.attempts += 1
        row.updated_at = now
        return copy.deepcopy(row)

    async def settle(self, delivery: Delivery, token: UUID) -> bool:
        row = self._row(delivery.id)
        if row is None or row.lease_token != token:
            return False
        self._write_state(row, delivery)
        return True

    async def reopen(self, delivery: Delivery, now: datetime) -> bool:
        row = self._row(delivery.id)
        if row is None or not _lease_free(row, now):
            return False
        self._write_state(row, delivery)
        return True

    async def record_attempt(self, attempt: DeliveryAttempt) -> None:
        if attempt.tenant_id != self._tenant:
            raise ValueError("An attempt must belong to the unit of work's tenant.")
        self._store.table(ATTEMPTS)[attempt.id] = copy.deepcopy(attempt)

    async def attempts(self, delivery_id: UUID, page: PageRequest) -> Page[DeliveryAttempt]:
        rows = [
            a
            for a in self._store.table(ATTEMPTS).values()
            if a.tenant_id == self._tenant and a.delivery_id == delivery_id
        ]
        return _newest_first(rows, page)

    async def resend_failed(
        self, endpoint_id: UUID, since: datetime, until: datetime, now: datetime, limit: int
    ) -> list[UUID]:
        chosen = [
            d
            for d in self._mine()
            if d.endpoint_id == endpoint_id
            and d.status is DeliveryStatus.FAILED
            and since <= d.created_at < until
        ][:limit]
        for row in chosen:
            row.status = DeliveryStatus.PENDING
            row.failures_in_row = 0
            row.next_attempt_at = now
            row.updated_at = now
        return [d.id for d in chosen]


class FakeEventLog(AppendLog):
    """The event log with the relay's `mark_dispatched`."""

    async def mark_dispatched(self, event_ids: list[UUID], at: datetime) -> None:
        events = self._store.table(EVENTS)
        for event_id in event_ids:
            event = events.get(event_id)
            if event is not None and event.tenant_id == self._tenant:
                self._store.table(DISPATCHED)[event_id] = at


def webhook_uow(store: Store, tenant_id: UUID) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(store, tenant_id)
    uow.webhook_endpoints = FakeEndpoints(store, tenant_id)  # type: ignore[attr-defined]
    uow.webhook_deliveries = FakeDeliveries(store, tenant_id)  # type: ignore[attr-defined]
    uow.events = FakeEventLog(store, tenant_id, EVENTS)
    return uow


class WebhookUnitOfWorkFactory:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.made: list[FakeUnitOfWork] = []

    def for_tenant(self, tenant_id: UUID) -> FakeUnitOfWork:
        uow = webhook_uow(self._store, tenant_id)
        self.made.append(uow)
        return uow

    async def commit(self) -> None:
        pass


def pending_events(store: Store) -> list[DomainEvent]:
    dispatched = store.table(DISPATCHED)
    failures = store.table(DISPATCH_FAILURES)
    return sorted(
        (
            e
            for e in store.table(EVENTS).values()
            if e.id not in dispatched and failures.get(e.id, 0) < MAX_DISPATCH_FAILURES
        ),
        key=lambda e: e.id,
    )


class FakeOutbox:
    """The cross-tenant outbox. It shares the store with the units of work, and its transaction
    begins with its first call: a rollback restores the store as it was then."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._snapshot: dict[str, Any] | None = None
        self.commits = 0
        self.rollbacks = 0
        self.failures_noted: list[UUID] = []
        self.claims: list[int] = []

    def _begin(self) -> None:
        if self._snapshot is None:
            self._snapshot = copy.deepcopy(self._store.__dict__)

    async def claim_events(self, limit: int) -> list[DomainEvent]:
        self._begin()
        self.claims.append(limit)
        return pending_events(self._store)[:limit]

    async def count_pending_events(self, limit: int) -> int:
        self._begin()
        return min(len(pending_events(self._store)), limit)

    async def note_dispatch_failure(self, event_id: UUID) -> None:
        self._begin()
        self.failures_noted.append(event_id)
        failures = self._store.table(DISPATCH_FAILURES)
        failures[event_id] = failures.get(event_id, 0) + 1

    async def waiting_resets(self, limit: int) -> list[UUID]:
        self._begin()
        return list(self._store.table("asked_resets"))[:limit]

    async def waiting_imports(self, now: Any, limit: int) -> list[Any]:
        return []

    async def waiting_exports(self, limit: int) -> list[Any]:
        from ordinavo.application.ports.outbox import WaitingExport

        self._begin()
        return [
            WaitingExport(e.tenant_id, e.id)
            for e in self._store.table("data_exports").values()
            if e.ready_at is None
        ][:limit]

    async def remove_expired_exports(self, now: datetime) -> int:
        self._begin()
        gone = 0
        for export in self._store.table("data_exports").values():
            if export.expires_at is not None and export.expires_at <= now and export.document:
                export.document = None
                gone += 1
        return gone

    async def customers_being_deleted(self, limit: int) -> list[Any]:
        return []

    async def due_mail(self, now: datetime, limit: int) -> list[QueuedMail]:
        self._begin()
        due = [
            QueuedMail(mail.tenant_id, mail.id)
            for mail, _ in self._store.table("mails").values()
            if mail.status.value == "queued" and mail.next_attempt_at <= now
        ]
        return due[:limit]

    async def due_deliveries(self, now: datetime, limit: int) -> list[DueDelivery]:
        self._begin()
        due = sorted(
            (
                d
                for d in self._store.table(DELIVERIES).values()
                if d.status in _OPEN
                and d.next_attempt_at is not None
                and d.next_attempt_at <= now
                and _lease_free(d, now)
            ),
            key=lambda d: (d.next_attempt_at, d.id),
        )
        return [DueDelivery(tenant_id=d.tenant_id, delivery_id=d.id) for d in due[:limit]]

    async def commit(self) -> None:
        self.commits += 1
        self._snapshot = None

    async def rollback(self) -> None:
        self.rollbacks += 1
        if self._snapshot is not None:
            self._store.__dict__.update(copy.deepcopy(self._snapshot))
        self._snapshot = None


@dataclasses.dataclass(frozen=True)
class Post:
    url: str
    headers: dict[str, str]
    body: bytes


OK = AttemptOutcome(duration_ms=12, status_code=200)


class FakeSender:
    """Answers with the queued outcomes in turn (200 once they run out); `during_post` runs
    while the request is "in flight", to simulate what another worker does meanwhile."""

    def __init__(self, *outcomes: AttemptOutcome) -> None:
        self.outcomes = list(outcomes)
        self.posts: list[Post] = []
        self.during_post: Callable[[], None] | None = None

    def answer(self, *outcomes: AttemptOutcome) -> None:
        self.outcomes.extend(outcomes)

    async def post(self, url: str, headers: dict[str, str], body: bytes) -> AttemptOutcome:
        self.posts.append(Post(url, dict(headers), body))
        if self.during_post is not None:
            self.during_post()
        return self.outcomes.pop(0) if self.outcomes else OK


class FakePayloads:
    def __init__(self) -> None:
        self.rendered: list[tuple[DomainEvent, object | None, PayloadOptions]] = []
        self.tests: list[tuple[UUID, UUID, UUID, datetime]] = []
        self.fail_on: set[UUID] = set()

    def render(
        self,
        event: DomainEvent,
        subject: object | None,
        options: PayloadOptions,
        source_ids: Sequence[SourceId] = (),
    ) -> bytes:
        self.rendered.append((event, subject, options))
        if event.id in self.fail_on:
            raise RuntimeError(f"cannot render {event.id}")
        body: dict[str, Any] = {"id": str(event.id), "type": event.type}
        if source_ids:
            body["sourceIds"] = [[i.source, i.external_id] for i in source_ids]
        return json.dumps(body).encode()

    def test_event(self, event_id: UUID, tenant_id: UUID, endpoint_id: UUID, at: datetime) -> bytes:
        self.tests.append((event_id, tenant_id, endpoint_id, at))
        return json.dumps({"id": str(event_id), "type": "webhook.test"}).encode()


class FakeQueue:
    """Records the wake-ups; with a `probe`, also what the probe said at each call (for
    example how many commits had happened by then)."""

    def __init__(self, probe: Callable[[], object] | None = None) -> None:
        self.probe = probe
        self.dispatches: list[object] = []
        self.deliveries: list[tuple[UUID, UUID]] = []
        self.delivery_probes: list[object] = []
        self.mail: list[tuple[UUID, UUID]] = []
        self.reminder_runs = 0
        self.resets: list[UUID] = []
        self.exports: list[tuple[UUID, UUID]] = []

    async def dispatch_events(self) -> None:
        self.dispatches.append(self.probe() if self.probe else None)

    async def deliver_webhook(self, tenant_id: UUID, delivery_id: UUID) -> None:
        self.deliveries.append((tenant_id, delivery_id))
        self.delivery_probes.append(self.probe() if self.probe else None)

    async def send_mail(self, tenant_id: UUID, mail_id: UUID) -> None:
        self.mail.append((tenant_id, mail_id))

    async def remind_of_visits(self) -> None:
        self.reminder_runs += 1

    async def handle_password_reset(self, asked_id: UUID) -> None:
        self.resets.append(asked_id)

    async def build_data_export(self, tenant_id: UUID, export_id: UUID) -> None:
        self.exports.append((tenant_id, export_id))

    async def finish_customer_deletion(self, tenant_id: UUID, customer_id: UUID) -> None:
        return None

    async def run_import(self, tenant_id: UUID, job_id: UUID) -> None:
        return None


class PlainBox:
    def seal(self, secret: str) -> str:
        return "sealed:" + secret

    def open(self, sealed: str) -> str:
        assert sealed.startswith("sealed:"), sealed
        return sealed.removeprefix("sealed:")


class FixedRandom:
    def __init__(self, fill: bytes = b"k") -> None:
        self.fill = fill

    def token_bytes(self, size: int) -> bytes:
        return self.fill * size

    def fraction(self) -> float:
        return 0.0


@dataclasses.dataclass
class WebhookKit:
    """The webhook ports wired together for one test."""

    store: Store = dataclasses.field(default_factory=Store)
    clock: FixedClock = dataclasses.field(default_factory=FixedClock)
    ids: SequentialIds = dataclasses.field(default_factory=SequentialIds)
    box: PlainBox = dataclasses.field(default_factory=PlainBox)
    random: FixedRandom = dataclasses.field(default_factory=FixedRandom)
    sender: FakeSender = dataclasses.field(default_factory=FakeSender)
    payloads: FakePayloads = dataclasses.field(default_factory=FakePayloads)
    queue: FakeQueue = dataclasses.field(default_factory=FakeQueue)
    policy: WebhookPolicy = dataclasses.field(default_factory=WebhookPolicy)

    def __post_init__(self) -> None:
        self.units = WebhookUnitOfWorkFactory(self.store)
        self.outbox = FakeOutbox(self.store)

    @property
    def recorder(self) -> ChangeRecorder:
        return ChangeRecorder(self.clock, self.ids)

    def uow(self, tenant_id: UUID) -> FakeUnitOfWork:
        return webhook_uow(self.store, tenant_id)

    def build(self, use_case: Callable[..., Any], uow: FakeUnitOfWork | None = None) -> Any:
        """Construct a use case, filling its constructor from this kit by parameter name."""
        available = {
            "uow": uow,
            "units": self.units,
            "outbox": self.outbox,
            "box": self.box,
            "random": self.random,
            "sender": self.sender,
            "payloads": self.payloads,
            "queue": self.queue,
            "clock": self.clock,
            "ids": self.ids,
            "recorder": self.recorder,
            "policy": self.policy,
            "mail_policy": MailPolicy(message_id_domain="tests.example"),
            "notify": NotifyPortalUsers(
                Kit(store=self.store, clock=self.clock, ids=self.ids).mail,
                FakeLinks(),
                FakeDirectory(self.store),
            ),
            "notify_staff": NotifyStaff(
                Kit(store=self.store, clock=self.clock, ids=self.ids).mail,
                FakeDirectory(self.store),
            ),
        }
        params = inspect.signature(use_case).parameters
        missing = [n for n in params if n == "uow" and uow is None]
        assert not missing, "this use case needs a unit of work"
        return use_case(**{name: available[name] for name in params})

    def of_kind(self, kind: str) -> list[Any]:
        return sorted(self.store.table(kind).values(), key=lambda r: r.id)
