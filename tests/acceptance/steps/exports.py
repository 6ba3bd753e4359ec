"""Steps about a portal user's own data: the copy they download, and asking to be closed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pytest_bdd import then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.world import World


@past('"{contact}" has asked for a copy of their data')
@when(P('"{contact}" asks for a copy of their data'))
def asks_for_copy(world: World, contact: str) -> None:
    """The contact starts an export of their own data in the portal."""
    world.response = world.h.portal.post("/me/export", headers=world.as_person(contact))
    if world.status < 400 and world.body()["state"] == "pending":
        world.h.run_worker()  # a large account's copy is made by the worker


def _copy(world: World, contact: str) -> tuple[Any, str]:
    response = world.h.portal.get("/me/export/download", headers=world.as_person(contact))
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    return response.json(), response.text


@then(P('the copy of the data of "{contact}" is ready for a day'))
def copy_ready(world: World, contact: str) -> None:
    """The portal says the copy is ready, and until when: a day after it was made."""
    state = world.h.portal.get("/me/export", headers=world.as_person(contact)).json()
    assert state["state"] == "ready", state
    ready = datetime.fromisoformat(state["readyAt"])
    assert datetime.fromisoformat(state["expiresAt"]) - ready == timedelta(hours=24)


@then(P('the copy of the data of "{contact}" holds the request "{title}" with "{text}"'))
def copy_holds_request(world: World, contact: str, title: str, text: str) -> None:
    """Their request is in the copy, with the conversation as the portal shows it."""
    document, _ = _copy(world, contact)
    found = [r for r in document["requests"] if r["request"]["title"] == title]
    assert found, [r["request"]["title"] for r in document["requests"]]
    assert text in [c["body"] for c in found[0]["conversation"]]


@then(
    P(
        'the copy of the data of "{contact}" holds their name, e-mail address and access to '
        '"{customer}"'
    )
)
def copy_holds_profile(world: World, contact: str, customer: str) -> None:
    """The profile and the customers and locations the contact can see."""
    document, _ = _copy(world, contact)
    record = world.record("contact", contact)
    assert document["profile"]["email"] == record["email"]
    assert document["profile"]["name"]
    assert customer in [g["customerName"] for g in document["access"]]
    assert document["sessions"] and document["signIns"]


@then(P('the copy of the data of "{contact}" holds nothing about "{text}"'))
def copy_holds_nothing_about(world: World, contact: str, text: str) -> None:
    """Neither a colleague's request nor an internal comment appears anywhere in the copy."""
    _, raw = _copy(world, contact)
    assert text not in raw


@then(P('the copy of the data of "{contact}" carries no marker'))
def copy_carries_no_marker(world: World, contact: str) -> None:
    """No planted marker (internal notes, billing, routing, references) anywhere in the copy."""
    markers = world.remembered["markers"]
    assert markers
    _, raw = _copy(world, contact)
    for field, marker in markers.items():
        assert marker not in raw, field


@then(P('"{contact}" has no copy of their data to download'))
def no_copy(world: World, contact: str) -> None:
    """Asking for the copy finds none: a copy is only ever its owner's."""
    response = world.h.portal.get("/me/export/download", headers=world.as_person(contact))
    assert response.status_code == 404, response.text


@then(P('the copy of the data of "{contact}" has expired'))
def copy_expired(world: World, contact: str) -> None:
    """The portal says it expired, and the copy can no longer be downloaded."""
    state = world.h.portal.get("/me/export", headers=world.as_person(contact))
    assert state.status_code == 200, state.text
    assert state.json()["state"] == "expired"
    response = world.h.portal.get("/me/export/download", headers=world.as_person(contact))
    assert response.status_code in (404, 410), response.text
    assert "expired" in response.json()["detail"]


@past('"{contact}" has asked to close their account')
@when(P('"{contact}" asks to close their account'))
def asks_to_close(world: World, contact: str) -> None:
    """The contact asks, in the portal, for their account to be closed."""
    world.response = world.h.portal.post("/me/close-request", headers=world.as_person(contact))


@then(P('the tenant admin of "{tenant}" sees that "{contact}" asked to close their account'))
def admin_sees_close_request(world: World, tenant: str, contact: str) -> None:
    """The list of close requests names the contact's portal account."""
    response = world.h.internal.get("/portal/close-requests", headers=world.admin(tenant))
    assert response.status_code == 200, response.text
    user = world.record("invitation", contact)["portalUserId"]
    assert user in [r["portalUserId"] for r in response.json()["items"]]
    email = world.record("contact", contact)["email"]
    assert email in [r["email"] for r in response.json()["items"]]
