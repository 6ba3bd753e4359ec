"""Steps about keeping tenants apart: another tenant's records do not exist for you."""

from __future__ import annotations

import uuid

from pytest_bdd import then, when

from tests.acceptance.steps.phrases import P
from tests.acceptance.vocabulary import ACTIONS, RECORD_KINDS, RECORD_KINDS_PLURAL, ScenarioMistake
from tests.acceptance.world import World

PATHS = RECORD_KINDS


def _request(world: World, person: str, action: str, kind: str, record_id: str):  # type: ignore[no-untyped-def]
    client, headers = world.h.internal, world.as_person(person)
    ACTIONS[action]
    base = f"/{PATHS[kind]}/{record_id}"
    if action == "look at":
        return client.get(base, headers=headers)
    if action == "change":
        return client.patch(base, json={"name": "Taken over"}, headers=headers)
    if action == "archive":
        return client.post(f"{base}/archive", headers=headers)
    if action == "disable":
        return client.post(f"{base}/disable", headers=headers)
    if action == "revoke":
        return client.post(f"{base}/revoke", headers=headers)
    raise ScenarioMistake(f"'{action}' is not something to try; use one of: {', '.join(ACTIONS)}.")


@when(P('"{person}" tries to {action} the {kind:W} "{name}"'))
def tries_to(world: World, person: str, action: str, kind: str, name: str) -> None:
    """Someone acts on a named record (typically one of another tenant)."""
    record_id = world.id_of(kind, name)
    world.response = _request(world, person, action, kind, record_id)
    world.remembered["missing"] = _request(world, person, action, kind, str(uuid.uuid4()))


@then("they are told it does not exist, exactly as for a record that never existed")
def told_it_does_not_exist(world: World) -> None:
    """404, with the same body (apart from the path) as for an id nobody ever used."""
    missing = world.remembered["missing"]
    assert world.status == 404, world.response.text
    assert missing.status_code == 404
    mine, theirs = world.body(), missing.json()
    mine.pop("instance"), theirs.pop("instance")
    assert mine == theirs


@when(P('"{person}" adds a location to the customer "{customer}"'))
def adds_location_to_other(world: World, person: str, customer: str) -> None:
    """Someone names a customer id in a request body (here: of another tenant)."""
    world.response = world.h.internal.post(
        "/locations",
        json={
            "customerId": world.id_of("customer", customer),
            "name": "Sneaky",
            "addressLine": "Nowhere 1",
            "city": "Nowhere",
            "country": "DE",
        },
        headers=world.as_person(person),
    )


@then(P('"{tenant}" still has {count:d} {kind}'))
def still_has(world: World, tenant: str, count: int, kind: str) -> None:
    """Counts a tenant's records of a kind (customers, locations, contacts, API keys)."""
    path = RECORD_KINDS_PLURAL[kind]
    response = world.h.internal.get(f"/{path}?limit=100", headers=world.admin(tenant))
    assert len(response.json()["items"]) == count


@then(P('the {kind:W} "{name}" is unchanged'))
def record_unchanged(world: World, kind: str, name: str) -> None:
    """The record is as it was: same name, not archived, disabled or revoked."""
    record = world.record(kind, name)
    if kind in ("user", "API key"):
        tenant = world.person(name).tenant
        listing = world.h.internal.get(f"/{PATHS[kind]}?limit=100", headers=world.admin(tenant))
        current = next(x for x in listing.json()["items"] if x["id"] == record["id"])
        assert current.get("disabledAt") is None and current.get("revokedAt") is None
        return
    response = world.h.internal.get(
        f"/{PATHS[kind]}/{record['id']}", headers=world.admin(record["tenant"])
    )
    current = response.json()
    assert current["name"] == record["name"]
    assert current["status"] == record["status"]
