"""Steps that send malformed or out-of-bounds requests."""

from __future__ import annotations

from pytest_bdd import when

from tests.acceptance.steps.phrases import P, for_engineers
from tests.acceptance.world import World


@for_engineers
@when(P('"{person}" sends a customer that is not valid JSON'))
def malformed_json(world: World, person: str) -> None:
    """The body is broken JSON."""
    world.response = world.h.internal.post(
        "/customers",
        content=b'{"name": "Half',
        headers={**world.as_person(person), "content-type": "application/json"},
    )


@for_engineers
@when(P('"{person}" sends a customer with the unknown field "{field}"'))
def unknown_field(world: World, person: str, field: str) -> None:
    """The body carries a field the API does not know (or that clients may not set)."""
    world.response = world.h.internal.post(
        "/customers",
        json={"name": "Sneaky", "customerNumber": "X-1", field: "x"},
        headers=world.as_person(person),
    )


@for_engineers
@when(P('"{person}" sends a customer whose number is not text'))
def wrong_type(world: World, person: str) -> None:
    """A field has the wrong type."""
    world.response = world.h.internal.post(
        "/customers",
        json={"name": "Typed", "customerNumber": 42},
        headers=world.as_person(person),
    )


@for_engineers
@when(P('"{person}" sends a customer whose name has {length:d} characters'))
def long_name(world: World, person: str, length: int) -> None:
    """A text is longer than allowed."""
    world.response = world.h.internal.post(
        "/customers",
        json={"name": "N" * length, "customerNumber": "L-1"},
        headers=world.as_person(person),
    )


@for_engineers
@when(P('"{person}" sends a customer of {size:d} kilobytes'))
def huge_body(world: World, person: str, size: int) -> None:
    """The body is larger than the server accepts."""
    world.response = world.h.internal.post(
        "/customers",
        content=b'{"name": "' + b"x" * (size * 1024) + b'", "customerNumber": "B-1"}',
        headers={**world.as_person(person), "content-type": "application/json"},
    )


@for_engineers
@when(P('"{person}" asks for {count:d} customers at once'))
def page_too_big(world: World, person: str, count: int) -> None:
    """The page size is above the limit of 100."""
    world.response = world.h.internal.get(
        "/customers", params={"limit": count}, headers=world.as_person(person)
    )


@for_engineers
@when(P('"{person}" asks for the next page with a made-up cursor'))
def bad_cursor(world: World, person: str) -> None:
    """The page cursor was not issued by the API."""
    world.response = world.h.internal.get(
        "/customers", params={"cursor": "not-a-cursor"}, headers=world.as_person(person)
    )


@for_engineers
@when("someone without a token lists the customers")
def no_token(world: World) -> None:
    """A request without any credential."""
    world.response = world.h.internal.get("/customers")
