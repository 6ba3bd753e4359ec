"""Use cases of webhook endpoints, the relay, the delivery worker and the sweeper, against fakes."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from ordinavo.adapters.webhooks.catalogue import MsgspecWebhookPayloads
from ordinavo.application.errors import Conflict, Forbidden
from ordinavo.application.ports.webhooks import DeliveryFilter, WebhookPolicy
from ordinavo.application.use_cases.outbox.deliver_webhook import DeliverWebhook
from ordinavo.application.use_cases.outbox.dispatch_events import DispatchEvents
from ordinavo.application.use_cases.outbox.sweep_outbox import SweepOutbox, Swept
from ordinavo.application.use_cases.webhooks.change_webhook_endpoint import (
    ChangeWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.create_webhook_endpoint import (
    MAX_ENDPOINTS,
    CreateWebhookEndpoint,
    IssuedEndpoint,
)
from ordinavo.application.use_cases.webhooks.delete_webhook_endpoint import (
    DeleteWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.disable_webhook_endpoint import (
    DisableWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.enable_webhook_endpoint import (
    EnableWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.get_webhook_delivery import GetWebhookDelivery
from ordinavo.application.use_cases.webhooks.get_webhook_endpoint import GetWebhookEndpoint
from ordinavo.application.use_cases.webhooks.list_delivery_attempts import ListDeliveryAttempts
from ordinavo.application.use_cases.webhooks.list_webhook_deliveries import (
    ListWebhookDeliveries,
)
from ordinavo.application.use_cases.webhooks.list_webhook_endpoints import ListWebhookEndpoints
from ordinavo.application.use_cases.webhooks.list_webhook_event_types import (
    ListWebhookEventTypes,
)
from ordinavo.application.use_cases.webhooks.resend_failed_deliveries import (
    ResendFailedDeliveries,
)
from ordinavo.application.use_cases.webhooks.resend_webhook_delivery import (
    ResendWebhookDelivery,
)
from ordinavo.application.use_cases.webhooks.rotate_webhook_secret import RotateWebhookSecret
from ordinavo.application.use_cases.webhooks.send_test_event import SendTestEvent
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import DomainError, InvalidValue, RuleViolation
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.identity import Actor, ApiScope, Role
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.webhooks import (
    RETRY_SCHEDULE,
    TEST_EVENT,
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    EndpointSettings,
    EndpointStatus,
    ErrorClass,
    PayloadOptions,
    SourceId,
    WebhookEndpoint,
    secret_from,
    sign,
    signature_header,
)
from tests.unit.fakes import NOW
from tests.unit.webhook_fakes import (
    ATTEMPTS,
    DELIVERIES,
    DISPATCH_FAILURES,
    DISPATCHED,
    ENDPOINTS,
    EVENTS,
    OK,
    WebhookKit,
    pending_events,
)

A = UUID(int=10**6)
B = UUID(int=2 * 10**6)
URL = "https://hooks.example.com/ordinavo"
SECRET = secret_from(b"s" * 32)
OLD_SECRET = secret_from(b"o" * 32)


def staff(role: Role, tenant_id: UUID = A) -> Actor:
    return Actor.user(user_id=uuid4(), tenant_id=tenant_id, role=role)


ADMIN = staff(Role.TENANT_ADMIN)
ADMIN_B = staff(Role.TENANT_ADMIN, B)
NOT_ADMINS = [
    pytest.param(staff(Role.MANAGER), id="manager"),
    pytest.param(staff(Role.DISPATCHER), id="dispatcher"),
    pytest.param(staff(Role.EMPLOYEE), id="employee"),
    pytest.param(
        Actor.integration(key_id=uuid4(), tenant_id=A, scopes=frozenset(ApiScope)),
        id="integration",
    ),
]


def settings(
    url: str = URL,
    types: tuple[str, ...] = ("customer.registered",),
    description: str | None = None,
    options: PayloadOptions | None = None,
) -> EndpointSettings:
    return EndpointSettings(
        url=url,
        event_types=frozenset(types),
        description=description,
        options=options or PayloadOptions(),
    )


async def create(kit: WebhookKit, tenant_id: UUID = A, **given: Any) -> tuple[IssuedEndpoint, Any]:
    uow = kit.uow(tenant_id)
    actor = ADMIN if tenant_id == A else ADMIN_B
    issued = await kit.build(CreateWebhookEndpoint, uow)(actor, settings(**given))
    return issued, uow


def put_endpoint(
    kit: WebhookKit,
    tenant_id: UUID = A,
    types: tuple[str, ...] = ("customer.registered",),
    *,
    status: EndpointStatus = EndpointStatus.ENABLED,
    **changes: Any,
) -> WebhookEndpoint:
    """An endpoint registered now, straight into the store (no event of its own)."""
    endpoint = WebhookEndpoint.register(
        id=kit.ids.new_id(),
        tenant_id=tenant_id,
        settings=settings(types=types).validated(allow_loopback=False),
        sealed_secret="sealed:" + SECRET,
        now=kit.clock.now(),
    )
    endpoint.status = status
    if status is EndpointStatus.DISABLED:
        endpoint.disabled_reason = DisabledReason.BY_STAFF
        endpoint.disabled_at = kit.clock.now()
    for name, value in changes.items():
        setattr(endpoint, name, value)
    kit.store.table(ENDPOINTS)[endpoint.id] = endpoint
    return endpoint


def put_event(
    kit: WebhookKit, tenant_id: UUID = A, type: str = "customer.registered"
) -> DomainEvent:
    event = DomainEvent(
        id=kit.ids.new_id(),
        tenant_id=tenant_id,
        type=type,
        occurred_at=kit.clock.now(),
        subject_type="customer",
        subject_id=uuid4(),
    )
    kit.store.table(EVENTS)[event.id] = event
    return event


def put_delivery(kit: WebhookKit, endpoint: WebhookEndpoint, **changes: Any) -> Delivery:
    delivery = Delivery.make(
        id=kit.ids.new_id(),
        tenant_id=endpoint.tenant_id,
        endpoint_id=endpoint.id,
        event_id=kit.ids.new_id(),
        event_type="customer.registered",
        body=b'{"type":"customer.registered"}',
        now=kit.clock.now(),
    )
    for name, value in changes.items():
        setattr(delivery, name, value)
    kit.store.table(DELIVERIES)[delivery.id] = delivery
    return delivery


def failed(kit: WebhookKit, endpoint: WebhookEndpoint, **changes: Any) -> Delivery:
    return put_delivery(
        kit,
        endpoint,
        status=DeliveryStatus.FAILED,
        attempts=10,
        failures_in_row=10,
        next_attempt_at=None,
        last_status_code=500,
        **changes,
    )


def state(kit: WebhookKit) -> dict[str, Any]:
    """Every stored row (tables a fake unit of work merely opened are left out)."""
    return copy.deepcopy({kind: rows for kind, rows in kit.store.rows.items() if rows})


def stored_endpoint(kit: WebhookKit, endpoint_id: UUID) -> WebhookEndpoint:
    return kit.store.table(ENDPOINTS)[endpoint_id]


def stored_delivery(kit: WebhookKit, delivery_id: UUID) -> Delivery:
    return kit.store.table(DELIVERIES)[delivery_id]


def events_of(kit: WebhookKit, type: str) -> list[DomainEvent]:
    return [e for e in kit.of_kind(EVENTS) if e.type == type]


def audit_of(kit: WebhookKit, action: str) -> list[Any]:
    return [a for a in kit.of_kind("audit") if a.action == action]


# --- only tenant admins ----------------------------------------------------------------------


@dataclass
class Scene:
    endpoint: WebhookEndpoint
    disabled: WebhookEndpoint
    delivery: Delivery


def _scene(kit: WebhookKit) -> Scene:
    endpoint = put_endpoint(kit)
    disabled = put_endpoint(kit, status=EndpointStatus.DISABLED)
    delivery = failed(kit, endpoint)
    kit.store.table(ATTEMPTS)[kit.ids.new_id()] = DeliveryAttempt(
        id=kit.ids.new_id(),
        tenant_id=A,
        delivery_id=delivery.id,
        number=1,
        attempted_at=NOW,
        outcome=AttemptOutcome(duration_ms=3, status_code=500),
    )
    return Scene(endpoint, disabled, delivery)


Call = Callable[[Any, Actor, Scene], Awaitable[Any]]
CASES: list[Any] = [
    pytest.param(CreateWebhookEndpoint, lambda uc, a, s: uc(a, settings()), id="create"),
    pytest.param(
        ChangeWebhookEndpoint,
        lambda uc, a, s: uc(a, s.endpoint.id, {"description": "new"}),
        id="change",
    ),
    pytest.param(RotateWebhookSecret, lambda uc, a, s: uc(a, s.endpoint.id), id="rotate"),
    pytest.param(SendTestEvent, lambda uc, a, s: uc(a, s.endpoint.id), id="test_event"),
    pytest.param(ResendWebhookDelivery, lambda uc, a, s: uc(a, s.delivery.id), id="resend"),
    pytest.param(
        ResendFailedDeliveries,
        lambda uc, a, s: uc(a, s.endpoint.id, NOW - timedelta(days=1), NOW + timedelta(hours=1)),
        id="resend_failed",
    ),
    pytest.param(DisableWebhookEndpoint, lambda uc, a, s: uc(a, s.endpoint.id), id="disable"),
    pytest.param(EnableWebhookEndpoint, lambda uc, a, s: uc(a, s.disabled.id), id="enable"),
    pytest.param(DeleteWebhookEndpoint, lambda uc, a, s: uc(a, s.endpoint.id), id="delete"),
    pytest.param(ListWebhookEndpoints, lambda uc, a, s: uc(a, PageRequest()), id="list"),
    pytest.param(GetWebhookEndpoint, lambda uc, a, s: uc(a, s.endpoint.id), id="get"),
    pytest.param(
        ListWebhookDeliveries,
        lambda uc, a, s: uc(a, s.endpoint.id, PageRequest(), DeliveryFilter()),
        id="list_deliveries",
    ),
    pytest.param(GetWebhookDelivery, lambda uc, a, s: uc(a, s.delivery.id), id="get_delivery"),
    pytest.param(
        ListDeliveryAttempts,
        lambda uc, a, s: uc(a, s.delivery.id, PageRequest()),
        id="list_attempts",
    ),
    pytest.param(ListWebhookEventTypes, lambda uc, a, s: uc(a), id="event_types"),
]


@pytest.mark.parametrize(("use_case", "call"), CASES)
@pytest.mark.parametrize("actor", NOT_ADMINS)
async def test_only_a_tenant_admin_manages_webhooks(
    use_case: Callable[..., Any], call: Call, actor: Actor
) -> None:
    kit = WebhookKit()
    scene = _scene(kit)
    before = state(kit)
    uow = kit.uow(A)
    with pytest.raises(Forbidden):
        await call(kit.build(use_case, uow), actor, scene)
    assert state(kit) == before
    assert uow.commits == 0
    assert (kit.queue.deliveries, kit.queue.dispatches, kit.sender.posts) == ([], [], [])


@pytest.mark.parametrize(("use_case", "call"), CASES)
async def test_a_tenant_admin_may_call_every_webhook_use_case(
    use_case: Callable[..., Any], call: Call
) -> None:
    kit = WebhookKit()
    scene = _scene(kit)
    uow = kit.uow(A)
    await call(kit.build(use_case, uow), ADMIN, scene)  # raises nothing


# --- creating and changing endpoints ----------------------------------------------------------


async def test_creating_an_endpoint_shows_the_secret_once_and_keeps_it_sealed() -> None:
    kit = WebhookKit()
    issued, uow = await create(kit)
    assert issued.secret.startswith("whsec_")
    assert issued.secret == secret_from(b"k" * 32)
    [stored] = kit.of_kind(ENDPOINTS)
    assert stored.id == issued.endpoint.id
    assert stored.tenant_id == A
    assert stored.sealed_secret == "sealed:" + issued.secret
    assert stored.previous_sealed_secret is None
    assert stored.status is EndpointStatus.ENABLED
    assert stored.settings == settings()
    [entry] = kit.of_kind("audit")
    assert (entry.action, entry.object_id, entry.actor_id) == (
        "webhook_endpoint.created",
        stored.id,
        ADMIN.id,
    )
    [event] = kit.of_kind(EVENTS)
    assert (event.type, event.subject_type, event.subject_id) == (
        "webhook_endpoint.created",
        "webhook_endpoint",
        stored.id,
    )
    assert uow.commits == 1


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"url": "http://hooks.example.com/x"}, RuleViolation),
        ({"url": "ftp://hooks.example.com/x"}, RuleViolation),
        ({"types": ("customer.registered", "no.such_event")}, InvalidValue),
        ({"types": ("user.signed_in",)}, InvalidValue),
        ({"types": ()}, InvalidValue),
    ],
)
async def test_an_invalid_endpoint_is_refused_and_nothing_is_stored(
    given: dict[str, Any], error: type[DomainError]
) -> None:
    kit = WebhookKit()
    uow = kit.uow(A)
    with pytest.raises(error):
        await kit.build(CreateWebhookEndpoint, uow)(ADMIN, settings(**given))
    assert issubclass(error, DomainError)
    assert (kit.of_kind(ENDPOINTS), kit.of_kind(EVENTS), kit.of_kind("audit")) == ([], [], [])
    assert uow.commits == 0


async def test_a_tenant_has_at_most_fifty_endpoints() -> None:
    kit = WebhookKit()
    for _ in range(MAX_ENDPOINTS):
        await create(kit)
    assert len(kit.of_kind(ENDPOINTS)) == 50
    uow = kit.uow(A)
    with pytest.raises(Conflict):
        await kit.build(CreateWebhookEndpoint, uow)(ADMIN, settings())
    assert len(kit.of_kind(ENDPOINTS)) == 50
    assert uow.commits == 0
    # Another tenant's endpoints do not count.
    issued, _ = await create(kit, B)
    assert issued.endpoint.tenant_id == B


async def test_loopback_urls_only_where_the_policy_allows_them() -> None:
    loopback = "http://127.0.0.1:9000/x"
    kit = WebhookKit()
    with pytest.raises(RuleViolation):
        await create(kit, url=loopback)
    assert kit.of_kind(ENDPOINTS) == []
    kit = WebhookKit(policy=WebhookPolicy(allow_loopback=True))
    issued, _ = await create(kit, url=loopback)
    assert stored_endpoint(kit, issued.endpoint.id).settings.url == loopback


async def test_changing_an_endpoint_keeps_what_was_not_changed() -> None:
    kit = WebhookKit()
    options = PayloadOptions(include_contact_details=True, source_system="erp")
    types = ("customer.registered", "customer.changed")
    issued, _ = await create(kit, types=types, description="Billing system", options=options)
    kit.clock.advance(timedelta(minutes=5))
    uow = kit.uow(A)
    changed = await kit.build(ChangeWebhookEndpoint, uow)(
        ADMIN, issued.endpoint.id, {"url": "https://new.example.com/h"}
    )
    stored = stored_endpoint(kit, issued.endpoint.id)
    assert stored == changed
    assert stored.settings == settings(
        url="https://new.example.com/h", types=types, description="Billing system", options=options
    )
    assert stored.updated_at == NOW + timedelta(minutes=5)
    assert stored.sealed_secret == "sealed:" + issued.secret
    [event] = events_of(kit, "webhook_endpoint.changed")
    assert event.subject_id == issued.endpoint.id
    assert [a.object_id for a in audit_of(kit, "webhook_endpoint.changed")] == [stored.id]
    assert uow.commits == 1

    uow = kit.uow(A)
    await kit.build(ChangeWebhookEndpoint, uow)(ADMIN, stored.id, {"include_billing_details": True})
    stored = stored_endpoint(kit, issued.endpoint.id)
    assert stored.settings == settings(
        url="https://new.example.com/h",
        types=types,
        description="Billing system",
        options=PayloadOptions(
            include_contact_details=True, include_billing_details=True, source_system="erp"
        ),
    )
    assert len(events_of(kit, "webhook_endpoint.changed")) == 2


async def test_a_change_that_changes_nothing_records_nothing() -> None:
    kit = WebhookKit()
    issued, _ = await create(kit, types=("customer.registered", "customer.changed"))
    before = state(kit)
    uow = kit.uow(A)
    same = {"url": URL, "event_types": ["customer.changed", "customer.registered"]}
    await kit.build(ChangeWebhookEndpoint, uow)(ADMIN, issued.endpoint.id, same)
    await kit.build(ChangeWebhookEndpoint, uow)(ADMIN, issued.endpoint.id, {})
    assert state(kit) == before
    assert events_of(kit, "webhook_endpoint.changed") == []
    assert uow.commits == 0


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"url": "http://new.example.com/h"}, RuleViolation),
        ({"url": "https://10.0.0.5/h"}, RuleViolation),
        ({"url": "https://localhost/h"}, RuleViolation),
        ({"event_types": ["nope"]}, InvalidValue),
        ({"event_types": []}, InvalidValue),
    ],
)
async def test_a_change_is_validated(changes: dict[str, Any], error: type[DomainError]) -> None:
    kit = WebhookKit()
    issued, _ = await create(kit)
    before = state(kit)
    uow = kit.uow(A)
    with pytest.raises(error):
        await kit.build(ChangeWebhookEndpoint, uow)(ADMIN, issued.endpoint.id, changes)
    assert state(kit) == before
    assert uow.commits == 0


async def test_rotating_the_secret_keeps_the_old_one_for_a_day() -> None:
    kit = WebhookKit()
    issued, _ = await create(kit)
    old = issued.secret
    kit.clock.advance(timedelta(hours=3))
    kit.random.fill = b"r"
    uow = kit.uow(A)
    rotated = await kit.build(RotateWebhookSecret, uow)(ADMIN, issued.endpoint.id)
    assert rotated.secret == secret_from(b"r" * 32)
    assert rotated.secret.startswith("whsec_")
    assert rotated.secret != old
    stored = stored_endpoint(kit, issued.endpoint.id)
    assert stored.sealed_secret == "sealed:" + rotated.secret
    assert stored.previous_sealed_secret == "sealed:" + old
    now = kit.clock.now()
    both = ["sealed:" + rotated.secret, "sealed:" + old]
    assert stored.sealed_secrets(now) == both
    assert stored.sealed_secrets(now + timedelta(hours=24) - timedelta(seconds=1)) == both
    assert stored.sealed_secrets(now + timedelta(hours=24)) == ["sealed:" + rotated.secret]
    [event] = events_of(kit, "webhook_endpoint.secret_rotated")
    assert event.subject_id == stored.id
    assert uow.commits == 1


# --- test events and re-sends ------------------------------------------------------------------


async def test_a_test_event_is_refused_on_a_disabled_endpoint() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit, status=EndpointStatus.DISABLED)
    uow = kit.uow(A)
    with pytest.raises(Conflict):
        await kit.build(SendTestEvent, uow)(ADMIN, endpoint.id)
    assert kit.of_kind(DELIVERIES) == []
    assert kit.queue.deliveries == []
    assert uow.commits == 0


async def test_a_test_event_is_one_delivery_queued_after_the_commit() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    uow = kit.uow(A)
    kit.queue.probe = lambda: uow.commits
    delivery = await kit.build(SendTestEvent, uow)(ADMIN, endpoint.id)
    [stored] = kit.of_kind(DELIVERIES)
    assert stored == delivery
    assert (stored.endpoint_id, stored.event_type, stored.status) == (
        endpoint.id,
        TEST_EVENT,
        DeliveryStatus.PENDING,
    )
    assert stored.next_attempt_at == NOW
    assert kit.payloads.tests == [(stored.event_id, A, endpoint.id, NOW)]
    assert stored.body == kit.payloads.test_event(stored.event_id, A, endpoint.id, NOW)
    assert kit.queue.deliveries == [(A, stored.id)]
    assert kit.queue.delivery_probes == [1]
    assert uow.commits == 1
    assert [a.object_id for a in audit_of(kit, "webhook_endpoint.tested")] == [endpoint.id]


async def test_resending_a_failed_delivery_makes_it_due_again() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = failed(kit, endpoint)
    kit.clock.advance(timedelta(hours=2))
    uow = kit.uow(A)
    kit.queue.probe = lambda: uow.commits
    resent = await kit.build(ResendWebhookDelivery, uow)(ADMIN, delivery.id)
    stored = stored_delivery(kit, delivery.id)
    assert stored == resent
    assert stored.status is DeliveryStatus.PENDING
    assert stored.next_attempt_at == NOW + timedelta(hours=2)
    assert stored.failures_in_row == 0
    assert (stored.id, stored.event_id, stored.body) == (
        delivery.id,
        delivery.event_id,
        delivery.body,
    )
    assert kit.queue.deliveries == [(A, delivery.id)]
    assert kit.queue.delivery_probes == [1]
    assert [a.object_id for a in audit_of(kit, "webhook_delivery.resent")] == [delivery.id]


async def test_a_delivery_held_by_a_worker_is_not_resent() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = put_delivery(
        kit,
        endpoint,
        status=DeliveryStatus.FAILING,
        failures_in_row=3,
        attempts=4,
        lease_until=NOW + timedelta(seconds=30),
        lease_token=uuid4(),
    )
    before = state(kit)
    uow = kit.uow(A)
    with pytest.raises(Conflict):
        await kit.build(ResendWebhookDelivery, uow)(ADMIN, delivery.id)
    assert state(kit) == before
    assert kit.queue.deliveries == []
    assert uow.commits == 0
    # Once the lease ran out, it may be re-sent.
    kit.clock.advance(timedelta(seconds=30))
    await kit.build(ResendWebhookDelivery, kit.uow(A))(ADMIN, delivery.id)
    assert stored_delivery(kit, delivery.id).status is DeliveryStatus.PENDING
    assert kit.queue.deliveries == [(A, delivery.id)]


async def test_nothing_is_resent_to_a_disabled_endpoint() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit, status=EndpointStatus.DISABLED)
    delivery = failed(kit, endpoint)
    before = state(kit)
    with pytest.raises(Conflict):
        await kit.build(ResendWebhookDelivery, kit.uow(A))(ADMIN, delivery.id)
    with pytest.raises(Conflict):
        await kit.build(ResendFailedDeliveries, kit.uow(A))(
            ADMIN, endpoint.id, NOW - timedelta(days=1), NOW + timedelta(days=1)
        )
    assert state(kit) == before
    assert kit.queue.deliveries == []


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (NOW, NOW - timedelta(seconds=1)),
        (NOW, NOW),
        (NOW - timedelta(days=31, seconds=1), NOW),
    ],
)
async def test_resending_failed_deliveries_needs_a_valid_range(
    since: datetime, until: datetime
) -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    failed(kit, endpoint)
    before = state(kit)
    with pytest.raises(InvalidValue):
        await kit.build(ResendFailedDeliveries, kit.uow(A))(ADMIN, endpoint.id, since, until)
    assert state(kit) == before
    assert kit.queue.deliveries == []


async def test_resending_failed_deliveries_in_a_range_queues_each() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    other = put_endpoint(kit)
    kit.clock.advance(-timedelta(days=40))
    too_old = failed(kit, endpoint)
    kit.clock.advance(timedelta(days=10))
    first = failed(kit, endpoint)
    done = put_delivery(kit, endpoint, status=DeliveryStatus.SUCCEEDED, next_attempt_at=None)
    kit.clock.advance(timedelta(days=10))
    second = failed(kit, endpoint)
    of_other = failed(kit, other)
    kit.clock.advance(timedelta(days=20))
    assert kit.clock.now() == NOW
    uow = kit.uow(A)
    kit.queue.probe = lambda: uow.commits
    count = await kit.build(ResendFailedDeliveries, uow)(
        ADMIN, endpoint.id, NOW - timedelta(days=31), NOW
    )
    assert count == 2
    assert kit.queue.deliveries == [(A, first.id), (A, second.id)]
    assert kit.queue.delivery_probes == [1, 1]
    for delivery in (first, second):
        stored = stored_delivery(kit, delivery.id)
        assert (stored.status, stored.next_attempt_at, stored.failures_in_row) == (
            DeliveryStatus.PENDING,
            NOW,
            0,
        )
    assert stored_delivery(kit, too_old.id).status is DeliveryStatus.FAILED
    assert stored_delivery(kit, of_other.id).status is DeliveryStatus.FAILED
    assert stored_delivery(kit, done.id).status is DeliveryStatus.SUCCEEDED
    assert [a.object_id for a in audit_of(kit, "webhook_deliveries.resent")] == [endpoint.id]


# --- the relay ---------------------------------------------------------------------------------


def _dispatcher(kit: WebhookKit) -> DispatchEvents:
    kit.queue.probe = lambda: kit.outbox.commits
    return kit.build(DispatchEvents)


def _made(kit: WebhookKit) -> set[tuple[UUID, UUID]]:
    return {(d.endpoint_id, d.event_id) for d in kit.of_kind(DELIVERIES)}


async def test_an_endpoint_limited_to_its_system_hears_only_of_that_systems_records() -> None:
    kit = WebhookKit()
    types = ("customer.changed",)
    everyone = put_endpoint(kit, A, types)
    erp = put_endpoint(kit, A, types)
    erp.settings = dataclasses.replace(
        erp.settings, options=PayloadOptions(source_system="erp", source_events_only=True)
    )
    refs_only = put_endpoint(kit, A, types)
    refs_only.settings = dataclasses.replace(
        refs_only.settings, options=PayloadOptions(source_system="erp")
    )
    imported = put_event(kit, A, "customer.changed")
    by_hand = put_event(kit, A, "customer.changed")
    from_crm = put_event(kit, A, "customer.changed")
    links = kit.store.table("connect_links")
    links[imported.subject_id] = (A, "customer", [SourceId("erp", "E-1")])
    links[from_crm.subject_id] = (A, "customer", [SourceId("crm", "C-9")])

    await _dispatcher(kit)()

    assert _made(kit) == {
        (everyone.id, imported.id),
        (everyone.id, by_hand.id),
        (everyone.id, from_crm.id),
        (erp.id, imported.id),
        (refs_only.id, imported.id),
        (refs_only.id, by_hand.id),
        (refs_only.id, from_crm.id),
    }
    bodies = {(d.endpoint_id, d.event_id): json.loads(d.body) for d in kit.of_kind(DELIVERIES)}
    # The payload is made with the ids the sending systems know the record by.
    assert bodies[(erp.id, imported.id)]["sourceIds"] == [["erp", "E-1"]]
    assert "sourceIds" not in bodies[(everyone.id, by_hand.id)]


async def test_a_payload_carries_the_sending_systems_id_of_its_record() -> None:
    customer = Customer.register(
        id=uuid4(),
        tenant_id=A,
        details=CustomerDetails(name="Northwind", customer_number="C-1").validated(),
        now=NOW,
    )
    event = DomainEvent(
        id=uuid4(),
        tenant_id=A,
        type="customer.changed",
        occurred_at=NOW,
        subject_type="customer",
        subject_id=customer.id,
    )
    ids = [SourceId("erp", "E-1"), SourceId("crm", "C-9")]
    render = MsgspecWebhookPayloads().render

    def data(options: PayloadOptions, found: list[SourceId]) -> dict[str, Any]:
        return json.loads(render(event, customer, options, found))["data"]

    assert (data(PayloadOptions(), ids)["externalId"], data(PayloadOptions(), ids)["source"]) == (
        "C-9",
        "crm",
    )
    own = data(PayloadOptions(source_system="erp"), ids)
    assert (own["externalId"], own["source"]) == ("E-1", "erp")
    assert "externalId" not in data(PayloadOptions(source_system="shop"), ids)
    assert "externalId" not in data(PayloadOptions(), [])


async def test_the_relay_makes_one_delivery_per_subscribed_endpoint_and_event() -> None:
    kit = WebhookKit()
    types = ("customer.registered", "customer.changed")
    subscribed = put_endpoint(kit, A, types)
    disabled = put_endpoint(kit, A, types, status=EndpointStatus.DISABLED)
    unsubscribed = put_endpoint(kit, A, ("location.added",))
    theirs = put_endpoint(kit, B, types)
    registered = put_event(kit, A, "customer.registered")
    changed = put_event(kit, A, "customer.changed")
    internal = put_event(kit, A, "webhook_endpoint.created")
    signed_in = put_event(kit, A, "user.signed_in")
    their_event = put_event(kit, B, "customer.registered")
    late = put_endpoint(kit, A, types)

    handled = await _dispatcher(kit)()

    assert handled == 5
    assert _made(kit) == {
        (subscribed.id, registered.id),
        (subscribed.id, changed.id),
        (theirs.id, their_event.id),
    }
    for delivery in kit.of_kind(DELIVERIES):
        assert delivery.status is DeliveryStatus.PENDING
        assert delivery.next_attempt_at == NOW
        endpoint = stored_endpoint(kit, delivery.endpoint_id)
        assert delivery.tenant_id == endpoint.tenant_id
        event = kit.store.table(EVENTS)[delivery.event_id]
        assert delivery.event_type == event.type
        assert delivery.body == kit.payloads.render(event, None, PayloadOptions())
    assert not {disabled.id, unsubscribed.id, late.id} & {
        d.endpoint_id for d in kit.of_kind(DELIVERIES)
    }
    assert set(kit.store.table(DISPATCHED)) == {
        registered.id,
        changed.id,
        internal.id,
        signed_in.id,
        their_event.id,
    }
    assert pending_events(kit.store) == []
    assert sorted(kit.queue.deliveries) == sorted(
        (d.tenant_id, d.id) for d in kit.of_kind(DELIVERIES)
    )
    assert len(kit.queue.deliveries) == 3
    assert kit.queue.delivery_probes == [1, 1, 1]
    assert kit.queue.dispatches == []
    assert kit.outbox.commits == 1


async def test_events_outside_the_catalogue_are_handled_without_rendering() -> None:
    kit = WebhookKit()
    put_endpoint(kit, A, ("customer.registered",))
    event = put_event(kit, A, "webhook_endpoint.created")
    assert await _dispatcher(kit)() == 1
    assert kit.of_kind(DELIVERIES) == []
    assert kit.payloads.rendered == []
    assert set(kit.store.table(DISPATCHED)) == {event.id}
    assert kit.queue.deliveries == []


async def test_the_relay_renders_with_the_endpoint_options() -> None:
    kit = WebhookKit()
    options = PayloadOptions(include_billing_details=True, source_system="erp")
    endpoint = put_endpoint(kit, A, ("target.created",))
    endpoint.settings = settings(types=("target.created",), options=options)
    event = put_event(kit, A, "target.created")
    await _dispatcher(kit)()
    assert kit.payloads.rendered == [(event, None, options)]
    assert _made(kit) == {(endpoint.id, event.id)}


async def test_an_event_already_delivered_to_an_endpoint_makes_no_second_delivery() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    event = put_event(kit)
    earlier = put_delivery(kit, endpoint, event_id=event.id)
    assert await _dispatcher(kit)() == 1
    assert [d.id for d in kit.of_kind(DELIVERIES)] == [earlier.id]
    assert kit.queue.deliveries == []
    assert set(kit.store.table(DISPATCHED)) == {event.id}


async def test_nothing_pending_means_nothing_to_do() -> None:
    kit = WebhookKit()
    put_endpoint(kit)
    assert await _dispatcher(kit)() == 0
    assert kit.outbox.rollbacks == 1
    assert kit.outbox.commits == 0
    assert (kit.queue.deliveries, kit.queue.dispatches) == ([], [])


async def test_a_full_batch_asks_for_another_relay() -> None:
    kit = WebhookKit(policy=WebhookPolicy(dispatch_batch=2))
    events = [put_event(kit, A, "customer.registered") for _ in range(3)]
    relay = _dispatcher(kit)
    assert await relay() == 2
    assert kit.queue.dispatches == [1]
    assert pending_events(kit.store) == [events[2]]
    assert await relay() == 1
    assert kit.queue.dispatches == [1]
    assert pending_events(kit.store) == []


async def test_an_event_that_cannot_be_rendered_rolls_the_batch_back() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    fine = put_event(kit)
    broken = put_event(kit)
    kit.payloads.fail_on = {broken.id}
    with pytest.raises(RuntimeError, match="cannot render"):
        await _dispatcher(kit)()
    assert [e.id for e, _, _ in kit.payloads.rendered] == [fine.id, broken.id]
    assert kit.outbox.failures_noted == [broken.id]
    assert kit.store.table(DISPATCH_FAILURES) == {broken.id: 1}
    assert kit.of_kind(DELIVERIES) == []
    assert kit.store.table(DISPATCHED) == {}
    assert pending_events(kit.store) == [fine, broken]
    assert kit.queue.deliveries == []
    # The next relay (the event still failing) makes no delivery either; the endpoint is intact.
    with pytest.raises(RuntimeError):
        await _dispatcher(kit)()
    assert kit.store.table(DISPATCH_FAILURES) == {broken.id: 2}
    assert kit.of_kind(DELIVERIES) == []
    assert stored_endpoint(kit, endpoint.id).is_enabled


# --- one delivery attempt ----------------------------------------------------------------------


def _deliver(kit: WebhookKit) -> DeliverWebhook:
    return kit.build(DeliverWebhook)


def _attempts_of(kit: WebhookKit, delivery_id: UUID) -> list[DeliveryAttempt]:
    return [a for a in kit.of_kind(ATTEMPTS) if a.delivery_id == delivery_id]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"next_attempt_at": NOW + timedelta(seconds=1)}, id="not_due_yet"),
        pytest.param({"next_attempt_at": None}, id="no_next_attempt"),
        pytest.param({"status": DeliveryStatus.SUCCEEDED, "next_attempt_at": None}, id="succeeded"),
        pytest.param({"status": DeliveryStatus.FAILED, "next_attempt_at": None}, id="failed"),
        pytest.param({"status": DeliveryStatus.SUCCEEDED}, id="succeeded_with_time"),
        pytest.param(
            {"lease_until": NOW + timedelta(seconds=1), "lease_token": uuid4()}, id="leased"
        ),
    ],
)
async def test_nothing_due_sends_nothing(changes: dict[str, Any]) -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = put_delivery(kit, endpoint, **changes)
    before = state(kit)
    assert await _deliver(kit)(A, delivery.id) is None
    assert kit.sender.posts == []
    assert state(kit) == before


async def test_an_unknown_or_foreign_delivery_is_not_sent() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = put_delivery(kit, endpoint)
    assert await _deliver(kit)(A, uuid4()) is None
    assert await _deliver(kit)(B, delivery.id) is None
    assert kit.sender.posts == []
    assert stored_delivery(kit, delivery.id).attempts == 0


async def test_a_delivery_whose_lease_ran_out_is_sent_again() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = put_delivery(kit, endpoint, attempts=1, lease_until=NOW, lease_token=uuid4())
    assert await _deliver(kit)(A, delivery.id) is DeliveryStatus.SUCCEEDED
    assert len(kit.sender.posts) == 1
    stored = stored_delivery(kit, delivery.id)
    assert stored.attempts == 2
    assert [a.number for a in _attempts_of(kit, delivery.id)] == [2]


async def test_a_successful_attempt_is_signed_and_recorded() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit, failing_since=NOW - timedelta(days=1))
    delivery = put_delivery(kit, endpoint)

    assert await _deliver(kit)(A, delivery.id) is DeliveryStatus.SUCCEEDED

    [post] = kit.sender.posts
    assert post.url == URL
    assert post.body == delivery.body
    timestamp = int(NOW.timestamp())
    assert post.headers["webhook-id"] == str(delivery.event_id)
    assert post.headers["webhook-timestamp"] == str(timestamp)
    expected = signature_header([SECRET], str(delivery.event_id), timestamp, delivery.body)
    assert expected == sign(SECRET, str(delivery.event_id), timestamp, delivery.body)
    assert post.headers["webhook-signature"] == expected
    assert post.headers["content-type"] == "application/json"
    stored = stored_delivery(kit, delivery.id)
    assert stored.status is DeliveryStatus.SUCCEEDED
    assert (stored.attempts, stored.failures_in_row, stored.last_status_code) == (1, 0, 200)
    assert (stored.next_attempt_at, stored.lease_until, stored.lease_token) == (None, None, None)
    assert stored.last_attempt_at == NOW
    [attempt] = kit.of_kind(ATTEMPTS)
    assert (attempt.delivery_id, attempt.number, attempt.attempted_at, attempt.outcome) == (
        delivery.id,
        1,
        NOW,
        OK,
    )
    assert stored_endpoint(kit, endpoint.id).failing_since is None
    assert kit.of_kind("security_events") == []


async def test_during_a_rotation_both_secrets_sign() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(
        kit,
        previous_sealed_secret="sealed:" + OLD_SECRET,
        previous_secret_expires_at=NOW + timedelta(hours=1),
    )
    delivery = put_delivery(kit, endpoint)
    await _deliver(kit)(A, delivery.id)
    [post] = kit.sender.posts
    timestamp = int(NOW.timestamp())
    header = post.headers["webhook-signature"]
    assert header == signature_header(
        [SECRET, OLD_SECRET], str(delivery.event_id), timestamp, delivery.body
    )
    assert header.split(" ") == [
        sign(SECRET, str(delivery.event_id), timestamp, delivery.body),
        sign(OLD_SECRET, str(delivery.event_id), timestamp, delivery.body),
    ]


async def test_after_the_overlap_only_the_new_secret_signs() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(
        kit, previous_sealed_secret="sealed:" + OLD_SECRET, previous_secret_expires_at=NOW
    )
    delivery = put_delivery(kit, endpoint)
    await _deliver(kit)(A, delivery.id)
    [post] = kit.sender.posts
    timestamp = int(NOW.timestamp())
    assert post.headers["webhook-signature"] == sign(
        SECRET, str(delivery.event_id), timestamp, delivery.body
    )


async def test_a_failed_attempt_is_tried_again_later() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = put_delivery(kit, endpoint)
    kit.sender.answer(AttemptOutcome(duration_ms=40, status_code=500))

    assert await _deliver(kit)(A, delivery.id) is DeliveryStatus.FAILING

    stored = stored_delivery(kit, delivery.id)
    assert stored.status is DeliveryStatus.FAILING
    assert stored.next_attempt_at == NOW + timedelta(seconds=5)
    assert RETRY_SCHEDULE[1] == timedelta(seconds=5)
    assert (stored.failures_in_row, stored.last_status_code) == (1, 500)
    assert (stored.lease_until, stored.lease_token) == (None, None)
    [attempt] = _attempts_of(kit, delivery.id)
    assert attempt.outcome.status_code == 500
    endpoint_now = stored_endpoint(kit, endpoint.id)
    assert endpoint_now.failing_since == NOW
    assert endpoint_now.is_enabled
    assert kit.of_kind("security_events") == []
    assert events_of(kit, "webhook_endpoint.disabled") == []


async def test_a_second_failure_keeps_when_the_streak_began() -> None:
    kit = WebhookKit()
    began = NOW - timedelta(days=2)
    endpoint = put_endpoint(kit, failing_since=began)
    delivery = put_delivery(kit, endpoint)
    kit.sender.answer(AttemptOutcome(duration_ms=40, status_code=503))
    await _deliver(kit)(A, delivery.id)
    assert stored_endpoint(kit, endpoint.id).failing_since == began
    assert stored_endpoint(kit, endpoint.id).is_enabled


@pytest.mark.parametrize(
    ("failing_for", "disabled"),
    [
        (timedelta(days=5), True),
        (timedelta(days=6), True),
        (timedelta(days=5) - timedelta(seconds=1), False),
    ],
)
async def test_an_endpoint_failing_for_five_days_is_disabled(
    failing_for: timedelta, disabled: bool
) -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit, failing_since=NOW - failing_for)
    delivery = put_delivery(kit, endpoint)
    kit.sender.answer(AttemptOutcome(duration_ms=40, error_class=ErrorClass.TIMEOUT))

    await _deliver(kit)(A, delivery.id)

    stored = stored_endpoint(kit, endpoint.id)
    assert stored_delivery(kit, delivery.id).status is DeliveryStatus.FAILING
    if not disabled:
        assert stored.is_enabled
        assert kit.of_kind("security_events") == []
        assert events_of(kit, "webhook_endpoint.disabled") == []
        return
    assert stored.status is EndpointStatus.DISABLED
    assert (stored.disabled_reason, stored.disabled_at) == (DisabledReason.FAILING, NOW)
    [security] = kit.of_kind("security_events")
    assert (security.kind, security.tenant_id) == (SecurityEventKind.WEBHOOK_ENDPOINT_DISABLED, A)
    [event] = events_of(kit, "webhook_endpoint.disabled")
    assert (event.subject_id, event.payload, event.actor_type) == (
        endpoint.id,
        {"reason": "failing"},
        "system",
    )


async def test_a_gone_endpoint_is_disabled_at_once() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit)
    delivery = put_delivery(kit, endpoint)
    kit.sender.answer(AttemptOutcome(duration_ms=40, status_code=410))

    assert await _deliver(kit)(A, delivery.id) is DeliveryStatus.FAILED

    stored = stored_delivery(kit, delivery.id)
    assert (stored.status, stored.next_attempt_at, stored.last_status_code) == (
        DeliveryStatus.FAILED,
        None,
        410,
    )
    endpoint_now = stored_endpoint(kit, endpoint.id)
    assert endpoint_now.status is EndpointStatus.DISABLED
    assert endpoint_now.disabled_reason is DisabledReason.GONE
    [security] = kit.of_kind("security_events")
    assert security.kind is SecurityEventKind.WEBHOOK_ENDPOINT_DISABLED
    [event] = events_of(kit, "webhook_endpoint.disabled")
    assert event.payload == {"reason": "gone"}


async def test_nothing_is_sent_to_a_disabled_endpoint() -> None:
    kit = WebhookKit()
    endpoint = put_endpoint(kit, status=EndpointStatus.DISABLED)
    delivery = put_delivery(kit, endpoint)

    assert await _deliver(kit)(A, delivery.id) is DeliveryStatus.FAILED

    assert kit.sender.posts == []
    stored = stored_delivery(kit, delivery.id)
    assert (stored.status, stored.next_attempt_at) == (DeliveryStatus.FAILED, None)
    assert (stored.lease_until, stored.lease_token) == (None, None)
    [attempt] = _attempts_of(kit, delivery.id)
    assert attempt.outcome.error_class is ErrorClass.ENDPOINT_DISABLED
    assert (attempt.number, attempt.attempted_at) == (1, NOW)
    assert kit.of_kind("security_events") == []


async def test_a_lost_lease_records_the_attempt_and_nothing_else() -> None:
    kit = WebhookKit()
    began = NOW - timedelta(days=6)
    endpoint = put_endpoint(kit, failing_since=began)
    delivery = put_delivery(kit, endpoint)
    other_worker = uuid4()

    def take_over() -> None:
        # The lease ran out meanwhile and another worker claimed the delivery.
        row = kit.store.table(DELIVERIES)[delivery.id]
        row.lease_token = other_worker
        row.lease_until = NOW + timedelta(minutes=2)
        row.attempts += 1

    kit.sender.during_post = take_over
    kit.sender.answer(AttemptOutcome(duration_ms=40, status_code=500))

    await _deliver(kit)(A, delivery.id)

    assert len(kit.sender.posts) == 1
    [attempt] = _attempts_of(kit, delivery.id)
    assert attempt.outcome.status_code == 500
    stored = stored_delivery(kit, delivery.id)
    assert stored.status is DeliveryStatus.PENDING
    assert (stored.lease_token, stored.lease_until) == (other_worker, NOW + timedelta(minutes=2))
    assert (stored.attempts, stored.failures_in_row, stored.last_status_code) == (2, 0, None)
    assert stored.next_attempt_at == NOW
    endpoint_now = stored_endpoint(kit, endpoint.id)
    assert endpoint_now.is_enabled
    assert endpoint_now.failing_since == began
    assert kit.of_kind("security_events") == []
    assert events_of(kit, "webhook_endpoint.disabled") == []


# --- the sweeper -------------------------------------------------------------------------------


async def test_the_sweeper_queues_relays_and_due_deliveries() -> None:
    kit = WebhookKit()
    for _ in range(250):
        put_event(kit)
    mine = put_endpoint(kit)
    theirs = put_endpoint(kit, B)
    due = [
        put_delivery(kit, mine),
        put_delivery(kit, mine, status=DeliveryStatus.FAILING, next_attempt_at=NOW),
        put_delivery(kit, mine, lease_until=NOW - timedelta(seconds=1), lease_token=uuid4()),
        put_delivery(kit, theirs, status=DeliveryStatus.FAILING, failures_in_row=2),
    ]
    put_delivery(kit, mine, status=DeliveryStatus.FAILING, next_attempt_at=NOW + timedelta(1))
    put_delivery(kit, mine, lease_until=NOW + timedelta(seconds=30), lease_token=uuid4())
    put_delivery(kit, mine, status=DeliveryStatus.SUCCEEDED, next_attempt_at=None)
    failed(kit, mine)
    before = state(kit)

    swept = await kit.build(SweepOutbox)()

    assert swept == Swept(pending_events=250, due_deliveries=4)
    assert len(kit.queue.dispatches) == 3
    assert sorted(kit.queue.deliveries) == sorted((d.tenant_id, d.id) for d in due)
    assert len(kit.queue.deliveries) == 4
    assert state(kit) == before
    assert (kit.outbox.rollbacks, kit.outbox.commits) == (1, 0)


@pytest.mark.parametrize(("pending", "relays"), [(0, 0), (1, 1), (100, 1), (101, 2), (1001, 10)])
async def test_the_sweeper_asks_for_one_relay_per_batch(pending: int, relays: int) -> None:
    kit = WebhookKit()
    for _ in range(pending):
        put_event(kit)
    swept = await kit.build(SweepOutbox)()
    assert len(kit.queue.dispatches) == relays
    assert swept.pending_events == min(pending, 1000)
    assert swept.due_deliveries == 0
    assert kit.queue.deliveries == []
