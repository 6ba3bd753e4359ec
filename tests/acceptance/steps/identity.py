"""Steps about signing in to the internal app, staff users and integration keys."""

from __future__ import annotations

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, for_engineers, past
from tests.acceptance.vocabulary import AUDIT_ACTIONS, ROLES, SCOPES, ScenarioMistake
from tests.acceptance.world import STAFF_PASSWORD, Person, World


def _log_in(world: World, slug: str, email: str, password: str) -> None:
    world.response = world.h.internal.post(
        "/auth/login", json={"tenant": slug, "email": email, "password": password}
    )


@when(P('"{person}" signs in'))
def signs_in(world: World, person: str) -> None:
    """A staff member signs in to the internal app with the right password."""
    someone = world.person(person)
    _log_in(world, world.slug(someone.tenant), someone.email or "", STAFF_PASSWORD)
    if world.status == 200:
        someone.token = world.body()["token"]
        world.remembered.pop(f"old token of {person}", None)  # "again" now means this one


@when(P('"{person}" signs in again'))
def signs_in_again(world: World, person: str) -> None:
    """A staff member whose sign-in has run out (a day later, say) signs in once more."""
    world.sign_in_again(person)


@when(P('"{person}" signs in with a wrong password'))
def signs_in_wrong(world: World, person: str) -> None:
    """A staff member types a wrong password."""
    someone = world.person(person)
    _log_in(world, world.slug(someone.tenant), someone.email or "", "Not-the-password-1")
    world.remembered["failure"] = world.response


@given(P('"{person}" has failed to sign in {count:d} times'))
def has_failed_sign_in(world: World, person: str, count: int) -> None:
    """The staff member typed a wrong password this many times in a row."""
    for _ in range(count):
        signs_in_wrong(world, person)
        assert world.status in (401, 429), world.response.text


@when(P('someone signs in to the tenant "{slug}" as "{email}"'))
def someone_signs_in(world: World, slug: str, email: str) -> None:
    """Somebody tries to sign in with a tenant and address that may not exist."""
    _log_in(world, slug, email, "Not-the-password-1")


@then("the answer is the same as for a wrong password")
def same_as_wrong_password(world: World) -> None:
    """Nothing in the answer tells whether the tenant or the address exists."""
    failure = world.remembered["failure"]
    assert world.status == failure.status_code
    mine, theirs = world.body(), failure.json()
    mine.pop("instance"), theirs.pop("instance")
    assert mine == theirs
    assert world.response.headers.get("www-authenticate") == failure.headers.get("www-authenticate")


@past('"{person}" has signed out')
@when(P('"{person}" signs out'))
def signs_out(world: World, person: str) -> None:
    """A staff member signs out; their token ends."""
    world.remembered[f"old token of {person}"] = world.person(person).token
    world.response = world.h.internal.post("/auth/logout", headers=world.as_person(person))


@past('"{person}" has signed in on a second device')
@when(P('"{person}" signs in on a second device'))
def signs_in_elsewhere(world: World, person: str) -> None:
    """A staff member opens a second token (another computer); the first stays."""
    someone = world.person(person)
    _log_in(world, world.slug(someone.tenant), someone.email or "", STAFF_PASSWORD)
    if world.status == 200:
        world.remembered[f"second device of {person}"] = world.body()["token"]


@when(P('"{person}" signs out everywhere'))
def signs_out_everywhere(world: World, person: str) -> None:
    """A staff member ends every token they hold, this one included."""
    world.remembered[f"old token of {person}"] = world.person(person).token
    world.response = world.h.internal.post(
        "/auth/logout-everywhere", headers=world.as_person(person)
    )


@past('"{person}" has ended every session of the user "{other}"')
@when(P('"{person}" ends every session of the user "{other}"'))
def ends_user_sessions(world: World, person: str, other: str) -> None:
    """A tenant admin ends every token of a staff member; the account stays usable."""
    world.remembered[f"old token of {other}"] = world.person(other).token
    world.response = world.h.internal.post(
        f"/users/{world.id_of('user', other)}/end-sessions", headers=world.as_person(person)
    )


@when(P('"{person}" uses the internal app on the second device'))
def uses_second_device(world: World, person: str) -> None:
    """The person's next request to the internal app, with the token of their second device."""
    token = world.remembered.get(f"second device of {person}")
    if token is None:
        raise ScenarioMistake(
            f'"{person}" has no second device in this scenario; start with: Given "{person}" '
            "has signed in on a second device"
        )
    world.response = world.h.internal.get(
        "/customers", headers={"Authorization": f"Bearer {token}"}
    )


@when(P('"{person}" uses the internal app again'))
def uses_again(world: World, person: str) -> None:
    """The person's next request to the internal app, with the token they had."""
    token = world.remembered.get(f"old token of {person}") or world.person(person).token
    world.response = world.h.internal.get(
        "/customers", headers={"Authorization": f"Bearer {token}"}
    )


@past('"{person}" has disabled the user "{other}"')
@when(P('"{person}" disables the user "{other}"'))
def disables_user(world: World, person: str, other: str) -> None:
    """A tenant admin disables a staff member's account."""
    world.response = world.h.internal.post(
        f"/users/{world.id_of('user', other)}/disable", headers=world.as_person(person)
    )


@when(P('"{person}" adds the {role:Role} "{name}"'))
def adds_user(world: World, person: str, role: str, name: str) -> None:
    """Someone tries to add a staff member."""
    tenant = world.person(person).tenant
    world.response = world.h.internal.post(
        "/users",
        json={
            "email": f"{name.lower()}@{world.slug(tenant)}.example",
            "displayName": name,
            "role": ROLES[role],
            "password": STAFF_PASSWORD,
        },
        headers=world.as_person(person),
    )


@when(P('"{person}" creates an integration key "{name}" that may {scopes}'))
def creates_key(world: World, person: str, name: str, scopes: str) -> None:
    """Someone creates an API key for another system."""
    world.response = world.h.internal.post(
        "/api-keys",
        json={"name": name, "scopes": SCOPES[scopes]},
        headers=world.as_person(person),
    )
    if world.status == 201:
        world.people[name] = Person(
            name, world.person(person).tenant, "integration", world.body()["secret"]
        )
        world.remember("API key", name, world.body())


@then("the key's secret is shown once")
def secret_shown_once(world: World) -> None:
    """The creating answer carries the secret; the list of keys never does."""
    created = world.body()
    assert created["secret"]
    headers = world.response.request.headers
    listing = world.h.internal.get("/api-keys", headers={"Authorization": headers["authorization"]})
    assert created["secret"] not in listing.text
    assert all("secret" not in key for key in listing.json()["items"])


@for_engineers
@then("the key's secret is shown once, with the prefix ordv_")
def secret_shown_once_with_prefix(world: World) -> None:
    """As above; the secret starts with ordv_ and with the key's listed prefix."""
    created = world.body()
    assert created["secret"].startswith("ordv_")
    assert created["secret"].startswith(created["prefix"])
    secret_shown_once(world)


@past('"{person}" has revoked the integration key "{name}"')
@when(P('"{person}" revokes the integration key "{name}"'))
def revokes_key(world: World, person: str, name: str) -> None:
    """A tenant admin revokes an API key."""
    world.response = world.h.internal.post(
        f"/api-keys/{world.id_of('API key', name)}/revoke", headers=world.as_person(person)
    )


@when(P('"{person}" lists the integration keys'))
def lists_keys(world: World, person: str) -> None:
    """Someone opens the list of API keys."""
    world.response = world.h.internal.get("/api-keys", headers=world.as_person(person))


@when(P('"{person}" lists the staff users'))
def lists_users(world: World, person: str) -> None:
    """Someone opens the list of staff users."""
    world.response = world.h.internal.get("/users", headers=world.as_person(person))


@then(P('the audit trail of "{tenant}" records "{action}"'))
def audit_records(world: World, tenant: str, action: str) -> None:
    """The tenant's audit trail has an entry for the action (who, what, which object, when)."""
    code = AUDIT_ACTIONS[action]
    entries = world.h.internal.get(
        "/audit-entries", params={"action": code, "limit": 100}, headers=world.admin(tenant)
    )
    assert entries.status_code == 200, entries.text
    matching = entries.json()["items"]
    assert matching, f"no {code} in the audit trail"
    assert {e["action"] for e in matching} == {code}
    assert all(e["objectId"] and e["actorType"] and e["occurredAt"] for e in matching)


def staff_user_id(world: World, person: str) -> str:
    """A staff member's id: from their record, or (a tenant's first admin) from who they are."""
    if ("user", person) in world.records:
        return world.id_of("user", person)
    me = world.h.internal.get("/auth/me", headers=world.as_person(person))
    assert me.status_code == 200, me.text
    return me.json()["id"]


@then(P('the audit trail of "{tenant}" records "{action}" by "{person}"'))
def audit_records_by(world: World, tenant: str, action: str, person: str) -> None:
    """Asked for one person's entries of one action, the audit trail has them, only them."""
    code, actor = AUDIT_ACTIONS[action], staff_user_id(world, person)
    entries = world.h.internal.get(
        "/audit-entries",
        params={"action": code, "actorId": actor, "limit": 100},
        headers=world.admin(tenant),
    )
    assert entries.status_code == 200, entries.text
    matching = entries.json()["items"]
    assert matching, f"no {code} by {person} in the audit trail"
    assert {(e["action"], e["actorId"]) for e in matching} == {(code, actor)}


@then(P('the audit trail of "{tenant}" records nothing by "{person}"'))
def audit_records_nothing_by(world: World, tenant: str, person: str) -> None:
    """Asked for one person's entries, the audit trail has none."""
    entries = world.h.internal.get(
        "/audit-entries",
        params={"actorId": staff_user_id(world, person)},
        headers=world.admin(tenant),
    )
    assert entries.status_code == 200, entries.text
    assert entries.json()["items"] == []
