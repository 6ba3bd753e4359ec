"""Steps about connected systems: a system sends its records by its own ids, the worker takes
them in, and the system learns what became of each one and of its work."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.vocabulary import IMPORT_OUTCOMES, MAPPED_FIELDS
from tests.acceptance.world import Person, World


def _system_of(world: World, sender: str) -> dict[str, Any]:
    return world.record("connected system", world.remembered[f"system of {sender}"])


def _send(world: World, sender: str, system: str | None = None, **records: Any) -> None:
    """The sender sends a batch for its system (or the one named); the worker takes it in."""
    source = world.record("connected system", system)["key"] if system else None
    body = {"source": source or _system_of(world, sender)["key"], **records}
    world.response = world.h.internal.post(
        "/connect/imports", json=body, headers=world.as_person(sender)
    )
    if world.status != 202:
        return
    job = world.response.json()
    world.h.run_worker()
    world.remembered["last import"] = (sender, job["id"])
    for result in _results(world, sender, job["id"]):
        if result["outcome"] in ("created", "updated", "unchanged"):
            world.remembered[f"record {result['kind']} {result['externalId']}"] = result["recordId"]


def _results(world: World, sender: str, job_id: str, **params: str) -> list[dict[str, Any]]:
    answer = world.h.internal.get(
        f"/connect/imports/{job_id}/results",
        params={"limit": 100, **params},
        headers=world.as_person(sender),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _last_job(world: World) -> dict[str, Any]:
    sender, job_id = world.remembered["last import"]
    answer = world.h.internal.get(f"/connect/imports/{job_id}", headers=world.as_person(sender))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _name(world: World, kind: str, name: str, reference: str, tenant: str) -> None:
    """Steps elsewhere find the record by its name."""
    record_id = world.remembered.get(f"record {kind} {reference}")
    if record_id is not None:
        thing = {"customer": "customer", "location": "location", "target": "work"}[kind]
        world.remember(thing, name, {"id": record_id, "tenant": tenant, "name": name})


# --- setup -----------------------------------------------------------------------------------


@given(P('"{person}" has connected the system "{system}" through "{sender}"'))
def has_connected(world: World, person: str, system: str, sender: str) -> None:
    """The system is registered, and a key bound to it may send and follow its records, and
    read and change customers and work (their external references: its system's only)."""
    tenant = world.person(person).tenant
    key = system.lower()
    made = world.h.internal.post(
        "/connect/sources", json={"key": key, "name": system}, headers=world.as_person(person)
    )
    assert made.status_code == 201, made.text
    issued = world.h.internal.post(
        "/api-keys",
        json={
            "name": sender,
            "scopes": ["connect:write", "core:read", "core:write", "work:read", "work:write"],
            "sourceSystem": key,
        },
        headers=world.as_person(person),
    )
    assert issued.status_code == 201, issued.text
    world.people[sender] = Person(sender, tenant, "integration", issued.json()["secret"])
    world.remember("connected system", system, {"key": key, "tenant": tenant})
    world.remembered[f"system of {sender}"] = system


@past('"{person}" has mapped the {field:W} "{value}" of "{system}" to "{meaning}"')
@when(P('"{person}" maps the {field:W} "{value}" of "{system}" to "{meaning}"'))
def maps_value(
    world: World, person: str, field: str, value: str, system: str, meaning: str
) -> None:
    """A tenant admin says what the system means by one of its values."""
    key = world.record("connected system", system)["key"]
    world.response = world.h.internal.post(
        f"/connect/sources/{key}/value-mappings",
        json={"field": MAPPED_FIELDS[field], "externalValue": value, "internalValue": meaning},
        headers=world.as_person(person),
    )


# --- sending ---------------------------------------------------------------------------------


@past('"{sender}" has sent the customer "{customer}" known there as "{reference}"')
@when(P('"{sender}" sends the customer "{customer}" known there as "{reference}"'))
def sends_customer(world: World, sender: str, customer: str, reference: str) -> None:
    """The system sends one customer under its own id; the worker takes it in."""
    _send(world, sender, customers=[{"externalId": reference, "name": customer}])
    _name(world, "customer", customer, reference, world.person(sender).tenant)


@when(P('"{sender}" sends the customer "{customer}" known to "{system}" as "{reference}"'))
def sends_customer_of(
    world: World, sender: str, customer: str, system: str, reference: str
) -> None:
    """The sender tries to send a customer under another system's id."""
    _send(world, sender, system, customers=[{"externalId": reference, "name": customer}])


@past(
    '"{sender}" has sent the location "{location}" in "{city}" known there as "{reference}" '
    'for "{customer_reference}"'
)
def sends_location(
    world: World, sender: str, location: str, city: str, reference: str, customer_reference: str
) -> None:
    """The system sends a location of one of its customers, naming the customer by its id."""
    _send(
        world,
        sender,
        locations=[
            {
                "externalId": reference,
                "customerExternalId": customer_reference,
                "name": location,
                "addressLine": "Main Street 1",
                "city": city,
                "country": "DE",
            }
        ],
    )
    _name(world, "location", location, reference, world.person(sender).tenant)


def _work(reference: str, work: str, customer_reference: str, **more: str) -> dict[str, Any]:
    return {"externalId": reference, "customerExternalId": customer_reference, "title": work} | (
        more
    )


@past(
    '"{sender}" has sent the work "{work}" known there as "{reference}" '
    'for "{customer_reference}" at "{location_reference}"'
)
def sends_work_at(
    world: World,
    sender: str,
    work: str,
    reference: str,
    customer_reference: str,
    location_reference: str,
) -> None:
    """The system sends work at one of its locations, naming both by its own ids."""
    record = _work(reference, work, customer_reference, locationExternalId=location_reference)
    _send(world, sender, targets=[record])
    _name(world, "target", work, reference, world.person(sender).tenant)


@past(
    '"{sender}" has sent the work "{work}" known there as "{reference}" '
    'for "{customer_reference}" with the status "{status}"'
)
@when(
    P(
        '"{sender}" sends the work "{work}" known there as "{reference}" '
        'for "{customer_reference}" with the status "{status}"'
    )
)
def sends_work_with_status(
    world: World, sender: str, work: str, reference: str, customer_reference: str, status: str
) -> None:
    """The system sends work with a status in its own words."""
    _send(world, sender, targets=[_work(reference, work, customer_reference, status=status)])
    _name(world, "target", work, reference, world.person(sender).tenant)


@when(P('"{sender}" looks at what it has sent'))
def looks_at_imports(world: World, sender: str) -> None:
    """The sender lists the batches it can see."""
    world.response = world.h.internal.get("/connect/imports", headers=world.as_person(sender))


# --- outcomes --------------------------------------------------------------------------------


@then(P("the last batch changed nothing"))
def last_batch_changed_nothing(world: World) -> None:
    """Every record of the last batch was as the system had sent it before."""
    job = _last_job(world)
    assert job["state"] == "done" and job["unchanged"] is True, job


@then(P('the record "{reference}" was {outcome:W}'))
def record_was(world: World, reference: str, outcome: str) -> None:
    """What became of one record of the last batch."""
    sender, job_id = world.remembered["last import"]
    found = [r for r in _results(world, sender, job_id) if r["externalId"] == reference]
    assert [r["outcome"] for r in found] == [IMPORT_OUTCOMES[outcome]], found


@then(P('the record "{reference}" was skipped because its {field:W} "{value}" is unknown'))
def skipped_for_value(world: World, reference: str, field: str, value: str) -> None:
    """The record was held back with a mapping warning naming the field and the value."""
    sender, job_id = world.remembered["last import"]
    found = [
        r
        for r in _results(world, sender, job_id, outcome="skipped")
        if r["externalId"] == reference
    ]
    assert len(found) == 1, found
    (warning,) = found[0]["warnings"]
    assert warning["code"] == "unknown_value"
    assert warning["field"] == MAPPED_FIELDS[field].split(".")[1]
    assert warning["value"] == value
    assert warning["message"]


@then(P('"{tenant}" has one customer "{customer}"'))
def has_one_customer(world: World, tenant: str, customer: str) -> None:
    """The tenant's customer list holds this customer once, and nobody else."""
    answer = world.h.internal.get("/customers", headers=world.admin(tenant))
    assert answer.status_code == 200, answer.text
    assert [c["name"] for c in answer.json()["items"]] == [customer]


def _customer_routes(world: World, customer: str) -> list[str]:
    """Every route that shows the customer, its work or its history."""
    customer_id = world.id_of("customer", customer)
    return [
        "/customers",
        f"/customers/{customer_id}",
        f"/customers/{customer_id}/timeline",
        f"/targets?customerId={customer_id}",
        *(f"/targets/{t}" for t in world.remembered.get(f"work of {customer_id}", [])),
    ]


def _read_customer(world: World, reader: str, customer: str) -> str:
    headers = world.as_person(reader)
    customer_id = world.id_of("customer", customer)
    work = world.h.internal.get(
        "/targets",
        params={"customerId": customer_id},
        headers=world.admin(world.person(reader).tenant),
    )
    world.remembered[f"work of {customer_id}"] = [t["id"] for t in work.json()["items"]]
    bodies = []
    for path in _customer_routes(world, customer):
        answer = world.h.internal.get(path, headers=headers)
        assert answer.status_code == 200, f"{path}: {answer.text}"
        assert customer_id in answer.text, path
        bodies.append(answer.text)
    return "\n".join(bodies)


@when(P('"{reader}" reads the customer "{customer}" and its work'))
def reads_customer_and_work(world: World, reader: str, customer: str) -> None:
    """The key reads the customer list, the customer, its timeline, its work list and each
    work item."""
    world.remembered["read"] = (reader, customer, _read_customer(world, reader, customer))


@then(P('it sees no id that "{system}" gave them, while "{owner}" sees its "{reference}"'))
def sees_no_foreign_ids(world: World, system: str, owner: str, reference: str) -> None:
    """None of the routes shows the other system's ids (its references name the system by
    its key) or names it as a source; the same routes read by that system's own key do.
    The customer's number may equal the system's id: it is the customer's, not a reference."""
    _, customer, seen = world.remembered["read"]
    key = world.record("connected system", system)["key"]
    for text in (reference, f'"{key}"'):
        assert text not in seen, text
    own = _read_customer(world, owner, customer)
    for text in (reference, f'"system":"{key}"', f'"source":"{key}"'):
        assert text in own, text


@then(P("it sees nothing that was sent"))
def sees_no_imports(world: World) -> None:
    """The last list of batches is empty."""
    assert world.status == 200, world.response.text
    assert world.response.json()["items"] == []


@then(P('the timeline shows that "{work}" was imported from "{system}"'))
def timeline_shows_imported(world: World, work: str, system: str) -> None:
    """The last timeline read holds an "imported" entry about the work, naming the system."""
    assert world.status == 200, world.response.text
    entries = [
        e
        for e in world.response.json()["items"]
        if e.get("workId") == world.id_of("work", work) and e["type"].endswith(".imported")
    ]
    assert len(entries) == 1, world.response.json()
    assert entries[0]["details"].get("source") == world.record("connected system", system)["key"]


@then(P('nothing "{contact}" sees of "{work}" names "{reference}"'))
def portal_hides_reference(world: World, contact: str, work: str, reference: str) -> None:
    """The contact's list of work shows the work, and neither it nor the portal timeline
    shows the system's id."""
    headers = world.as_person(contact)
    listed = world.h.portal.get("/work", headers=headers)
    assert listed.status_code == 200, listed.text
    assert work in listed.text
    assert reference not in listed.text
    timeline = world.h.portal.get("/timeline", headers=headers)
    assert reference not in timeline.text


@then(P('"{system}" has received the status of "{work}" under its own id "{reference}"'))
def received_status_with_id(world: World, system: str, work: str, reference: str) -> None:
    """A status change of the work reached the system, naming the work by the system's id."""
    receiver = world.remembered["receivers"][system]
    bodies = [r.json() for r in receiver.requests]
    found = [
        b["data"]
        for b in bodies
        if b["type"] == "target.status_changed" and b["data"]["id"] == world.id_of("work", work)
    ]
    assert found, bodies
    assert found[-1]["externalId"] == reference
    assert found[-1]["source"] == world.record("connected system", system)["key"]
