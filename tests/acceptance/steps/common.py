"""Steps about tenants, people, time and the outcome of the last request."""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P
from tests.acceptance.vocabulary import OUTCOMES, ROLES, SCOPES, TIME_UNITS, ScenarioMistake
from tests.acceptance.world import STAFF_PASSWORD, Person, World


@given(P('a tenant "{tenant}" whose tenant admin is "{admin}"'))
def a_tenant_with_admin(world: World, tenant: str, admin: str) -> None:
    """Opens a company's workspace; its first tenant admin gets the given name."""
    world.open_tenant(tenant, admin)


@given(P('a tenant "{tenant}"'))
def a_tenant(world: World, tenant: str) -> None:
    """Opens a company's workspace with a tenant admin nobody in the scenario needs to name."""
    world.open_tenant(tenant)


@given(P('"{tenant}" has {article:A} {role:Role} "{name}"'))
def tenant_has_staff(world: World, tenant: str, article: str, role: str, name: str) -> None:
    """Adds a staff member (tenant admin, manager, dispatcher or employee) and signs them in."""
    slug = world.slug(tenant)
    email = f"{name.lower().replace(' ', '.')}@{slug}.example"
    response = world.h.internal.post(
        "/users",
        json={
            "email": email,
            "displayName": name,
            "role": ROLES[role],
            "password": STAFF_PASSWORD,
        },
        headers=world.admin(tenant),
    )
    assert response.status_code == 201, response.text
    login = world.h.internal.post(
        "/auth/login", json={"tenant": slug, "email": email, "password": STAFF_PASSWORD}
    )
    assert login.status_code == 200, login.text
    world.people[name] = Person(name, tenant, "staff", login.json()["token"], email, ROLES[role])
    world.remember("user", name, response.json())


@given(P('"{tenant}" has an integration key "{name}" that may {scopes}'))
def tenant_has_integration_key(world: World, tenant: str, name: str, scopes: str) -> None:
    """Creates an API key for another system, with what it may do (read customers, ...)."""
    response = world.h.internal.post(
        "/api-keys",
        json={"name": name, "scopes": SCOPES[scopes]},
        headers=world.admin(tenant),
    )
    assert response.status_code == 201, response.text
    world.people[name] = Person(name, tenant, "integration", response.json()["secret"])
    world.remember("API key", name, response.json())


@when(P("{count:d} {unit} pass"))
@given(P("{count:d} {unit} have passed"))
def time_passes(world: World, count: int, unit: str) -> None:
    """Moves the clock forward; staff whose sign-in ran out sign in again by themselves."""
    moved = timedelta(**{TIME_UNITS[unit]: count})
    world.h.clock.advance(moved)
    world.clock_moved(moved)


@then(P("it is {outcome}"))
def it_is(world: World, outcome: str) -> None:
    """How the last action ended: done, refused, or refused in an exact way (see below)."""
    expected = OUTCOMES[outcome]
    if world.response is None:
        raise ScenarioMistake(f"'Then it is {outcome}' needs a When before it: nothing was done.")
    assert world.status in expected, (world.status, world.response.text)
    if world.status >= 400:
        assert world.response.headers["content-type"] == "application/problem+json"
