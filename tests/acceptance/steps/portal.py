"""Steps about the customer portal: invitations, signing in, grants and what contacts see."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.identity import staff_user_id
from tests.acceptance.steps.phrases import P, for_engineers, past
from tests.acceptance.vocabulary import (
    GRANT_FLAGS,
    INVITATION_STATUSES,
    LANGUAGES,
    SECURITY_EVENTS,
    ScenarioMistake,
)
from tests.acceptance.world import PORTAL_PASSWORD, Person, World


def _invite(
    world: World, headers: dict[str, str], contact: str, locations: list[str] | None
) -> Any:
    record = world.record("contact", contact)
    response = world.h.internal.post(
        "/portal/invitations",
        json={
            "contactId": record["id"],
            "grant": {
                "customerId": record["customerId"],
                "locationIds": [world.id_of("location", n) for n in locations or []],
                "canSubmitRequests": True,
                "canSeeReports": True,
            },
        },
        headers=headers,
    )
    if response.status_code == 201:
        world.remember("invitation", contact, response.json())
        world.remembered[f"link of {contact}"] = world.h.last_link_token()
    return response


def _accept(world: World, contact: str, token: str, password: str) -> None:
    world.response = world.h.portal.post(
        f"/invitations/{token}/accept", json={"password": password}
    )
    world.h.portal.cookies.clear()  # each person in a scenario uses their own bearer token
    if world.status == 200:
        record = world.record("contact", contact)
        world.people[contact] = Person(
            contact, record["tenant"], "portal", world.body()["token"], record["email"]
        )


def _grant_of(world: World, contact: str) -> dict[str, Any]:
    invitation = world.record("invitation", contact)
    tenant = world.record("contact", contact)["tenant"]
    user = world.h.internal.get(
        f"/portal/users/{invitation['portalUserId']}", headers=world.admin(tenant)
    ).json()
    return user["grants"][0]


# --- setup ---------------------------------------------------------------------------------


@given(P('"{contact}" was invited to the portal for the whole customer'))
def invited_whole(world: World, contact: str) -> None:
    """The tenant admin invited the contact with a grant on their whole customer."""
    tenant = world.record("contact", contact)["tenant"]
    assert _invite(world, world.admin(tenant), contact, None).status_code == 201


@given(P('"{contact}" was invited to the portal for the location "{location}"'))
def invited_location(world: World, contact: str, location: str) -> None:
    """The tenant admin invited the contact with a grant on one location only."""
    tenant = world.record("contact", contact)["tenant"]
    assert _invite(world, world.admin(tenant), contact, [location]).status_code == 201


@given(P('"{contact}" has accepted the invitation'))
def has_accepted(world: World, contact: str) -> None:
    """The contact set a password through the invitation link and is signed in."""
    _accept(world, contact, world.remembered[f"link of {contact}"], PORTAL_PASSWORD)
    assert world.status == 200, world.response.text


# --- invitations ---------------------------------------------------------------------------


@when(P('"{person}" invites "{contact}" to the portal for the whole customer'))
def invites_whole(world: World, person: str, contact: str) -> None:
    """Staff invite a contact with a grant on the contact's whole customer."""
    world.response = _invite(world, world.as_person(person), contact, None)


@when(P('"{person}" invites "{contact}" to the portal for the location "{location}"'))
def invites_location(world: World, person: str, contact: str, location: str) -> None:
    """Staff invite a contact with a grant on one location of the customer."""
    world.response = _invite(world, world.as_person(person), contact, [location])


@then(P('"{contact}" receives an invitation e-mail in {language}'))
def receives_mail(world: World, contact: str, language: str) -> None:
    """The newest e-mail went to the contact, in their language, with the portal link."""
    message = world.h.last_mail("invitations")
    assert message.to == world.record("contact", contact)["email"]
    assert message.language == LANGUAGES[language]
    assert "/invitations/" in message.text


@when(P('"{contact}" opens the invitation link'))
def opens_link(world: World, contact: str) -> None:
    """The contact (or a mail scanner) opens the link; this uses nothing up."""
    world.response = world.h.portal.get(f"/invitations/{world.remembered[f'link of {contact}']}")


@when(P('"{contact}" accepts the invitation with the password "{password}"'))
def accepts_with(world: World, contact: str, password: str) -> None:
    """The contact chooses a password on the invitation page."""
    _accept(world, contact, world.remembered[f"link of {contact}"], password)


@when(P('"{contact}" accepts the invitation'))
def accepts(world: World, contact: str) -> None:
    """The contact chooses a good password on the invitation page."""
    _accept(world, contact, world.remembered[f"link of {contact}"], PORTAL_PASSWORD)


@when(P('"{contact}" uses the invitation link again'))
def uses_link_again(world: World, contact: str) -> None:
    """The contact tries to accept with a link that was already used or replaced."""
    token = world.remembered.get(f"old link of {contact}") or world.remembered[f"link of {contact}"]
    world.response = world.h.portal.post(
        f"/invitations/{token}/accept", json={"password": PORTAL_PASSWORD}
    )


@past('"{person}" has re-sent the invitation of "{contact}"')
@when(P('"{person}" re-sends the invitation of "{contact}"'))
def resends(world: World, person: str, contact: str) -> None:
    """Staff send a new link; the old one stops working."""
    world.remembered[f"old link of {contact}"] = world.remembered[f"link of {contact}"]
    world.response = world.h.internal.post(
        f"/portal/invitations/{world.id_of('invitation', contact)}/resend",
        headers=world.as_person(person),
    )
    if world.status == 200:
        world.remembered[f"link of {contact}"] = world.h.last_link_token()


@past('"{person}" has revoked the invitation of "{contact}"')
@when(P('"{person}" revokes the invitation of "{contact}"'))
def revokes_invitation(world: World, person: str, contact: str) -> None:
    """Staff withdraw an invitation (and, if accepted, the access it gave)."""
    world.response = world.h.internal.post(
        f"/portal/invitations/{world.id_of('invitation', contact)}/revoke",
        headers=world.as_person(person),
    )


@then(P('the invitation of "{contact}" is {status:W}'))
def invitation_is(world: World, contact: str, status: str) -> None:
    """The invitation's status as staff see it: pending, accepted, expired or revoked."""
    tenant = world.record("contact", contact)["tenant"]
    response = world.h.internal.get(
        f"/portal/invitations/{world.id_of('invitation', contact)}",
        headers={"Authorization": f"Bearer {world.h.log_in_admin(world.slug(tenant))}"},
    )
    assert response.json()["status"] == INVITATION_STATUSES[status]


# --- signing in and out --------------------------------------------------------------------


def _portal_login(world: World, contact: str, password: str = PORTAL_PASSWORD) -> dict[str, Any]:
    """Posts the contact's sign-in (the answer in world.response); the contact's record."""
    record = world.record("contact", contact)
    world.response = world.h.portal.post(
        "/auth/login",
        json={
            "tenant": world.slug(record["tenant"]),
            "email": record["email"],
            "password": password,
        },
    )
    world.h.portal.cookies.clear()  # the token is what each step sends, not a shared cookie
    return record


@when(P('"{contact}" signs in to the portal'))
def portal_sign_in(world: World, contact: str) -> None:
    """The contact signs in with tenant, e-mail address and password."""
    record = _portal_login(world, contact)
    if world.status == 200:
        world.people[contact] = Person(
            contact, record["tenant"], "portal", world.body()["token"], record["email"]
        )


@when(P('"{contact}" signs in to the portal with a wrong password'))
def portal_sign_in_wrong(world: World, contact: str) -> None:
    """The contact types a wrong password."""
    _portal_login(world, contact, "Not-my-password-1")


@given(P('"{contact}" has failed to sign in to the portal {count:d} times'))
def has_failed_portal_sign_in(world: World, contact: str, count: int) -> None:
    """The contact typed a wrong password this many times in a row (6 locks the account)."""
    for _ in range(count):
        portal_sign_in_wrong(world, contact)
        assert world.status in (401, 429), world.response.text


@past('"{contact}" has signed out of the portal')
@when(P('"{contact}" signs out of the portal'))
def portal_sign_out(world: World, contact: str) -> None:
    """The contact ends their portal session."""
    world.response = world.h.portal.post("/auth/logout", headers=world.as_person(contact))


@past('"{contact}" has signed in to the portal on a second device')
@when(P('"{contact}" signs in to the portal on a second device'))
def portal_sign_in_elsewhere(world: World, contact: str) -> None:
    """The contact opens a second session (a phone beside the laptop); the first stays."""
    _portal_login(world, contact)
    if world.status == 200:
        world.remembered[f"second device of {contact}"] = world.body()["token"]


@when(P('"{contact}" signs out of the portal everywhere'))
def portal_sign_out_everywhere(world: World, contact: str) -> None:
    """The contact ends every session they have open, this one included."""
    world.response = world.h.portal.post(
        "/auth/logout-everywhere", headers=world.as_person(contact)
    )


@past('"{person}" has ended every portal session of "{contact}"')
@when(P('"{person}" ends every portal session of "{contact}"'))
def ends_portal_sessions(world: World, person: str, contact: str) -> None:
    """Staff end every session of the contact's portal account; the account stays usable."""
    invitation = world.record("invitation", contact)
    world.response = world.h.internal.post(
        f"/portal/users/{invitation['portalUserId']}/end-sessions",
        headers=world.as_person(person),
    )


@then(P('"{contact}" is signed out of the portal on the second device too'))
def signed_out_elsewhere(world: World, contact: str) -> None:
    """The session the contact opened on a second device no longer opens anything."""
    token = world.remembered.get(f"second device of {contact}")
    if token is None:
        raise ScenarioMistake(
            f'"{contact}" has no second device in this scenario; start with: Given "{contact}" '
            "has signed in to the portal on a second device"
        )
    response = world.h.portal.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text


@then(P('"{contact}" is still signed in to the portal on the second device'))
def still_signed_in_elsewhere(world: World, contact: str) -> None:
    """The session on the second device still works."""
    token = world.remembered[f"second device of {contact}"]
    response = world.h.portal.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text


@then(P('"{contact}" is signed out on the next request'))
def signed_out_next(world: World, contact: str) -> None:
    """The session the contact had open no longer opens anything."""
    response = world.h.portal.get("/me", headers=world.as_person(contact))
    assert response.status_code == 401, response.text


@then(P('"{contact}" is still signed in'))
def still_signed_in(world: World, contact: str) -> None:
    """The contact's open session still works."""
    response = world.h.portal.get("/me", headers=world.as_person(contact))
    assert response.status_code == 200, response.text


# --- grants --------------------------------------------------------------------------------


@past('"{person}" has narrowed the grant of "{contact}" to the location "{location}"')
@when(P('"{person}" narrows the grant of "{contact}" to the location "{location}"'))
def narrows_grant(world: World, person: str, contact: str, location: str) -> None:
    """Staff limit an existing grant to one location."""
    grant = _grant_of(world, contact)
    world.response = world.h.internal.patch(
        f"/portal/grants/{grant['id']}",
        json={"locationIds": [world.id_of("location", location)]},
        headers=world.as_person(person),
    )


@past('"{person}" has widened the grant of "{contact}" to the whole customer')
@when(P('"{person}" widens the grant of "{contact}" to the whole customer'))
def widens_grant(world: World, person: str, contact: str) -> None:
    """Staff extend a location grant to every location of the customer."""
    grant = _grant_of(world, contact)
    world.response = world.h.internal.patch(
        f"/portal/grants/{grant['id']}",
        json={"locationIds": []},
        headers=world.as_person(person),
    )


@past('"{person}" has revoked the grant of "{contact}"')
@when(P('"{person}" revokes the grant of "{contact}"'))
def revokes_grant(world: World, person: str, contact: str) -> None:
    """Staff take away a grant."""
    grant = _grant_of(world, contact)
    world.response = world.h.internal.post(
        f"/portal/grants/{grant['id']}/revoke", headers=world.as_person(person)
    )


@past('"{person}" has also given "{contact}" access to the customer "{customer}"')
@when(P('"{person}" also gives "{contact}" access to the customer "{customer}"'))
def adds_grant(world: World, person: str, contact: str, customer: str) -> None:
    """Staff add a grant on another customer of the same tenant."""
    invitation = world.record("invitation", contact)
    world.response = world.h.internal.post(
        "/portal/grants",
        json={
            "portalUserId": invitation["portalUserId"],
            "customerId": world.id_of("customer", customer),
        },
        headers=world.as_person(person),
    )


@when(P('"{person}" invites "{contact}" to the portal for the customer "{customer}"'))
def invites_for_customer(world: World, person: str, contact: str, customer: str) -> None:
    """Staff invite a contact with a first grant on a named customer, not necessarily its own."""
    world.response = world.h.internal.post(
        "/portal/invitations",
        json={
            "contactId": world.id_of("contact", contact),
            "grant": {"customerId": world.id_of("customer", customer)},
        },
        headers=world.as_person(person),
    )


def _grants_of(world: World, contact: str) -> list[dict[str, Any]]:
    """The contact's active grants, as the tenant admin sees them."""
    invitation = world.record("invitation", contact)
    tenant = world.record("contact", contact)["tenant"]
    user = world.h.internal.get(
        f"/portal/users/{invitation['portalUserId']}", headers=world.admin(tenant)
    ).json()
    return [g for g in user["grants"] if g.get("revokedAt") is None]


@then(P('"{contact}" holds no grant on the customer "{customer}"'))
def holds_no_grant(world: World, contact: str, customer: str) -> None:
    """None of the contact's active grants is on that customer."""
    on = {g["customerId"] for g in _grants_of(world, contact)}
    assert world.id_of("customer", customer) not in on


@then(P('"{contact}" still holds a grant on the customer "{customer}"'))
def still_holds_grant(world: World, contact: str, customer: str) -> None:
    """One of the contact's active grants is on that customer."""
    on = {g["customerId"] for g in _grants_of(world, contact)}
    assert world.id_of("customer", customer) in on


# --- partners of other customers -----------------------------------------------------------


@past('"{person}" has recorded "{contact}" as a partner of "{customer}"')
@when(P('"{person}" records "{contact}" as a partner of "{customer}"'))
def records_partner(world: World, person: str, contact: str, customer: str) -> None:
    """Staff record that the contact also acts for another customer of the tenant."""
    world.response = world.h.internal.post(
        f"/contacts/{world.id_of('contact', contact)}/partners",
        json={"customerId": world.id_of("customer", customer)},
        headers=world.as_person(person),
    )


@when(P('"{person}" removes "{contact}" as a partner of "{customer}"'))
def removes_partner(world: World, person: str, contact: str, customer: str) -> None:
    """Staff end the partner relation; the contact's grants on that customer end with it."""
    world.response = world.h.internal.delete(
        f"/contacts/{world.id_of('contact', contact)}/partners/"
        f"{world.id_of('customer', customer)}",
        headers=world.as_person(person),
    )


def _partners_of(world: World, contact: str) -> set[str]:
    tenant = world.record("contact", contact)["tenant"]
    response = world.h.internal.get(
        f"/contacts/{world.id_of('contact', contact)}/partners", headers=world.admin(tenant)
    )
    assert response.status_code == 200, response.text
    return {r["customerId"] for r in response.json()["items"]}


@then(P('"{contact}" is a recorded partner of "{customer}"'))
def is_partner(world: World, contact: str, customer: str) -> None:
    """The tenant admin finds the customer among the contact's partner relations."""
    assert world.id_of("customer", customer) in _partners_of(world, contact)


@then(P('"{contact}" is not a recorded partner of "{customer}"'))
def is_not_partner(world: World, contact: str, customer: str) -> None:
    """The tenant admin does not find the customer among the contact's partner relations."""
    assert world.id_of("customer", customer) not in _partners_of(world, contact)


@then(P('the refusal says "{text}"'))
def refusal_says(world: World, text: str) -> None:
    """The explanation given with the last refusal, word for word."""
    assert world.status >= 400, world.response.text
    assert world.response.json()["detail"] == text


@past('"{person}" has disabled the portal access of "{contact}"')
@when(P('"{person}" disables the portal access of "{contact}"'))
def disables_portal_user(world: World, person: str, contact: str) -> None:
    """Staff disable the contact's portal account."""
    invitation = world.record("invitation", contact)
    world.response = world.h.internal.post(
        f"/portal/users/{invitation['portalUserId']}/disable", headers=world.as_person(person)
    )


# --- what the contact sees -----------------------------------------------------------------


def _visible_locations(world: World, contact: str) -> list[str]:
    response = world.h.portal.get("/locations", headers=world.as_person(contact))
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


@then(P('"{contact}" sees the location "{location}"'))
def sees_location(world: World, contact: str, location: str) -> None:
    """The location is in the contact's list of locations."""
    assert location in _visible_locations(world, contact)


@then(P('"{contact}" does not see the location "{location}"'))
def not_sees_location(world: World, contact: str, location: str) -> None:
    """The location is nowhere in what the contact receives."""
    assert location not in _visible_locations(world, contact)
    me = world.h.portal.get("/me", headers=world.as_person(contact))
    assert world.id_of("location", location) not in me.text


@then(P('"{contact}" sees the customer "{customer}"'))
def sees_customer(world: World, contact: str, customer: str) -> None:
    """The customer is among those the contact has access to."""
    me = world.h.portal.get("/me", headers=world.as_person(contact)).json()
    assert customer in [a["customerName"] for a in me["access"]]


@then(P('"{contact}" sees no location at all'))
def sees_nothing(world: World, contact: str) -> None:
    """The contact's list of locations is empty."""
    assert _visible_locations(world, contact) == []


@then(P('the tenant admin of "{tenant}" sees the security event "{kind}"'))
def sees_security_event(world: World, tenant: str, kind: str) -> None:
    """The login and security events of the tenant include this kind."""
    response = world.h.internal.get(
        "/security-events", params={"kind": SECURITY_EVENTS[kind]}, headers=world.admin(tenant)
    )
    assert response.status_code == 200, response.text
    kinds = [e["kind"] for e in response.json()["items"]]
    assert kinds, f"no {kind} among the security events"
    assert set(kinds) == {SECURITY_EVENTS[kind]}


@then(P('the tenant admin of "{tenant}" sees the security event "{kind}" about "{person}"'))
def sees_security_event_about(world: World, tenant: str, kind: str, person: str) -> None:
    """The tenant's security events about this staff member or portal contact include it."""
    someone = world.person(person)
    if someone.kind == "portal":
        about = {"portalUserId": world.record("invitation", person)["portalUserId"]}
    else:
        about = {"staffUserId": staff_user_id(world, person)}
    response = world.h.internal.get(
        "/security-events",
        params={"kind": SECURITY_EVENTS[kind], **about},
        headers=world.admin(tenant),
    )
    assert response.status_code == 200, response.text
    found = response.json()["items"]
    assert found, f"no {kind} about {person} among the security events"
    key, value = next(iter(about.items()))
    field = "portalUserId" if key == "portalUserId" else "internalUserId"
    assert {(e["kind"], e[field]) for e in found} == {(SECURITY_EVENTS[kind], value)}


# --- the two apps stay apart -----------------------------------------------------------------


@for_engineers
@when(P('"{person}" tries every internal route on the portal app'))
def every_internal_route(world: World, person: str) -> None:
    """Calls each path of the internal API document on the portal app."""
    paths = world.h.internal.get("/schema/openapi.json").json()["paths"]
    portal_paths = set(world.h.portal.get("/schema/openapi.json").json()["paths"])
    answers = {}
    for path, item in paths.items():
        if path in ("/health", "/ready") or path in portal_paths:
            continue  # both apps have their own health checks; same-named paths are portal's own
        concrete = path.replace("{", "").replace("}", "")
        for method in item:
            if method in ("get", "post", "patch", "put", "delete"):
                answers[f"{method.upper()} {path}"] = world.h.portal.request(
                    method.upper(),
                    concrete.replace("_id", "-0000"),
                    headers=world.as_person(person),
                ).status_code
    world.remembered["answers"] = answers


@then("each one is refused as not found or not allowed")
def each_refused(world: World) -> None:
    """No internal route exists on the portal app."""
    answers = world.remembered["answers"]
    assert answers, "no internal route was tried"
    assert all(status in (404, 405) for status in answers.values()), answers


@when(P('"{person}" uses their token on the portal app'))
def token_on_portal(world: World, person: str) -> None:
    """A staff member or integration presents their credential to the portal."""
    world.response = world.h.portal.get("/me", headers=world.as_person(person))


@when(P('"{contact}" uses their portal session on the internal app'))
def session_on_internal(world: World, contact: str) -> None:
    """A portal user presents their portal session to the internal app."""
    world.response = world.h.internal.get("/customers", headers=world.as_person(contact))


@given(P('"{contact}" was invited to the portal for the locations "{first}" and "{second}"'))
def invited_two_locations(world: World, contact: str, first: str, second: str) -> None:
    """The tenant admin invited the contact with one grant on two locations of the customer."""
    tenant = world.record("contact", contact)["tenant"]
    assert _invite(world, world.admin(tenant), contact, [first, second]).status_code == 201


def _set_flag(world: World, contact: str, flag: str, allowed: bool) -> None:
    grant = _grant_of(world, contact)
    tenant = world.record("contact", contact)["tenant"]
    answer = world.h.internal.patch(
        f"/portal/grants/{grant['id']}",
        json={GRANT_FLAGS[flag]: allowed},
        headers=world.admin(tenant),
    )
    assert answer.status_code == 200, answer.text


@given(P('the grant of "{contact}" allows {flag:W}'))
def grant_allows(world: World, contact: str, flag: str) -> None:
    """The tenant admin switched this permission on in the contact's grant."""
    _set_flag(world, contact, flag, True)


@given(P('the grant of "{contact}" no longer allows {flag:W}'))
def grant_no_longer_allows(world: World, contact: str, flag: str) -> None:
    """The tenant admin switched this permission off in the contact's grant."""
    _set_flag(world, contact, flag, False)


@when(P('someone signs themselves up to the portal of "{tenant}" as "{email}"'))
def signs_up_to_portal(world: World, tenant: str, email: str) -> None:
    """A stranger tries every way a self-service sign-up could exist; access is by invitation."""
    body = {"tenant": world.slug(tenant), "email": email, "password": PORTAL_PASSWORD}
    for path in ("/signup", "/sign-up", "/register", "/auth/signup", "/auth/register", "/users"):
        world.response = world.h.portal.post(path, json=body)
        if world.status < 400:
            return


@when(P('someone signs themselves up to the internal app of "{tenant}" as "{email}"'))
def signs_up_to_internal(world: World, tenant: str, email: str) -> None:
    """A stranger tries to create a staff account without being a tenant admin."""
    body = {"tenant": world.slug(tenant), "email": email, "password": PORTAL_PASSWORD}
    for path in ("/signup", "/register", "/auth/signup", "/auth/register", "/users"):
        world.response = world.h.internal.post(
            path, json=body | {"displayName": "Stranger", "role": "tenant_admin"}
        )
        if world.status < 400:
            return


@then(P('"{tenant}" has no account for "{email}"'))
def no_account_for(world: World, tenant: str, email: str) -> None:
    """Neither the staff users nor the portal users of the tenant have this address."""
    staff = world.h.internal.get("/users?limit=100", headers=world.admin(tenant))
    portal = world.h.internal.get("/portal/users?limit=100", headers=world.admin(tenant))
    assert staff.status_code == 200 and portal.status_code == 200, (staff.text, portal.text)
    assert email not in staff.text and email not in portal.text
