"""Steps about deleting a customer and erasing a contact person."""

from __future__ import annotations

from typing import Any

from pytest_bdd import then, when

from tests.acceptance.steps.phrases import P
from tests.acceptance.world import World

# What staff list, and the question that finds one customer's records in each list.
_LISTS = ("/customers", "/locations", "/contacts", "/targets", "/appointments", "/reports")


def _delete(world: World, person: str, customer: str, number: str, mode: str) -> None:
    record = world.record("customer", customer)
    world.response = world.h.internal.post(
        f"/customers/{record['id']}/delete",
        json={"confirmCustomerNumber": number, "mode": mode},
        headers=world.as_person(person),
    )


def _records_of(world: World, kind: str) -> list[dict[str, Any]]:
    return [body for (k, _), body in world.records.items() if k == kind]


def _everything(world: World, tenant: str, *, caught_up: bool = True) -> str:
    """Every list staff can read, as one text, after the background work has caught up (or
    before: the apps wake no worker of their own)."""
    if caught_up:
        world.h.run_worker()
    texts = []
    for path in _LISTS:
        response = world.h.internal.get(path, params={"limit": 100}, headers=world.admin(tenant))
        assert response.status_code == 200, response.text
        texts.append(response.text)
    return "\n".join(texts)


@when(P('"{person}" deletes the customer "{customer}", confirming with the number "{number}"'))
def deletes_customer(world: World, person: str, customer: str, number: str) -> None:
    """Deletes the customer and everything of it, once its number is typed again."""
    _delete(world, person, customer, number, "delete")


@when(P('"{person}" anonymises the customer "{customer}", confirming with the number "{number}"'))
def anonymises_customer(world: World, person: str, customer: str, number: str) -> None:
    """Replaces the customer's personal data and keeps its work and visits."""
    _delete(world, person, customer, number, "anonymise")


@when(P('"{person}" erases the contact "{contact}"'))
def erases_contact(world: World, person: str, contact: str) -> None:
    """Removes the contact person, its portal account and its personal data."""
    record = world.record("contact", contact)
    world.response = world.h.internal.post(
        f"/contacts/{record['id']}/erase", headers=world.as_person(person)
    )


@then(P('nothing of the customer "{customer}" appears anywhere'))
def nothing_appears(world: World, customer: str) -> None:
    """No list shows the customer, its locations, contacts, work, visits or reports."""
    _nothing_of(world, customer, caught_up=True)


@then(P('nothing of the customer "{customer}" appears anywhere while it is being deleted'))
def nothing_appears_meanwhile(world: World, customer: str) -> None:
    """Before the background work has removed anything, no list shows the customer or any
    record of it: the deletion hides them all at once."""
    _nothing_of(world, customer, caught_up=False)


def _nothing_of(world: World, customer: str, *, caught_up: bool) -> None:
    record = world.record("customer", customer)
    seen = _everything(world, record["tenant"], caught_up=caught_up)
    ids = [record["id"]] + [
        body["id"]
        for kind in ("location", "contact", "work", "visit")
        for body in _records_of(world, kind)
    ]
    assert not [i for i in ids if i in seen]
    assert customer not in seen


@then(P('the visit of "{work}" keeps its date'))
def visit_keeps_date(world: World, work: str) -> None:
    """The visit is still there, on the day and at the time it was planned."""
    visit = world.record("visit", work)
    tenant = world.record("work", work)["tenant"]
    response = world.h.internal.get(f"/appointments/{visit['id']}", headers=world.admin(tenant))
    assert response.status_code == 200, response.text
    assert response.json()["startsAt"] == visit["startsAt"]


@then(P('the names of "{customer}" and "{contact}" appear nowhere'))
def names_appear_nowhere(world: World, customer: str, contact: str) -> None:
    """No list shows the customer's name, or the contact's name or e-mail address."""
    record = world.record("customer", customer)
    seen = _everything(world, record["tenant"])
    email: Any = world.record("contact", contact).get("email")
    assert customer not in seen and contact not in seen and email not in seen
    assert "Deleted customer" in seen


@then(P('the customer "{customer}" is still there with its work'))
def customer_still_there(world: World, customer: str) -> None:
    """The customer and the work at its locations are listed as before."""
    record = world.record("customer", customer)
    seen = _everything(world, record["tenant"])
    assert record["id"] in seen
    assert all(work["id"] in seen for work in _records_of(world, "work"))


@then(P('the work "{work}" is still there, naming no contact person'))
def work_without_contact(world: World, work: str) -> None:
    """The work keeps its title and visit; it names no contact person any more."""
    record = world.record("work", work)
    response = world.h.internal.get(
        f"/targets/{record['id']}", headers=world.admin(record["tenant"])
    )
    assert response.status_code == 200, response.text
    assert response.json()["title"] == work
    assert response.json().get("contactId") is None
