"""Steps about customers, their locations and their contact persons (internal side)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.vocabulary import CUSTOMER_STATUSES, FIELDS, LANGUAGES, RECORD_KINDS
from tests.acceptance.world import World


def _create_customer(
    world: World, tenant: str, name: str, headers: dict[str, str], **extra: Any
) -> Any:
    body = {
        "name": name,
        "customerNumber": extra.pop("number", None) or world.new_number(),
        **extra,
    }
    return world.h.internal.post("/customers", json=body, headers=headers)


def _add_contact(world: World, customer: str, contact: str, **fields: Any) -> None:
    record = world.record("customer", customer)
    response = world.h.internal.post(
        "/contacts",
        json={"customerId": record["id"], "name": contact, **fields},
        headers=world.admin(record["tenant"]),
    )
    assert response.status_code == 201, response.text
    world.remember("contact", contact, response.json() | {"tenant": record["tenant"]})


# --- setup ---------------------------------------------------------------------------------


@given(P('"{tenant}" has a customer "{customer}"'))
def tenant_has_customer(world: World, tenant: str, customer: str) -> None:
    """Registers a customer in the tenant (as its tenant admin)."""
    response = _create_customer(world, tenant, customer, world.admin(tenant))
    assert response.status_code == 201, response.text
    world.remember("customer", customer, response.json() | {"tenant": tenant})


@given(P('"{tenant}" has a customer "{customer}" with the number "{number}"'))
def tenant_has_numbered_customer(world: World, tenant: str, customer: str, number: str) -> None:
    """Registers a customer with a given customer number."""
    response = _create_customer(world, tenant, customer, world.admin(tenant), number=number)
    assert response.status_code == 201, response.text
    world.remember("customer", customer, response.json() | {"tenant": tenant})


@given(P('the customer "{customer}" has the internal note "{note}"'))
def customer_has_note(world: World, customer: str, note: str) -> None:
    """Writes an internal note on the customer (only staff who may see notes read it)."""
    record = world.record("customer", customer)
    response = world.h.internal.patch(
        f"/customers/{record['id']}",
        json={"internalNotes": note},
        headers=world.admin(record["tenant"]),
    )
    assert response.status_code == 200, response.text


@given(P('the customer "{customer}" is known as "{reference}" in "{system}"'))
def customer_has_reference(world: World, customer: str, reference: str, system: str) -> None:
    """Records the customer's id in another system (an external reference)."""
    record = world.record("customer", customer)
    response = world.h.internal.patch(
        f"/customers/{record['id']}",
        json={"externalReferences": [{"system": system, "reference": reference}]},
        headers=world.admin(record["tenant"]),
    )
    assert response.status_code == 200, response.text


@given(P('the customer "{customer}" has a location "{location}" in "{city}"'))
def customer_has_location(world: World, customer: str, location: str, city: str) -> None:
    """Adds a site to the customer."""
    record = world.record("customer", customer)
    response = world.h.internal.post(
        "/locations",
        json={
            "customerId": record["id"],
            "name": location,
            "addressLine": "Hauptstraße 1",
            "city": city,
            "country": "DE",
            "accessNotes": "Key at the front desk",
        },
        headers=world.admin(record["tenant"]),
    )
    assert response.status_code == 201, response.text
    world.remember("location", location, response.json() | {"tenant": record["tenant"]})


@given(
    P(
        'the customer "{customer}" has a contact "{contact}" at "{location}" '
        'with the e-mail "{email}"'
    )
)
def customer_has_contact_at(
    world: World, customer: str, contact: str, location: str, email: str
) -> None:
    """Adds a contact person who works at one of the customer's locations."""
    _add_contact(
        world, customer, contact, email=email, locationId=world.id_of("location", location)
    )


@given(P('the customer "{customer}" has a contact "{contact}" with the e-mail "{email}"'))
def customer_has_contact(world: World, customer: str, contact: str, email: str) -> None:
    """Adds a contact person for the customer as a whole."""
    _add_contact(world, customer, contact, email=email)


@given(P('the customer "{customer}" has been archived'))
def customer_archived(world: World, customer: str) -> None:
    """Archives the customer."""
    record = world.record("customer", customer)
    response = world.h.internal.post(
        f"/customers/{record['id']}/archive", headers=world.admin(record["tenant"])
    )
    assert response.status_code == 200, response.text


# --- actions -------------------------------------------------------------------------------


@when(P('"{person}" registers the customer "{customer}" with the number "{number}"'))
def registers_customer(world: World, person: str, customer: str, number: str) -> None:
    """Someone registers a new customer."""
    world.response = _create_customer(
        world, world.person(person).tenant, customer, world.as_person(person), number=number
    )
    if world.status == 201:
        world.remember("customer", customer, world.body() | {"tenant": world.person(person).tenant})


@past('"{person}" has renamed the customer "{customer}" to "{new_name}"')
@when(P('"{person}" renames the customer "{customer}" to "{new_name}"'))
def renames_customer(world: World, person: str, customer: str, new_name: str) -> None:
    """Someone changes a customer's name."""
    world.response = world.h.internal.patch(
        f"/customers/{world.id_of('customer', customer)}",
        json={"name": new_name},
        headers=world.as_person(person),
    )


@past('"{person}" has written the internal note "{note}" on the customer "{customer}"')
@when(P('"{person}" writes the internal note "{note}" on the customer "{customer}"'))
def writes_note(world: World, person: str, customer: str, note: str) -> None:
    """Someone writes an internal note on a customer."""
    world.response = world.h.internal.patch(
        f"/customers/{world.id_of('customer', customer)}",
        json={"internalNotes": note},
        headers=world.as_person(person),
    )


@then(P('the internal note on the customer "{customer}" reads "{note}"'))
def customer_note_reads(world: World, customer: str, note: str) -> None:
    """The customer's internal note, as its tenant admin reads it."""
    record = world.record("customer", customer)
    response = world.h.internal.get(
        f"/customers/{record['id']}", headers=world.admin(record["tenant"])
    )
    assert response.json()["internalNotes"] == note


@past('"{person}" has archived the customer "{customer}"')
@when(P('"{person}" archives the customer "{customer}"'))
def archives_customer(world: World, person: str, customer: str) -> None:
    """Someone archives a customer."""
    world.response = world.h.internal.post(
        f"/customers/{world.id_of('customer', customer)}/archive",
        headers=world.as_person(person),
    )


@when(P('"{person}" looks at the {kind:W} "{name}"'))
def looks_at(world: World, person: str, kind: str, name: str) -> None:
    """Someone opens one record: a customer, location, contact, work, user or API key."""
    path = RECORD_KINDS[kind]
    if kind in ("user", "API key"):  # these have no single view; the list is the view
        world.response = world.h.internal.get(f"/{path}", headers=world.as_person(person))
        return
    world.response = world.h.internal.get(
        f"/{path}/{world.id_of(kind, name)}", headers=world.as_person(person)
    )


@when(P('"{person}" lists the customers'))
def lists_customers(world: World, person: str) -> None:
    """Someone opens the list of customers."""
    world.response = world.h.internal.get("/customers", headers=world.as_person(person))


@when(P('"{person}" lists the contacts of "{customer}"'))
def lists_contacts(world: World, person: str, customer: str) -> None:
    """Someone opens the contact persons of a customer (employees: of their own work only)."""
    world.response = world.h.internal.get(
        "/contacts",
        params={"customerId": world.id_of("customer", customer), "limit": 100},
        headers=world.as_person(person),
    )


@when(P('"{person}" searches the customers for "{text}"'))
def searches_customers(world: World, person: str, text: str) -> None:
    """Someone searches customers by name or number."""
    world.response = world.h.internal.get(
        "/customers", params={"search": text}, headers=world.as_person(person)
    )


@when(P('"{person}" lists the {status:W} customers'))
def lists_customers_by_status(world: World, person: str, status: str) -> None:
    """Someone lists only active, inactive, prospect or archived customers."""
    world.response = world.h.internal.get(
        "/customers", params={"status": CUSTOMER_STATUSES[status]}, headers=world.as_person(person)
    )


@when(P('"{person}" adds the location "{location}" in "{city}" to the customer "{customer}"'))
def adds_location(world: World, person: str, location: str, city: str, customer: str) -> None:
    """Someone adds a site to a customer."""
    world.response = world.h.internal.post(
        "/locations",
        json={
            "customerId": world.id_of("customer", customer),
            "name": location,
            "addressLine": "Am Markt 3",
            "city": city,
            "country": "DE",
        },
        headers=world.as_person(person),
    )
    if world.status == 201:
        world.remember("location", location, world.body() | {"tenant": world.person(person).tenant})


@when(P('"{person}" adds the contact "{contact}" at "{location}" to the customer "{customer}"'))
def adds_contact(world: World, person: str, contact: str, location: str, customer: str) -> None:
    """Someone adds a contact person at a location of a customer."""
    world.response = world.h.internal.post(
        "/contacts",
        json={
            "customerId": world.id_of("customer", customer),
            "locationId": world.id_of("location", location),
            "name": contact,
            "email": f"{contact.lower()}@customer.example",
        },
        headers=world.as_person(person),
    )
    if world.status == 201:
        world.remember("contact", contact, world.body() | {"tenant": world.person(person).tenant})


@past('"{person}" has moved the contact "{contact}" to "{location}"')
@when(P('"{person}" moves the contact "{contact}" to "{location}"'))
def moves_contact(world: World, person: str, contact: str, location: str) -> None:
    """Someone changes the location a contact person works at."""
    world.response = world.h.internal.patch(
        f"/contacts/{world.id_of('contact', contact)}",
        json={"locationId": world.id_of("location", location)},
        headers=world.as_person(person),
    )


# --- outcomes ------------------------------------------------------------------------------


def _names(world: World) -> list[str]:
    """What each listed record is called: a name, a staff user's display name, a title."""
    return [
        item.get("name") or item.get("displayName") or item.get("title")
        for item in world.body()["items"]
    ]


@then(P('the list shows "{name}"'))
def list_shows(world: World, name: str) -> None:
    """The last list contains the named record."""
    assert world.status == 200, world.response.text
    assert name in _names(world)


@then(P('the list does not show "{name}"'))
def list_does_not_show(world: World, name: str) -> None:
    """The last list does not contain the named record."""
    assert world.status == 200, world.response.text
    assert name not in _names(world)


@then("the list is empty")
def list_is_empty(world: World) -> None:
    """The last list has no entries at all."""
    assert world.status == 200, world.response.text
    assert world.body()["items"] == []


@then(P('the customer "{customer}" is called "{name}"'))
def customer_is_called(world: World, customer: str, name: str) -> None:
    """The customer's current name, as its tenant admin sees it."""
    record = world.record("customer", customer)
    response = world.h.internal.get(
        f"/customers/{record['id']}", headers=world.admin(record["tenant"])
    )
    assert response.json()["name"] == name


@then(P('the customer "{customer}" is archived'))
def customer_is_archived(world: World, customer: str) -> None:
    """The customer's status is archived."""
    record = world.record("customer", customer)
    response = world.h.internal.get(
        f"/customers/{record['id']}", headers=world.admin(record["tenant"])
    )
    assert response.json()["status"] == "archived"


@then(P("the answer shows the {field:W}"))
def answer_shows(world: World, field: str) -> None:
    """The record in the last answer includes this field."""
    assert world.status == 200, world.response.text
    assert FIELDS[field] in world.body()


@then(P("the answer leaves out the {field:W}"))
def answer_leaves_out(world: World, field: str) -> None:
    """The field is absent from the answer: not empty, not null, simply not there."""
    assert world.status == 200, world.response.text
    assert FIELDS[field] not in world.body()
    assert FIELDS[field] not in world.response.text


@given(
    P(
        'the customer "{customer}" has a contact "{contact}" who reads {language} '
        'with the e-mail "{email}"'
    )
)
def customer_has_contact_with_language(
    world: World, customer: str, contact: str, language: str, email: str
) -> None:
    """Adds a contact person who prefers English, German or Arabic."""
    _add_contact(world, customer, contact, email=email, preferredLanguage=LANGUAGES[language])


@given(P('the contact "{contact}" can be called on "{phone}"'))
def contact_has_phone(world: World, contact: str, phone: str) -> None:
    """Gives the contact person a phone number (the tenant admin records it)."""
    record = world.record("contact", contact)
    response = world.h.internal.patch(
        f"/contacts/{record['id']}", json={"phone": phone}, headers=world.admin(record["tenant"])
    )
    assert response.status_code == 200, response.text
