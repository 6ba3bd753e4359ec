"""Webhooks and the outbox through the SQL adapters: endpoints kept per tenant, deliveries
claimed under a lease and settled only by their holder, the delivery log's filters and pages,
re-sends, cascades, and the events table handed out once to concurrent relays."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.models import EventModel
from ordinavo.adapters.persistence.outbox.repository import MAX_DISPATCH_FAILURES, SqlaOutbox
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.adapters.persistence.webhooks.models import WebhookAttemptModel, WebhookDeliveryModel
from ordinavo.application.ports.outbox import DueDelivery
from ordinavo.application.ports.webhooks import DeliveryFilter
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.webhooks import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    EndpointSettings,
    EndpointStatus,
    ErrorClass,
    PayloadOptions,
    WebhookEndpoint,
)
from tests.integration.conftest import NOW, ids
from tests.support.database import backend_name

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]
LEASE = timedelta(seconds=60)
MINUTE = timedelta(minutes=1)


def _endpoint(
    tenant_id: UUID,
    event_types: set[str] | None = None,
    *,
    url: str = "https://hooks.example.com/ordinavo",
    description: str | None = "ERP bridge",
    options: PayloadOptions = PayloadOptions(),
) -> WebhookEndpoint:
    return WebhookEndpoint.register(
        id=ids.new_id(),
        tenant_id=tenant_id,
        settings=EndpointSettings(
            url=url,
            event_types=frozenset(event_types or {"customer.registered"}),
            description=description,
            options=options,
        ),
        sealed_secret=f"v1:test-{ids.new_id().hex[-8:]}",
        now=NOW,
    )


def _delivery(
    endpoint: WebhookEndpoint,
    *,
    at: datetime = NOW,
    event_type: str = "customer.registered",
    event_id: UUID | None = None,
) -> Delivery:
    return Delivery.make(
        id=ids.new_id(),
        tenant_id=endpoint.tenant_id,
        endpoint_id=endpoint.id,
        event_id=event_id or ids.new_id(),
        event_type=event_type,
        body=b'{"type":"customer.registered","data":{"name":"Acme \xc3\xa9"}}',
        now=at,
    )


def _finished(
    delivery: Delivery, status: DeliveryStatus, next_attempt_at: datetime | None
) -> Delivery:
    """A delivery in a final state; `next_attempt_at` in the past, so only the status can keep
    it from being claimed or swept."""
    delivery.status = status
    delivery.next_attempt_at = next_attempt_at
    delivery.failures_in_row = 10 if status is DeliveryStatus.FAILED else 0
    return delivery


def _event(tenant_id: UUID, kind: str = "customer.registered") -> DomainEvent:
    return DomainEvent(
        id=ids.new_id(),
        tenant_id=tenant_id,
        type=kind,
        occurred_at=NOW,
        subject_type="customer",
        subject_id=ids.new_id(),
        customer_id=ids.new_id(),
        actor_type="user",
        actor_id=ids.new_id(),
        payload={"name": "Acme", "tags": ["a", "b"], "active": True},
    )


@asynccontextmanager
async def reading(db: SQLAlchemyAsyncConfig, tenant_id: UUID) -> AsyncIterator[SqlaUnitOfWork]:
    """A unit of work on a session of its own: what was committed, not an identity map."""
    async with db.create_session_maker()() as s:
        try:
            yield SqlaUnitOfWork(s, tenant_id)
        finally:
            await s.rollback()


async def _count(session: AsyncSession, model: type, **where: UUID) -> int:
    stmt = select(func.count()).select_from(model)
    for column, value in where.items():
        stmt = stmt.where(getattr(model, column) == value)
    return int(await session.scalar(stmt) or 0)


# --- endpoints --------------------------------------------------------------------------------


async def test_endpoints_round_trip_through_add_get_save_and_list(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    first = _endpoint(
        a.tenant_id,
        {"customer.registered", "target.created"},
        options=PayloadOptions(
            include_contact_details=True, include_billing_details=False, source_system="SAP"
        ),
    )
    second = _endpoint(a.tenant_id, {"report.published"}, description=None)
    await a.webhook_endpoints.add(first)
    await a.webhook_endpoints.add(second)
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        assert await r.webhook_endpoints.get(first.id) == first
        assert await r.webhook_endpoints.get(second.id) == second

    later = NOW + timedelta(hours=1)
    first.change(
        EndpointSettings(
            url="https://other.example.org/hook?v=2",
            event_types=frozenset({"request.submitted"}),
            description="Changed",
            options=PayloadOptions(include_billing_details=True),
        ),
        later,
    )
    first.rotate_secret("v1:rotated", later)
    first.disable(DisabledReason.BY_STAFF, later)
    first.failing_since = NOW
    await a.webhook_endpoints.save(first)
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_endpoints.get(first.id)
        assert stored == first
        assert stored is not None
        assert stored.status is EndpointStatus.DISABLED
        assert stored.disabled_reason is DisabledReason.BY_STAFF
        assert stored.previous_sealed_secret == first.previous_sealed_secret != "v1:rotated"
        assert stored.settings.options == PayloadOptions(include_billing_details=True)

        page = await r.webhook_endpoints.list(PageRequest(size=1))
        assert page.items == [first]
        assert page.next_after == first.id
        rest = await r.webhook_endpoints.list(PageRequest(size=1, after=page.next_after))
        assert rest.items == [second]
        assert rest.next_after is None


async def test_endpoints_stay_in_their_tenant(two_tenants: UoWs, db: SQLAlchemyAsyncConfig) -> None:
    a, b = two_tenants
    ours = [_endpoint(a.tenant_id), _endpoint(a.tenant_id, {"target.created"})]
    theirs = _endpoint(b.tenant_id)
    for endpoint in ours:
        await a.webhook_endpoints.add(endpoint)
    await b.webhook_endpoints.add(theirs)
    delivery = _delivery(ours[0])
    assert await a.webhook_deliveries.add(delivery)
    await a.commit()

    assert await b.webhook_endpoints.get(ours[0].id) is None
    assert [e.id for e in (await b.webhook_endpoints.list(PageRequest())).items] == [theirs.id]
    assert await b.webhook_endpoints.count() == 1
    assert await a.webhook_endpoints.count() == 2
    assert await b.webhook_deliveries.get(delivery.id) is None
    assert await b.webhook_deliveries.claim(delivery.id, NOW, NOW + LEASE, ids.new_id()) is None

    hijacked = replace(ours[0], tenant_id=b.tenant_id, sealed_secret="v1:stolen")
    with pytest.raises(LookupError):
        await b.webhook_endpoints.save(hijacked)
    await b.webhook_endpoints.remove(ours[0].id)
    await b.commit()

    async with reading(db, a.tenant_id) as r:
        assert await r.webhook_endpoints.get(ours[0].id) == ours[0]
        assert await r.webhook_deliveries.get(delivery.id) == delivery
        assert await r.webhook_endpoints.count() == 2


async def test_subscribed_to_returns_the_tenants_enabled_endpoints_of_that_type(
    two_tenants: UoWs,
) -> None:
    a, b = two_tenants
    both = _endpoint(a.tenant_id, {"customer.registered", "target.created"})
    work_only = _endpoint(a.tenant_id, {"target.created"})
    disabled = _endpoint(a.tenant_id, {"customer.registered", "target.created"})
    disabled.disable(DisabledReason.BY_STAFF, NOW)
    other_tenant = _endpoint(b.tenant_id, {"customer.registered", "target.created"})
    for endpoint in (both, work_only, disabled):
        await a.webhook_endpoints.add(endpoint)
    await b.webhook_endpoints.add(other_tenant)
    await a.commit()

    customers = await a.webhook_endpoints.subscribed_to("customer.registered")
    assert [e.id for e in customers] == [both.id]
    work = await a.webhook_endpoints.subscribed_to("target.created")
    assert sorted(e.id for e in work) == sorted([both.id, work_only.id])
    assert await a.webhook_endpoints.subscribed_to("report.published") == []
    assert [e.id for e in await b.webhook_endpoints.subscribed_to("target.created")] == [
        other_tenant.id
    ]


async def test_note_failure_keeps_the_first_time_and_note_success_clears_it(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    await a.commit()
    first, second = NOW + MINUTE, NOW + 5 * MINUTE

    assert await b.webhook_endpoints.note_failure(endpoint.id, NOW) is None
    assert await a.webhook_endpoints.note_failure(endpoint.id, first) == first
    assert await a.webhook_endpoints.note_failure(endpoint.id, second) == first
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_endpoints.get(endpoint.id)
        assert stored is not None
        assert stored.failing_since == first

    await b.webhook_endpoints.note_success(endpoint.id)
    await b.commit()
    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_endpoints.get(endpoint.id)
        assert stored is not None
        assert stored.failing_since == first

    await a.webhook_endpoints.note_success(endpoint.id)
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_endpoints.get(endpoint.id)
        assert stored is not None
        assert stored.failing_since is None
    # Failing again starts a new count.
    assert await a.webhook_endpoints.note_failure(endpoint.id, second) == second


async def test_disable_if_enabled_disables_once_and_keeps_the_settings(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = two_tenants
    endpoint = _endpoint(
        a.tenant_id,
        {"customer.registered", "report.published"},
        options=PayloadOptions(include_contact_details=True, source_system="Navision"),
    )
    await a.webhook_endpoints.add(endpoint)
    await a.commit()
    at = NOW + timedelta(days=5)

    assert not await b.webhook_endpoints.disable_if_enabled(endpoint.id, DisabledReason.GONE, at)
    assert await a.webhook_endpoints.disable_if_enabled(endpoint.id, DisabledReason.FAILING, at)
    assert not await a.webhook_endpoints.disable_if_enabled(
        endpoint.id, DisabledReason.GONE, at + MINUTE
    )
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_endpoints.get(endpoint.id)
    assert stored is not None
    assert stored.status is EndpointStatus.DISABLED
    assert stored.disabled_reason is DisabledReason.FAILING
    assert stored.disabled_at == at
    assert stored.updated_at == at
    assert stored.settings == endpoint.settings
    assert stored.sealed_secret == endpoint.sealed_secret
    assert stored.created_at == endpoint.created_at


# --- deliveries -------------------------------------------------------------------------------


async def test_one_delivery_per_event_and_endpoint(
    two_tenants: UoWs, session: AsyncSession, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint, other = _endpoint(a.tenant_id), _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    await a.webhook_endpoints.add(other)
    delivery = _delivery(endpoint)

    assert await a.webhook_deliveries.add(delivery) is True
    again = _delivery(endpoint, event_id=delivery.event_id, at=NOW + MINUTE)
    assert await a.webhook_deliveries.add(again) is False
    assert await a.webhook_deliveries.add(_delivery(other, event_id=delivery.event_id)) is True
    await a.commit()

    assert await _count(session, WebhookDeliveryModel, endpoint_id=endpoint.id) == 1
    assert await _count(session, WebhookDeliveryModel, event_id=delivery.event_id) == 2
    async with reading(db, a.tenant_id) as r:
        assert await r.webhook_deliveries.get(delivery.id) == delivery
        assert await r.webhook_deliveries.get(again.id) is None


async def test_claim_takes_a_due_delivery_once_per_lease(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    delivery = _delivery(endpoint)
    await a.webhook_deliveries.add(delivery)
    await a.commit()
    deliveries = a.webhook_deliveries
    first, second = ids.new_id(), ids.new_id()

    claimed = await deliveries.claim(delivery.id, NOW, NOW + LEASE, first)
    assert claimed is not None
    assert (claimed.attempts, claimed.lease_until, claimed.lease_token) == (1, NOW + LEASE, first)
    assert claimed.status is DeliveryStatus.PENDING
    assert claimed.body == delivery.body
    await a.commit()

    for during in (NOW + LEASE / 2, NOW + LEASE - timedelta(seconds=1)):
        assert await deliveries.claim(delivery.id, during, during + LEASE, second) is None
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_deliveries.get(delivery.id)
        assert stored is not None
        assert (stored.attempts, stored.lease_token) == (1, first)

    after = NOW + 2 * LEASE
    reclaimed = await deliveries.claim(delivery.id, after, after + LEASE, second)
    assert reclaimed is not None
    assert (reclaimed.attempts, reclaimed.lease_until, reclaimed.lease_token) == (
        2,
        after + LEASE,
        second,
    )
    assert reclaimed.updated_at == after
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        assert await r.webhook_deliveries.get(delivery.id) == reclaimed


async def test_deliveries_not_due_or_finished_cannot_be_claimed(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    future = _delivery(endpoint, at=NOW + timedelta(hours=1))
    succeeded = _finished(_delivery(endpoint), DeliveryStatus.SUCCEEDED, NOW - MINUTE)
    failed = _finished(_delivery(endpoint), DeliveryStatus.FAILED, NOW - MINUTE)
    failing = _delivery(endpoint, at=NOW - MINUTE)
    failing.status = DeliveryStatus.FAILING
    for delivery in (future, succeeded, failed, failing):
        assert await a.webhook_deliveries.add(delivery)
    await a.commit()

    for delivery in (future, succeeded, failed):
        assert await a.webhook_deliveries.claim(delivery.id, NOW, NOW + LEASE, ids.new_id()) is None
    claimed = await a.webhook_deliveries.claim(failing.id, NOW, NOW + LEASE, ids.new_id())
    assert claimed is not None
    assert claimed.status is DeliveryStatus.FAILING
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        for delivery in (future, succeeded, failed):
            assert await r.webhook_deliveries.get(delivery.id) == delivery


async def test_only_the_lease_holder_settles_a_delivery(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    delivery = _delivery(endpoint)
    await a.webhook_deliveries.add(delivery)
    await a.commit()
    deliveries = a.webhook_deliveries
    slow, fast = ids.new_id(), ids.new_id()

    held = await deliveries.claim(delivery.id, NOW, NOW + LEASE, slow)
    assert held is not None
    # The slow worker's lease runs out; another worker takes the delivery and settles it.
    later = NOW + 2 * LEASE
    taken = await deliveries.claim(delivery.id, later, later + LEASE, fast)
    assert taken is not None
    taken.settle(AttemptOutcome(duration_ms=80, status_code=204), later + MINUTE, jitter=0.0)
    assert await deliveries.settle(taken, fast) is True
    await a.commit()

    held.settle(AttemptOutcome(duration_ms=900, status_code=500), later + MINUTE, jitter=0.0)
    assert held.status is DeliveryStatus.FAILING
    assert await deliveries.settle(held, slow) is False
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_deliveries.get(delivery.id)
    assert stored == taken
    assert stored is not None
    assert stored.status is DeliveryStatus.SUCCEEDED
    assert (stored.attempts, stored.last_status_code) == (2, 204)
    assert (stored.next_attempt_at, stored.lease_until, stored.lease_token) == (None, None, None)
    assert stored.last_attempt_at == later + MINUTE
    assert stored.body == delivery.body


async def test_settle_stores_a_failed_attempts_schedule(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    delivery = _delivery(endpoint)
    await a.webhook_deliveries.add(delivery)
    await a.commit()
    token = ids.new_id()

    claimed = await a.webhook_deliveries.claim(delivery.id, NOW, NOW + LEASE, token)
    assert claimed is not None
    claimed.settle(AttemptOutcome(duration_ms=300, status_code=503), NOW + MINUTE, jitter=0.0)
    assert await a.webhook_deliveries.settle(claimed, token) is True
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_deliveries.get(delivery.id)
    assert stored == claimed
    assert stored is not None
    assert stored.status is DeliveryStatus.FAILING
    assert stored.failures_in_row == 1
    assert stored.next_attempt_at == NOW + MINUTE + timedelta(seconds=5)
    assert (stored.last_status_code, stored.lease_token) == (503, None)


async def test_reopen_waits_until_the_lease_ran_out(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    delivery = _delivery(endpoint)
    await a.webhook_deliveries.add(delivery)
    await a.commit()
    assert await a.webhook_deliveries.claim(delivery.id, NOW, NOW + LEASE, ids.new_id())
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        loaded = await r.webhook_deliveries.get(delivery.id)
    assert loaded is not None
    early = NOW + LEASE / 2
    loaded.resend(early)
    assert await a.webhook_deliveries.reopen(loaded, early) is False
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_deliveries.get(delivery.id)
        assert stored is not None
        assert stored.next_attempt_at == NOW
        assert stored.updated_at == NOW

    late = NOW + 2 * LEASE
    loaded.resend(late)
    assert await a.webhook_deliveries.reopen(loaded, late) is True
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        stored = await r.webhook_deliveries.get(delivery.id)
    assert stored is not None
    assert stored.status is DeliveryStatus.PENDING
    assert (stored.next_attempt_at, stored.updated_at) == (late, late)
    assert (stored.failures_in_row, stored.attempts) == (0, 1)


async def test_attempts_page_newest_first(two_tenants: UoWs, db: SQLAlchemyAsyncConfig) -> None:
    a, _ = two_tenants
    endpoint = _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    delivery, other = _delivery(endpoint), _delivery(endpoint)
    await a.webhook_deliveries.add(delivery)
    await a.webhook_deliveries.add(other)
    outcomes = [
        AttemptOutcome(duration_ms=5000, error_class=ErrorClass.TIMEOUT),
        AttemptOutcome(
            duration_ms=120,
            status_code=500,
            error_class=ErrorClass.HTTP_STATUS,
            response_excerpt="Internal error \u00e9",
        ),
        AttemptOutcome(duration_ms=90, status_code=200, response_excerpt="ok"),
    ]
    attempts = [
        DeliveryAttempt(
            id=ids.new_id(),
            tenant_id=a.tenant_id,
            delivery_id=delivery.id,
            number=n,
            attempted_at=NOW + n * MINUTE,
            outcome=outcome,
        )
        for n, outcome in enumerate(outcomes, start=1)
    ]
    for attempt in attempts:
        await a.webhook_deliveries.record_attempt(attempt)
    await a.webhook_deliveries.record_attempt(
        DeliveryAttempt(
            id=ids.new_id(),
            tenant_id=a.tenant_id,
            delivery_id=other.id,
            number=1,
            attempted_at=NOW,
            outcome=AttemptOutcome(duration_ms=1, status_code=204),
        )
    )
    await a.commit()

    async with reading(db, a.tenant_id) as r:
        first = await r.webhook_deliveries.attempts(delivery.id, PageRequest(size=2))
        assert first.items == [attempts[2], attempts[1]]
        assert first.next_after == attempts[1].id
        rest = await r.webhook_deliveries.attempts(
            delivery.id, PageRequest(size=2, after=first.next_after)
        )
        assert rest.items == [attempts[0]]
        assert rest.next_after is None


async def test_the_delivery_log_filters_and_pages_newest_first(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint, other = _endpoint(a.tenant_id), _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    await a.webhook_endpoints.add(other)
    types = ["customer.registered", "target.created"] * 3
    made = [_delivery(endpoint, at=NOW + i * MINUTE, event_type=types[i]) for i in range(5)]
    _finished(made[1], DeliveryStatus.FAILED, None)
    _finished(made[3], DeliveryStatus.FAILED, None)
    _finished(made[4], DeliveryStatus.SUCCEEDED, None)
    for delivery in made:
        await a.webhook_deliveries.add(delivery)
    await a.webhook_deliveries.add(_delivery(other, at=NOW + 2 * MINUTE))
    await a.commit()

    async def all_pages(where: DeliveryFilter, size: int = 2) -> list[list[UUID]]:
        pages: list[list[UUID]] = []
        after: UUID | None = None
        async with reading(db, a.tenant_id) as r:
            while True:
                page = await r.webhook_deliveries.list(
                    endpoint.id, PageRequest(size=size, after=after), where
                )
                pages.append([d.id for d in page.items])
                if page.next_after is None:
                    return pages
                assert page.next_after == page.items[-1].id
                after = page.next_after

    newest_first = [d.id for d in reversed(made)]
    assert await all_pages(DeliveryFilter()) == [newest_first[0:2], newest_first[2:4], [made[0].id]]
    assert await all_pages(DeliveryFilter(status=DeliveryStatus.FAILED)) == [
        [made[3].id, made[1].id]
    ]
    assert await all_pages(DeliveryFilter(event_type="customer.registered"), size=1) == [
        [made[4].id],
        [made[2].id],
        [made[0].id],
    ]
    # since inclusive, until exclusive.
    window = DeliveryFilter(since=NOW + MINUTE, until=NOW + 3 * MINUTE)
    assert await all_pages(window) == [[made[2].id, made[1].id]]
    assert await all_pages(
        DeliveryFilter(
            status=DeliveryStatus.FAILED,
            event_type="target.created",
            since=NOW + 2 * MINUTE,
            until=NOW + 5 * MINUTE,
        )
    ) == [[made[3].id]]
    assert await all_pages(DeliveryFilter(since=NOW + 10 * MINUTE)) == [[]]

    async with reading(db, a.tenant_id) as r:
        page = await r.webhook_deliveries.list(endpoint.id, PageRequest(size=5), DeliveryFilter())
    assert page.items == list(reversed(made))
    assert page.next_after is None


async def test_resend_failed_reopens_only_failed_deliveries_in_the_range(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, _ = two_tenants
    endpoint, other = _endpoint(a.tenant_id), _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(endpoint)
    await a.webhook_endpoints.add(other)
    made = [_delivery(endpoint, at=NOW + i * MINUTE) for i in range(5)]
    for i in (0, 1, 3, 4):
        _finished(made[i], DeliveryStatus.FAILED, None)
    _finished(made[2], DeliveryStatus.SUCCEEDED, None)
    elsewhere = _finished(_delivery(other, at=NOW + 2 * MINUTE), DeliveryStatus.FAILED, None)
    for delivery in (*made, elsewhere):
        await a.webhook_deliveries.add(delivery)
    await a.commit()
    since, until, now = NOW + MINUTE, NOW + 4 * MINUTE, NOW + timedelta(hours=2)

    assert await a.webhook_deliveries.resend_failed(endpoint.id, since, until, now, 1) == [
        made[1].id
    ]
    await a.commit()
    async with reading(db, a.tenant_id) as r:
        still_failed = await r.webhook_deliveries.get(made[3].id)
        assert still_failed is not None
        assert still_failed.status is DeliveryStatus.FAILED

    assert await a.webhook_deliveries.resend_failed(endpoint.id, since, until, now, 10) == [
        made[3].id
    ]
    await a.commit()
    assert await a.webhook_deliveries.resend_failed(endpoint.id, since, until, now, 10) == []

    async with reading(db, a.tenant_id) as r:
        for i in (1, 3):
            stored = await r.webhook_deliveries.get(made[i].id)
            assert stored is not None
            assert stored.status is DeliveryStatus.PENDING
            assert (stored.next_attempt_at, stored.updated_at) == (now, now)
            assert stored.failures_in_row == 0
            assert stored.body == made[i].body
        for delivery in (made[0], made[2], made[4], elsewhere):
            assert await r.webhook_deliveries.get(delivery.id) == delivery


async def test_removing_an_endpoint_removes_its_deliveries_and_attempts(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    a, _ = two_tenants
    gone, kept = _endpoint(a.tenant_id), _endpoint(a.tenant_id)
    await a.webhook_endpoints.add(gone)
    await a.webhook_endpoints.add(kept)
    deliveries = [_delivery(gone), _delivery(gone), _delivery(kept)]
    for delivery in deliveries:
        await a.webhook_deliveries.add(delivery)
    for delivery in deliveries:
        await a.webhook_deliveries.record_attempt(
            DeliveryAttempt(
                id=ids.new_id(),
                tenant_id=a.tenant_id,
                delivery_id=delivery.id,
                number=1,
                attempted_at=NOW,
                outcome=AttemptOutcome(duration_ms=10, status_code=500),
            )
        )
    await a.commit()
    assert await _count(session, WebhookAttemptModel) == 3

    await a.webhook_endpoints.remove(gone.id)
    await a.commit()

    assert await a.webhook_endpoints.get(gone.id) is None
    assert await _count(session, WebhookDeliveryModel, endpoint_id=gone.id) == 0
    for delivery in deliveries[:2]:
        assert await _count(session, WebhookAttemptModel, delivery_id=delivery.id) == 0
    assert await _count(session, WebhookDeliveryModel) == 1
    assert await _count(session, WebhookAttemptModel, delivery_id=deliveries[2].id) == 1
    assert await a.webhook_endpoints.get(kept.id) == kept


# --- the outbox -------------------------------------------------------------------------------


async def test_the_outbox_hands_out_committed_events_oldest_first_across_tenants(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    a, b = two_tenants
    events = [_event(a.tenant_id), _event(b.tenant_id, "target.created"), _event(a.tenant_id)]
    for event in events:  # each tenant's in a transaction of its own, as the apps write them
        uow = a if event.tenant_id == a.tenant_id else b
        uow.events.append(event)
        await uow.commit()
    outbox = SqlaOutbox(session)

    assert await outbox.claim_events(10) == events
    await outbox.rollback()
    assert [e.id for e in await outbox.claim_events(2)] == [events[0].id, events[1].id]
    await outbox.rollback()
    assert await outbox.count_pending_events(10) == 3
    assert await outbox.count_pending_events(2) == 2
    await outbox.rollback()

    # Tenant B cannot mark tenant A's events.
    b_uow = SqlaUnitOfWork(session, b.tenant_id)
    await b_uow.events.mark_dispatched([events[0].id, events[2].id], NOW)
    await b_uow.commit()
    assert await outbox.count_pending_events(10) == 3
    await outbox.rollback()

    a_uow = SqlaUnitOfWork(session, a.tenant_id)
    await a_uow.events.mark_dispatched([events[0].id, events[2].id], NOW + MINUTE)
    await a_uow.commit()
    assert await outbox.count_pending_events(10) == 1
    assert [e.id for e in await outbox.claim_events(10)] == [events[1].id]
    await outbox.rollback()


async def test_an_event_that_failed_five_times_is_set_aside(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    a, _ = two_tenants
    troubled, fine = _event(a.tenant_id), _event(a.tenant_id)
    a.events.append(troubled)
    a.events.append(fine)
    await a.commit()
    outbox = SqlaOutbox(session)
    assert MAX_DISPATCH_FAILURES == 5

    for _ in range(4):
        await outbox.note_dispatch_failure(troubled.id)
    await outbox.commit()
    assert [e.id for e in await outbox.claim_events(10)] == [troubled.id, fine.id]
    assert await outbox.count_pending_events(10) == 2
    await outbox.rollback()

    await outbox.note_dispatch_failure(troubled.id)
    await outbox.commit()
    assert [e.id for e in await outbox.claim_events(10)] == [fine.id]
    assert await outbox.count_pending_events(10) == 1
    await outbox.rollback()


async def test_due_deliveries_across_tenants(two_tenants: UoWs, session: AsyncSession) -> None:
    a, b = two_tenants
    ours, theirs = _endpoint(a.tenant_id), _endpoint(b.tenant_id)
    await a.webhook_endpoints.add(ours)
    await b.webhook_endpoints.add(theirs)

    lost = _delivery(ours, at=NOW - 10 * MINUTE)  # its worker's lease ran out
    pending = _delivery(ours, at=NOW - 5 * MINUTE)
    failing = _delivery(theirs, at=NOW - 3 * MINUTE)
    failing.status = DeliveryStatus.FAILING
    failing.failures_in_row = 2
    due_now = _delivery(theirs, at=NOW)  # next_attempt_at == now counts as due
    leased = _delivery(ours, at=NOW - 20 * MINUTE)
    future = _delivery(theirs, at=NOW + MINUTE)
    succeeded = _finished(_delivery(ours), DeliveryStatus.SUCCEEDED, NOW - 30 * MINUTE)
    failed = _finished(_delivery(theirs), DeliveryStatus.FAILED, NOW - 30 * MINUTE)
    for delivery in (lost, pending, failing, due_now, leased, future, succeeded, failed):
        uow = a if delivery.tenant_id == a.tenant_id else b
        assert await uow.webhook_deliveries.add(delivery)
    await a.commit()
    assert await a.webhook_deliveries.claim(lost.id, NOW - 10 * MINUTE, NOW - MINUTE, ids.new_id())
    assert await a.webhook_deliveries.claim(
        leased.id, NOW - 20 * MINUTE, NOW + MINUTE, ids.new_id()
    )
    await a.commit()

    outbox = SqlaOutbox(session)
    due = await outbox.due_deliveries(NOW, 10)
    assert due == [
        DueDelivery(tenant_id=a.tenant_id, delivery_id=lost.id),
        DueDelivery(tenant_id=a.tenant_id, delivery_id=pending.id),
        DueDelivery(tenant_id=b.tenant_id, delivery_id=failing.id),
        DueDelivery(tenant_id=b.tenant_id, delivery_id=due_now.id),
    ]
    assert await outbox.due_deliveries(NOW, 2) == due[:2]
    later = await outbox.due_deliveries(NOW + 2 * MINUTE, 10)
    assert {d.delivery_id for d in later} == {
        lost.id,
        pending.id,
        failing.id,
        due_now.id,
        leased.id,
        future.id,
    }
    await outbox.rollback()


# --- concurrent relays ------------------------------------------------------------------------


async def _three_pending_events(uows: UoWs) -> list[DomainEvent]:
    a, b = uows
    events = [_event(a.tenant_id), _event(b.tenant_id), _event(a.tenant_id)]
    for event in events:  # each tenant's in a transaction of its own, as the apps write them
        uow = a if event.tenant_id == a.tenant_id else b
        uow.events.append(event)
        await uow.commit()
    return events


@pytest.mark.postgres
@pytest.mark.skipif(backend_name() != "postgresql", reason="FOR UPDATE SKIP LOCKED: PostgreSQL")
async def test_a_second_relay_skips_the_events_the_first_one_holds(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    events = await _three_pending_events(two_tenants)
    maker = db.create_session_maker()
    async with maker() as first_session, maker() as second_session:
        try:
            first = await SqlaOutbox(first_session).claim_events(2)
            assert [e.id for e in first] == [events[0].id, events[1].id]
            # The first relay's transaction stays open; the second must not wait for it.
            second = await asyncio.wait_for(SqlaOutbox(second_session).claim_events(10), 5)
            assert [e.id for e in second] == [events[2].id]
        finally:
            await second_session.rollback()
            await first_session.rollback()


@pytest.mark.skipif(backend_name() != "sqlite", reason="SQLite's write-lock-first claim")
async def test_on_sqlite_a_second_relay_waits_and_then_skips_what_the_first_handled(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    events = await _three_pending_events(two_tenants)
    maker = db.create_session_maker()
    async with maker() as first_session, maker() as second_session:
        second_task: asyncio.Task[list[DomainEvent]] | None = None
        try:
            first = await SqlaOutbox(first_session).claim_events(2)
            assert [e.id for e in first] == [events[0].id, events[1].id]

            second_task = asyncio.create_task(SqlaOutbox(second_session).claim_events(10))
            await asyncio.sleep(0.3)
            assert not second_task.done(), "the second relay did not wait for the write lock"

            by_tenant: dict[UUID, list[UUID]] = {}
            for event in first:
                by_tenant.setdefault(event.tenant_id, []).append(event.id)
            for tenant_id, event_ids in by_tenant.items():
                await SqlaUnitOfWork(first_session, tenant_id).events.mark_dispatched(
                    event_ids, NOW
                )
            await first_session.commit()

            second = await asyncio.wait_for(second_task, 10)
            assert not {e.id for e in second} & {e.id for e in first}
            assert [e.id for e in second] == [events[2].id]
        finally:
            if second_task is not None and not second_task.done():
                await first_session.rollback()
                await asyncio.wait_for(second_task, 10)
            await second_session.rollback()
            await first_session.rollback()


# --- a change that does not commit leaves nothing to send ------------------------------------


async def test_a_rolled_back_change_leaves_no_event_and_no_delivery(
    db: SQLAlchemyAsyncConfig, session: AsyncSession, two_tenants: UoWs
) -> None:
    from sqlalchemy.exc import IntegrityError

    from ordinavo.domain.customers import Customer, CustomerDetails

    uow, _ = two_tenants
    await uow.webhook_endpoints.add(_endpoint(uow.tenant_id, {"customer.registered"}))
    first = Customer.register(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        details=CustomerDetails(name="Bakery", customer_number="C-1"),
        now=NOW,
    )
    await uow.customers.add(first)
    await uow.commit()

    # As a race would have it: the event is queued, then the database refuses the change.
    twin = Customer.register(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        details=CustomerDetails(name="Bakery Two", customer_number="C-1"),
        now=NOW + MINUTE,
    )
    event = replace(_event(uow.tenant_id), subject_id=twin.id, occurred_at=NOW + MINUTE)
    uow.events.append(event)
    with pytest.raises(IntegrityError):
        await uow.customers.add(twin)
    await uow.rollback()
    # And a change its use case gives up on before committing.
    given_up = _event(uow.tenant_id)
    uow.events.append(given_up)
    await uow.rollback()

    async with db.create_session_maker()() as s:
        gone = EventModel.id.in_([event.id, given_up.id])
        assert await s.scalar(select(func.count()).select_from(EventModel).where(gone)) == 0
        assert await SqlaOutbox(s).claim_events(10) == []
        assert await s.scalar(select(func.count()).select_from(WebhookDeliveryModel)) == 0
        await s.rollback()
