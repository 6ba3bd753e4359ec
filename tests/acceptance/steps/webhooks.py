"""Steps about webhooks: systems that receive them, endpoints, deliveries and the worker.

A "system" is a real HTTP receiver on this machine. Deliveries are checked with the reference
Standard Webhooks library, never with the code that signed them.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.vocabulary import EVENT_TYPES
from tests.acceptance.world import World
from tests.support.receiver import Answer, Receiver

LONG_AGO = "2000-01-01T00:00:00Z"


def _receiver(world: World, system: str) -> Receiver:
    receivers: dict[str, Receiver] = world.remembered["receivers"]
    return receivers[system]


def _endpoint(world: World, system: str) -> dict[str, Any]:
    return world.record("endpoint", system)


def _admin_headers(world: World, system: str) -> dict[str, str]:
    return world.admin(_endpoint(world, system)["tenant"])


def _register(
    world: World, person: str, system: str, event_types: list[str], **options: Any
) -> Any:
    response = world.h.internal.post(
        "/webhooks",
        json={"url": _receiver(world, system).url, "eventTypes": event_types, **options},
        headers=world.as_person(person),
    )
    if response.status_code == 201:
        body = response.json()
        world.remember(
            "endpoint",
            system,
            body | {"tenant": world.person(person).tenant, "secrets": [body["secret"]]},
        )
    return response


def _admin_get(world: World, system: str, path: str, **params: Any) -> Any:
    """Read as the endpoint's tenant admin, signing in again if the clock ran past the token."""
    answer = world.h.internal.get(path, params=params, headers=_admin_headers(world, system))
    if answer.status_code == 401:
        tenant = _endpoint(world, system)["tenant"]
        world.admins[tenant] = world.h.log_in_admin(world.slug(tenant))
        answer = world.h.internal.get(path, params=params, headers=_admin_headers(world, system))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _deliveries(world: World, system: str) -> list[dict[str, Any]]:
    path = f"/webhooks/{_endpoint(world, system)['id']}/deliveries"
    return _admin_get(world, system, path, limit=100)["items"]


def _the_delivery(world: World, system: str) -> dict[str, Any]:
    """The endpoint's newest delivery."""
    deliveries = _deliveries(world, system)
    assert deliveries, f"{system} has no delivery"
    return deliveries[0]


def _received(world: World, system: str) -> list[Any]:
    return list(_receiver(world, system).requests)


# --- setup -----------------------------------------------------------------------------------


@given(P('the system "{system}" receives webhooks'))
def system_receives(world: World, system: str) -> None:
    """A receiving system listens on this machine and answers every delivery with 200."""
    receivers: dict[str, Receiver] = world.remembered.setdefault("receivers", {})
    free = world.remembered["free_receivers"]
    receivers[system] = free.pop(0)


@given(P('"{person}" has registered "{system}" for "{event_type}"'))
def has_registered(world: World, person: str, system: str, event_type: str) -> None:
    """The system's address is registered as an endpoint for one event type."""
    response = _register(world, person, system, [EVENT_TYPES[event_type]])
    assert response.status_code == 201, response.text


@given(P('"{person}" has registered "{system}" for "{event_type}" with billing details'))
def has_registered_with_billing(world: World, person: str, system: str, event_type: str) -> None:
    """As above, and the endpoint opted in to billing details."""
    response = _register(
        world, person, system, [EVENT_TYPES[event_type]], includeBillingDetails=True
    )
    assert response.status_code == 201, response.text


@given(
    P(
        '"{person}" has registered "{system}" for "{first}" and "{second}" '
        'as the source system "{source}"'
    )
)
def has_registered_as_source(
    world: World, person: str, system: str, first: str, second: str, source: str
) -> None:
    """Two event types; external references of that source system only."""
    response = _register(world, person, system, [first, second], sourceSystem=source)
    assert response.status_code == 201, response.text


@given(P('"{system}" answers every delivery with the status {status:d}'))
def answers_every(world: World, system: str, status: int) -> None:
    """From now on the system answers each delivery with this HTTP status."""
    _receiver(world, system).always(Answer(status=status, body=f"status {status}".encode()))


@given(
    P('"{system}" answers the next delivery with the status {status:d} and a wait of {s:d} seconds')
)
def answers_next_with_wait(world: World, system: str, status: int, s: int) -> None:
    """The next delivery gets this status and a Retry-After; later ones get 200."""
    _receiver(world, system).answer(Answer(status=status, headers={"Retry-After": str(s)}))


@given(P('"{system}" answers the next delivery with a redirect'))
def answers_next_with_redirect(world: World, system: str) -> None:
    """The next delivery is answered 302 with a Location on the same receiver."""
    receiver = _receiver(world, system)
    answer = Answer(status=302, headers={"Location": receiver.url + "/moved"})
    receiver.answer(answer)


# --- acts ------------------------------------------------------------------------------------


@when(P('"{person}" registers "{system}" for "{event_type}"'))
def registers(world: World, person: str, system: str, event_type: str) -> None:
    """Someone registers the system's address as an endpoint for one event type."""
    world.response = _register(world, person, system, [event_type])


@when(P('"{person}" registers an endpoint at "{address}" for "{event_type}"'))
def registers_address(world: World, person: str, address: str, event_type: str) -> None:
    """Someone registers any address as an endpoint."""
    world.response = world.h.internal.post(
        "/webhooks",
        json={"url": address, "eventTypes": [event_type]},
        headers=world.as_person(person),
    )


@when(P('"{person}" registers an endpoint at "{address}" with a secret of her own'))
@when(P('"{person}" registers an endpoint at "{address}" with a secret of his own'))
def registers_with_secret(world: World, person: str, address: str) -> None:
    """The body also tries to choose the signing secret."""
    world.response = world.h.internal.post(
        "/webhooks",
        json={
            "url": address,
            "eventTypes": ["report.published"],
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        },
        headers=world.as_person(person),
    )


@when(P('"{person}" registers an endpoint at "{address}" for another tenant'))
def registers_for_other_tenant(world: World, person: str, address: str) -> None:
    """The body also names a tenant."""
    world.response = world.h.internal.post(
        "/webhooks",
        json={
            "url": address,
            "eventTypes": ["report.published"],
            "tenantId": "01a237de-0000-7000-8000-000000000001",
        },
        headers=world.as_person(person),
    )


@when(P('"{person}" lists the webhook endpoints'))
def lists_endpoints(world: World, person: str) -> None:
    """Someone asks for the tenant's webhook endpoints."""
    world.response = world.h.internal.get("/webhooks", headers=world.as_person(person))


@when(P('"{person}" opens the endpoint "{system}"'))
def looks_at_endpoint(world: World, person: str, system: str) -> None:
    """Someone opens one endpoint."""
    world.response = world.h.internal.get(
        f"/webhooks/{_endpoint(world, system)['id']}", headers=world.as_person(person)
    )


@when(P('"{person}" opens the delivery log of "{system}"'))
def looks_at_deliveries(world: World, person: str, system: str) -> None:
    """Someone opens an endpoint's delivery log."""
    world.response = world.h.internal.get(
        f"/webhooks/{_endpoint(world, system)['id']}/deliveries",
        headers=world.as_person(person),
    )


@when(P('"{person}" sends a test event to "{system}"'))
def sends_test_event(world: World, person: str, system: str) -> None:
    """Someone asks for a webhook.test delivery to the endpoint."""
    world.response = world.h.internal.post(
        f"/webhooks/{_endpoint(world, system)['id']}/test", headers=world.as_person(person)
    )


@past('"{person}" has disabled the endpoint "{system}"')
@when(P('"{person}" disables the endpoint "{system}"'))
def disables(world: World, person: str, system: str) -> None:
    """Someone switches the endpoint off."""
    world.response = world.h.internal.post(
        f"/webhooks/{_endpoint(world, system)['id']}/disable", headers=world.as_person(person)
    )
    assert world.response.status_code == 200, world.response.text


@when(P('"{person}" enables the endpoint "{system}"'))
def enables(world: World, person: str, system: str) -> None:
    """Someone switches the endpoint on again."""
    world.response = world.h.internal.post(
        f"/webhooks/{_endpoint(world, system)['id']}/enable", headers=world.as_person(person)
    )
    assert world.response.status_code == 200, world.response.text


@past('"{person}" has rotated the secret of "{system}"')
@when(P('"{person}" rotates the secret of "{system}"'))
def rotates_secret(world: World, person: str, system: str) -> None:
    """Someone asks for a new signing secret; the old one signs for one more day."""
    world.response = world.h.internal.post(
        f"/webhooks/{_endpoint(world, system)['id']}/rotate-secret",
        headers=world.as_person(person),
    )
    assert world.response.status_code == 200, world.response.text
    _endpoint(world, system)["secrets"].append(world.response.json()["secret"])


@when(P('"{person}" re-sends the delivery to "{system}"'))
def resends(world: World, person: str, system: str) -> None:
    """Someone sends the endpoint's newest delivery again."""
    delivery = _the_delivery(world, system)
    world.response = world.h.internal.post(
        f"/webhook-deliveries/{delivery['id']}/resend", headers=world.as_person(person)
    )
    assert world.response.status_code == 202, world.response.text


@when(P('"{system}" accepts deliveries again'))
def accepts_again(world: World, system: str) -> None:
    """The system answers 200 from now on."""
    _receiver(world, system).always(Answer())


@when(P("the worker has caught up"))
def worker_caught_up(world: World) -> None:
    """The background worker has handed out every event and sent what is due by now."""
    world.h.run_worker()


@when(P("the worker keeps trying for {days:d} days"))
@when(P("the worker keeps trying for {days:d} day"))
def worker_keeps_trying(world: World, days: int) -> None:
    """Time moves on to each retry the worker has planned, for this long, and it sends them."""
    from datetime import timedelta

    end = world.h.clock.now() + timedelta(days=days)
    world.h.run_worker()
    while True:
        due = [
            datetime.fromisoformat(d["nextAttemptAt"])
            for system in world.remembered.get("receivers", {})
            if ("endpoint", system) in world.records
            for d in _deliveries(world, system)
            if d.get("nextAttemptAt")
        ]
        upcoming = min(due, default=None)
        if upcoming is None or upcoming > end:
            break
        world.h.clock.advance(max(upcoming - world.h.clock.now(), timedelta(0)))
        world.h.run_worker()
    world.h.clock.advance(max(end - world.h.clock.now(), timedelta(0)))
    world.everyone_signs_in_again()  # days went by: staff sign in again


# --- outcomes --------------------------------------------------------------------------------


@then(P('"{system}" has received "{event_type}" about the {kind} "{name}"'))
def has_received_about(world: World, system: str, event_type: str, kind: str, name: str) -> None:
    """A delivery of this event type arrived and its data names that record."""
    record_id = world.id_of(kind, name)
    found = [
        r
        for r in _received(world, system)
        if r.json()["type"] == event_type and record_id in json.dumps(r.json()["data"])
    ]
    assert found, [r.json()["type"] for r in _received(world, system)]


@then(P('"{system}" has received "{event_type}"'))
def has_received(world: World, system: str, event_type: str) -> None:
    """A delivery of this event type arrived."""
    assert event_type in [r.json()["type"] for r in _received(world, system)]


@then(P('"{system}" has received nothing else'))
def received_nothing_else(world: World, system: str) -> None:
    """Exactly one delivery arrived: what the endpoint subscribed to and nothing more."""
    assert len(_received(world, system)) == 1, [r.json()["type"] for r in _received(world, system)]


@then(P('"{system}" has received nothing'))
def received_nothing(world: World, system: str) -> None:
    """No delivery arrived at all."""
    assert _received(world, system) == []


@then(P('"{system}" has received {count:d} delivery'))
@then(P('"{system}" has received {count:d} deliveries'))
def received_count(world: World, system: str, count: int) -> None:
    """This many requests arrived (a redirect is not followed, so it makes no second one)."""
    assert len(_received(world, system)) == count


@then(P('every delivery "{system}" received is signed with its secret'))
def every_delivery_signed(world: World, system: str) -> None:
    """Each request carries the Standard Webhooks headers and a signature that verifies."""
    received = _received(world, system)
    assert received
    secret = _endpoint(world, system)["secrets"][-1]
    for request in received:
        assert request.headers["webhook-id"] == request.json()["id"]
        assert request.verifies_with(secret)
        assert not request.verifies_with(secret[:-4] + "AAA=")


@then(
    P('the last delivery "{system}" received is signed with its old secret and with its new secret')
)
def signed_with_both(world: World, system: str) -> None:
    """During the day after a rotation, both secrets verify."""
    old, new = _endpoint(world, system)["secrets"][-2:]
    last = _received(world, system)[-1]
    assert last.verifies_with(old) and last.verifies_with(new)


@then(P('the last delivery "{system}" received is signed with its new secret only'))
def signed_with_new_only(world: World, system: str) -> None:
    """A day after the rotation, the old secret no longer verifies."""
    old, new = _endpoint(world, system)["secrets"][-2:]
    last = _received(world, system)[-1]
    assert last.verifies_with(new) and not last.verifies_with(old)


@then(P('what "{system}" received mentions "{text}"'))
def received_mentions(world: World, system: str, text: str) -> None:
    """Some delivery's body holds the text."""
    assert any(text in r.body.decode() for r in _received(world, system))


@then(P('nothing "{system}" received carries a marker'))
def received_no_marker(world: World, system: str) -> None:
    """No planted marker (internal notes, billing, routing, references) in any body or header."""
    markers = world.remembered["markers"]
    assert markers
    received = _received(world, system)
    assert received
    for request in received:
        seen = request.body.decode() + json.dumps(request.headers)
        for field, marker in markers.items():
            assert marker not in seen, (field, request.json()["type"])


@then(P('what "{system}" received leaves out the billing details'))
def leaves_out_billing(world: World, system: str) -> None:
    """No delivery's data has a billingDetails field."""
    received = _received(world, system)
    assert received
    assert all("billingDetails" not in r.json()["data"] for r in received)


@then(P('what "{system}" received holds the billing details of "{work}"'))
def holds_billing(world: World, system: str, work: str) -> None:
    """The delivery carries the work's billing details, as the endpoint opted in."""
    expected = world.remembered["markers"]["billingDetails"]
    assert any(r.json()["data"].get("billingDetails") == expected for r in _received(world, system))


@then(P('the delivery to "{system}" is failing after {count:d} attempt'))
@then(P('the delivery to "{system}" is failing after {count:d} attempts'))
def delivery_failing(world: World, system: str, count: int) -> None:
    """The newest delivery failed so far, was tried this often, and is planned again."""
    delivery = _the_delivery(world, system)
    assert (delivery["status"], delivery["attempts"]) == ("failing", count), delivery
    assert delivery["nextAttemptAt"]


@then(P('the delivery to "{system}" has failed after {count:d} attempt'))
@then(P('the delivery to "{system}" has failed after {count:d} attempts'))
def delivery_failed(world: World, system: str, count: int) -> None:
    """The newest delivery was given up after this many attempts."""
    delivery = _the_delivery(world, system)
    assert (delivery["status"], delivery["attempts"]) == ("failed", count), delivery
    assert "nextAttemptAt" not in delivery
    attempts = _admin_get(
        world, system, f"/webhook-deliveries/{delivery['id']}/attempts", limit=100
    )["items"]
    assert len(attempts) == count
    assert all(a["errorClass"] for a in attempts)


@then(P('the delivery to "{system}" has succeeded'))
def delivery_succeeded(world: World, system: str) -> None:
    """The newest delivery was acknowledged with a 2xx."""
    delivery = _the_delivery(world, system)
    assert delivery["status"] == "succeeded", delivery
    assert 200 <= delivery["lastStatusCode"] < 300


@then(P('every delivery "{system}" received had the same webhook id and body'))
def same_id_and_body(world: World, system: str) -> None:
    """Retries and re-sends repeat the first request's id and bytes."""
    received = _received(world, system)
    assert len(received) > 1
    assert {r.webhook_id for r in received} == {received[0].webhook_id}
    assert {r.body for r in received} == {received[0].body}


@then(P('the endpoint "{system}" is enabled'))
def endpoint_enabled(world: World, system: str) -> None:
    """The endpoint still receives deliveries."""
    answer = _admin_get(world, system, f"/webhooks/{_endpoint(world, system)['id']}")
    assert answer["status"] == "enabled", answer


@then(P('the endpoint "{system}" is disabled because it kept failing'))
def disabled_failing(world: World, system: str) -> None:
    """Every attempt failed for five days, so the endpoint was switched off."""
    answer = _admin_get(world, system, f"/webhooks/{_endpoint(world, system)['id']}")
    assert (answer["status"], answer["disabledReason"]) == ("disabled", "failing"), answer


@then(P('the endpoint "{system}" is disabled because the receiver said it is gone'))
def disabled_gone(world: World, system: str) -> None:
    """The receiver answered 410 Gone, so the endpoint was switched off at once."""
    answer = _admin_get(world, system, f"/webhooks/{_endpoint(world, system)['id']}")
    assert (answer["status"], answer["disabledReason"]) == ("disabled", "gone"), answer


@then(P('"{tenant}" has no webhook endpoints'))
@then(P('"{tenant}" has {count:d} webhook endpoint'))
def endpoint_count(world: World, tenant: str, count: int = 0) -> None:
    """How many endpoints the tenant has (nothing refused was stored)."""
    answer = world.h.internal.get("/webhooks", headers=world.admin(tenant))
    assert len(answer.json()["items"]) == count


@then(P('the signing secret is shown, starting with "whsec_"'))
def shows_secret(world: World) -> None:
    """The registration answer carries the whsec_ secret, this once."""
    assert world.status == 201, world.response.text
    assert world.body()["secret"].startswith("whsec_")


@then(P("the endpoint is shown without its signing secret"))
def leaves_out_secret(world: World) -> None:
    """Reading the endpoint later never shows the secret, in any form."""
    assert world.status == 200, world.response.text
    secrets = [s.removeprefix("whsec_") for s in world.records[("endpoint", "ERP")]["secrets"]]
    assert "secret" not in world.body()
    assert all(s not in world.response.text for s in secrets)
