"""Steps about planned work: work items, visits (appointments), labels, the portal's view of
them and the calendar feed. A "visit" is an appointment; times are UTC, days from today."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pytest_bdd import given, then, when

from ordinavo.domain.role_model import SWITCHES
from tests.acceptance.steps.phrases import P, past
from tests.acceptance.vocabulary import (
    ACCESS_SWITCHES,
    FIELD_UPDATES,
    LANGUAGES,
    STATUS_KEYS_WORDS,
    SWITCH_VALUES,
    VISIT_STATUSES,
    WORK_STATUSES,
)
from tests.acceptance.world import World


def _at(world: World, days: int, hour: int) -> datetime:
    day = (world.h.clock.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return day.replace(hour=hour)


def _window(world: World, days: int, start: int, end: int) -> dict[str, str]:
    return {
        "startsAt": _at(world, days, start).isoformat(),
        "endsAt": _at(world, days, end).isoformat(),
    }


def _create_work(
    world: World, headers: dict[str, str], work: str, location: str, contact: str | None = None
) -> Any:
    place = world.record("location", location)
    body = {"customerId": place["customerId"], "locationId": place["id"], "title": work}
    if contact:
        body["contactId"] = world.id_of("contact", contact)
    response = world.h.internal.post("/targets", json=body, headers=headers)
    if response.status_code == 201:
        world.remember("work", work, response.json() | {"tenant": place["tenant"]})
    return response


def _plan(
    world: World,
    headers: dict[str, str],
    work: str,
    window: dict[str, str],
    employee: str | None = None,
    location: str | None = None,
) -> Any:
    body: dict[str, Any] = {"targetId": world.id_of("work", work), **window}
    if employee:
        body["assignedEmployeeId"] = world.id_of("user", employee)
    if location:
        body["locationId"] = world.id_of("location", location)
    response = world.h.internal.post("/appointments", json=body, headers=headers)
    if response.status_code == 201:
        world.remember("visit", work, response.json())
    return response


def _admin_of_work(world: World, work: str) -> dict[str, str]:
    return world.admin(world.record("work", work)["tenant"])


# --- setup -----------------------------------------------------------------------------------


@given(P('the work "{work}" at "{location}"'))
def work_exists(world: World, work: str, location: str) -> None:
    """A work item (a target) for the location's customer, created by the tenant admin."""
    tenant = world.record("location", location)["tenant"]
    response = _create_work(world, world.admin(tenant), work, location)
    assert response.status_code == 201, response.text


@given(P('the work "{work}" at "{location}" with a visit in {days:d} days for "{employee}"'))
def work_with_visit(world: World, work: str, location: str, days: int, employee: str) -> None:
    """A work item with one visit from 9 to 11 o'clock, assigned to an employee."""
    work_exists(world, work, location)
    response = _plan(
        world, _admin_of_work(world, work), work, _window(world, days, 9, 11), employee
    )
    assert response.status_code == 201, response.text


@given(
    P(
        'the work "{work}" at "{location}" for "{contact}" with a visit in {days:d} days '
        'for "{employee}"'
    )
)
def work_for_contact(
    world: World, work: str, location: str, contact: str, days: int, employee: str
) -> None:
    """As above, and the contact is the work's contact person."""
    tenant = world.record("location", location)["tenant"]
    response = _create_work(world, world.admin(tenant), work, location, contact)
    assert response.status_code == 201, response.text
    response = _plan(
        world, _admin_of_work(world, work), work, _window(world, days, 9, 11), employee
    )
    assert response.status_code == 201, response.text


@given(P('every internal field of "{work}" and its visit holds a marker'))
def plant_markers(world: World, work: str) -> None:
    """Writes a unique marker into each internal field: notes, billing, routing, references."""
    admin = _admin_of_work(world, work)
    marks: dict[str, str] = world.remembered.setdefault("markers", {})
    record = world.record("work", work)

    def mark(field: str) -> str:
        marks[field] = f"CANARY-{field}-{len(marks)}"
        return marks[field]

    ok = world.h.internal.patch(
        f"/targets/{record['id']}",
        json={
            "internalNotes": mark("targetInternalNotes"),
            "billingDetails": mark("billingDetails"),
            "externalReference": {"system": mark("targetSystem"), "reference": mark("targetRef")},
        },
        headers=admin,
    )
    assert ok.status_code == 200, ok.text
    marks["routingScore"] = "31415.9265"
    ok = world.h.internal.patch(
        f"/appointments/{world.id_of('visit', work)}",
        json={
            "planningNotes": mark("planningNotes"),
            "routingScore": 31415.9265,
            "routeStop": 7,
            "travelMinutes": 42,
        },
        headers=admin,
    )
    assert ok.status_code == 200, ok.text
    ok = world.h.internal.patch(
        f"/customers/{record['customerId']}",
        json={
            "internalNotes": mark("customerInternalNotes"),
            "externalReferences": [{"system": "ERP", "reference": mark("customerRef")}],
        },
        headers=admin,
    )
    assert ok.status_code == 200, ok.text
    ok = world.h.internal.patch(
        f"/locations/{record['locationId']}",
        json={"accessNotes": mark("accessNotes"), "parkingNotes": mark("parkingNotes")},
        headers=admin,
    )
    assert ok.status_code == 200, ok.text


# --- internal planning -----------------------------------------------------------------------


@when(P('"{person}" creates the work "{work}" at "{location}"'))
def creates_work(world: World, person: str, work: str, location: str) -> None:
    """Someone creates a work item at one of a customer's locations."""
    world.response = _create_work(world, world.as_person(person), work, location)


@when(
    P(
        '"{person}" plans a visit for "{work}" in {days:d} days '
        'from {start:d} to {end:d} o\'clock with "{employee}"'
    )
)
def plans_visit_with(
    world: World, person: str, work: str, days: int, start: int, end: int, employee: str
) -> None:
    """Someone plans an appointment for the work and assigns an employee to it."""
    world.response = _plan(
        world, world.as_person(person), work, _window(world, days, start, end), employee
    )


@when(
    P('"{person}" plans a visit for "{work}" in {days:d} days from {start:d} to {end:d} o\'clock')
)
def plans_visit(world: World, person: str, work: str, days: int, start: int, end: int) -> None:
    """Someone plans an appointment for the work, nobody assigned yet."""
    world.response = _plan(world, world.as_person(person), work, _window(world, days, start, end))


@when(
    P(
        '"{person}" plans a visit for "{work}" at "{location}" in {days:d} days '
        "from {start:d} to {end:d} o'clock"
    )
)
def plans_visit_at(
    world: World, person: str, work: str, location: str, days: int, start: int, end: int
) -> None:
    """Someone plans an appointment at a location other than the work's own."""
    world.response = _plan(
        world, world.as_person(person), work, _window(world, days, start, end), None, location
    )


@past(
    '"{person}" has moved the visit of "{work}" to {days:d} days from today, '
    "{start:d} to {end:d} o'clock"
)
@when(
    P(
        '"{person}" moves the visit of "{work}" to {days:d} days from today, '
        "{start:d} to {end:d} o'clock"
    )
)
def reschedules(world: World, person: str, work: str, days: int, start: int, end: int) -> None:
    """Someone reschedules the appointment of the work to another time."""
    world.response = world.h.internal.post(
        f"/appointments/{world.id_of('visit', work)}/reschedule",
        json=_window(world, days, start, end),
        headers=world.as_person(person),
    )


def _visit_act(world: World, person: str, work: str, verb: str) -> None:
    world.response = world.h.internal.post(
        f"/appointments/{world.id_of('visit', work)}/{verb}", headers=world.as_person(person)
    )


@past('"{person}" has confirmed the visit of "{work}"')
@when(P('"{person}" confirms the visit of "{work}"'))
def confirms_visit(world: World, person: str, work: str) -> None:
    """Someone confirms the appointment of the work."""
    _visit_act(world, person, work, "confirm")


@past('"{person}" has cancelled the visit of "{work}"')
@when(P('"{person}" cancels the visit of "{work}"'))
def cancels_visit(world: World, person: str, work: str) -> None:
    """Someone cancels the appointment of the work (the work itself stays)."""
    _visit_act(world, person, work, "cancel")


def _work_act(world: World, person: str, work: str, verb: str, status: str | None = None) -> None:
    kwargs: dict[str, Any] = {"headers": world.as_person(person)}
    if status:
        kwargs["json"] = {"status": status}
    world.response = world.h.internal.post(f"/targets/{world.id_of('work', work)}/{verb}", **kwargs)


@past('"{person}" has completed the work "{work}"')
@when(P('"{person}" completes the work "{work}"'))
def completes_work(world: World, person: str, work: str) -> None:
    """Someone marks the work item as completed."""
    _work_act(world, person, work, "complete")


@past('"{person}" has cancelled the work "{work}"')
@when(P('"{person}" cancels the work "{work}"'))
def cancels_work(world: World, person: str, work: str) -> None:
    """Someone cancels the work item; its open visits are cancelled with it."""
    _work_act(world, person, work, "cancel")


@past('"{person}" has put the work "{work}" on hold')
@when(P('"{person}" puts the work "{work}" on hold'))
def holds_work(world: World, person: str, work: str) -> None:
    """Someone puts the work item on hold."""
    _work_act(world, person, work, "status", "on_hold")


@when(P('"{person}" reports "{status}" on the visit of "{work}"'))
def reports_status(world: World, person: str, status: str, work: str) -> None:
    """An employee posts a field update: on the way, started, paused or done."""
    world.response = world.h.internal.post(
        f"/appointments/{world.id_of('visit', work)}/field-status",
        json={"status": FIELD_UPDATES[status]},
        headers=world.as_person(person),
    )


@when(P('"{person}" lists the work'))
def lists_work(world: World, person: str) -> None:
    """Someone opens the list of work items (employees get their own only)."""
    world.response = world.h.internal.get("/targets", headers=world.as_person(person))


@then(P("the answer shows that billing applies"))
def answer_shows_billing_applies(world: World) -> None:
    """The work in the last answer says it is billed (the text itself may still be left out)."""
    assert world.status == 200, world.response.text
    assert world.body()["billingApplies"] is True


@then(P('the list shows that "{work}" is billed, without the billing details'))
def list_shows_billed_without_details(world: World, work: str) -> None:
    """The work is listed as billed, and no listed work carries the billing details text."""
    assert world.status == 200, world.response.text
    items = world.body()["items"]
    listed = next(i for i in items if i["id"] == world.id_of("work", work))
    assert listed["billingApplies"] is True
    assert all("billingDetails" not in i for i in items)
    assert world.remembered["markers"]["billingDetails"] not in world.response.text


@when(P('"{person}" lists the visits'))
def lists_visits(world: World, person: str) -> None:
    """Someone opens the list of appointments (employees get their own only)."""
    world.response = world.h.internal.get("/appointments", headers=world.as_person(person))


@then(P('the work "{work}" is {status:W}'))
def work_is(world: World, work: str, status: str) -> None:
    """The work item's internal status, as its tenant admin sees it."""
    answer = world.h.internal.get(
        f"/targets/{world.id_of('work', work)}", headers=_admin_of_work(world, work)
    )
    assert answer.json()["status"] == WORK_STATUSES[status]


@then(P('the visit of "{work}" is {status:W}'))
def visit_is(world: World, work: str, status: str) -> None:
    """The appointment's internal status, as its tenant admin sees it."""
    answer = world.h.internal.get(
        f"/appointments/{world.id_of('visit', work)}", headers=_admin_of_work(world, work)
    )
    assert answer.json()["status"] == VISIT_STATUSES[status]


@then(P('"{work}" has no visit'))
def has_no_visit(world: World, work: str) -> None:
    """No appointment was planned for the work."""
    answer = world.h.internal.get(
        "/appointments",
        params={"targetId": world.id_of("work", work)},
        headers=_admin_of_work(world, work),
    )
    assert answer.status_code == 200
    assert answer.json()["items"] == []


@then(P('the list shows the work "{work}"'))
def list_shows_work(world: World, work: str) -> None:
    """The last list holds the work item, or an appointment of it."""
    assert world.status == 200, world.response.text
    ids = {i.get("targetId", i["id"]) for i in world.body()["items"]}
    assert world.id_of("work", work) in ids


@then(P('the list does not show the work "{work}"'))
def list_hides_work(world: World, work: str) -> None:
    """Neither the work item nor any appointment of it is in the last list."""
    assert world.status == 200, world.response.text
    ids = {i.get("targetId", i["id"]) for i in world.body()["items"]}
    assert world.id_of("work", work) not in ids


# --- labels and tenant settings --------------------------------------------------------------


@past('"{person}" has named the status "{key}" "{label}" in {language}')
@when(P('"{person}" names the status "{key}" "{label}" in {language}'))
def names_status(world: World, person: str, key: str, label: str, language: str) -> None:
    """A tenant admin overrides the customer-facing label of a status in one language."""
    world.response = world.h.internal.put(
        f"/status-labels/{STATUS_KEYS_WORDS[key]}/{LANGUAGES[language]}",
        json={"label": label},
        headers=world.as_person(person),
    )


@when(P('"{person}" lets the portal show the technician\'s first name'))
def shows_technician(world: World, person: str) -> None:
    """A tenant admin turns on the setting that shows the technician's first name."""
    world.response = world.h.internal.patch(
        "/tenant/settings", json={"showTechnicianFirstName": True}, headers=world.as_person(person)
    )


@given(P('"{person}" has let the portal show the technician\'s first name'))
def has_shown_technician(world: World, person: str) -> None:
    """The tenant admin turned on the setting that shows the technician's first name."""
    shows_technician(world, person)
    assert world.status == 200, world.response.text


# --- the portal ------------------------------------------------------------------------------


def _portal_visits(world: World, contact: str, language: str = "English") -> list[dict[str, Any]]:
    headers = world.as_person(contact) | {"Accept-Language": LANGUAGES[language]}
    answer = world.h.portal.get("/appointments", headers=headers)
    assert answer.status_code == 200, answer.text
    world.response = answer
    return answer.json()["items"]


def _visit_of(world: World, contact: str, work: str, language: str = "English") -> dict[str, Any]:
    found = [v for v in _portal_visits(world, contact, language) if v["workTitle"] == work]
    assert len(found) == 1, found
    return found[0]


@then(P('"{contact}" sees an upcoming visit for "{work}"'))
def sees_visit(world: World, contact: str, work: str) -> None:
    """The appointment is in the contact's list of upcoming appointments."""
    _visit_of(world, contact, work)


@then(P('"{contact}" does not see a visit for "{work}"'))
def does_not_see_visit(world: World, contact: str, work: str) -> None:
    """No appointment of the work is in the contact's list, nor reachable by its address."""
    assert work not in [v["workTitle"] for v in _portal_visits(world, contact)]
    if ("visit", work) in world.records:
        direct = world.h.portal.get(
            f"/appointments/{world.id_of('visit', work)}", headers=world.as_person(contact)
        )
        assert direct.status_code == 404


@then(P('"{contact}" reading {language} sees the visit for "{work}" as "{label}"'))
def sees_label(world: World, contact: str, language: str, work: str, label: str) -> None:
    """The customer-facing status label, in the language the contact's browser asks for."""
    visit = _visit_of(world, contact, work, language)
    assert visit["status"]["label"] == label
    assert set(visit["status"]) == {"key", "label"}


@then(
    P('"{contact}" sees the visit for "{work}" in {days:d} days from {start:d} to {end:d} o\'clock')
)
def sees_time(world: World, contact: str, work: str, days: int, start: int, end: int) -> None:
    """The time window the contact sees for the appointment."""
    visit = _visit_of(world, contact, work)
    assert datetime.fromisoformat(visit["startsAt"]) == _at(world, days, start)
    assert datetime.fromisoformat(visit["endsAt"]) == _at(world, days, end)


@then(P('"{contact}" sees no technician on the visit for "{work}"'))
def sees_no_technician(world: World, contact: str, work: str) -> None:
    """Nothing about the assigned employee is shown."""
    assert _visit_of(world, contact, work)["technician"] is None


@then(P('"{contact}" sees "{first_name}" as the technician on the visit for "{work}"'))
def sees_technician(world: World, contact: str, first_name: str, work: str) -> None:
    """Only the technician's first name is shown."""
    visit = _visit_of(world, contact, work)
    assert visit["technician"] == {"firstName": first_name}


@then(P('"{contact}" sees the work "{work}" as "{label}" in {language}'))
@then(P('"{contact}" sees the work "{work}" as "{label}"'))
def sees_work(world: World, contact: str, work: str, label: str, language: str = "English") -> None:
    """The work item is in the contact's list of active work, with this label (English unless
    told)."""
    headers = world.as_person(contact) | {"Accept-Language": LANGUAGES[language]}
    answer = world.h.portal.get("/work", headers=headers)
    assert answer.status_code == 200, answer.text
    found = [w for w in answer.json()["items"] if w["title"] == work]
    assert len(found) == 1, answer.json()
    assert found[0]["status"]["label"] == label


@then(P('"{contact}" does not see the work "{work}"'))
def does_not_see_work(world: World, contact: str, work: str) -> None:
    """The work item is not in the contact's list of active work."""
    answer = world.h.portal.get("/work", headers=world.as_person(contact))
    assert answer.status_code == 200, answer.text
    assert work not in [w["title"] for w in answer.json()["items"]]


@then(P('no portal answer to "{contact}" carries a marker'))
def no_marker_anywhere(world: World, contact: str) -> None:
    """Every portal endpoint, errors included, answers without any planted marker."""
    headers = world.as_person(contact)
    portal = world.h.portal
    feed = portal.post("/me/calendar-feed", headers=headers)
    assert feed.status_code == 201, feed.text
    feed_path = "/calendar/" + feed.json()["url"].rsplit("/calendar/", 1)[1]
    visit = [v["id"] for v in _portal_visits(world, contact)]
    answers = [
        feed,
        portal.get("/me", headers=headers),
        portal.get("/locations", headers=headers),
        portal.get("/appointments", headers=headers),
        portal.get("/appointments", headers=headers | {"Accept-Language": "de"}),
        portal.get("/work", headers=headers),
        portal.get(feed_path),
        portal.get("/appointments/00000000-0000-7000-8000-000000000000", headers=headers),
        portal.get("/appointments?from=not-a-date", headers=headers),
        *[portal.get(f"/appointments/{v}", headers=headers) for v in visit],
        portal.get("/reports", headers=headers),
        portal.get("/follow-ups", headers=headers),
        portal.get("/timeline", headers=headers),
        portal.get("/timeline?cursor=not-a-cursor", headers=headers),
        portal.get("/reports/00000000-0000-7000-8000-000000000000", headers=headers),
        portal.get("/files/00000000-0000-7000-8000-000000000000", headers=headers),
    ]
    reports = portal.get("/reports", headers=headers).json()["items"]
    answers += [portal.get(f"/reports/{r['id']}", headers=headers) for r in reports]
    answers += [
        portal.get(f"/files/{f['id']}", headers=headers) for r in reports for f in r["files"]
    ]
    markers = world.remembered["markers"]
    assert markers
    for answer in answers:
        assert answer.status_code < 500
        seen = answer.text + " ".join(f"{k}: {v}" for k, v in answer.headers.items())
        for field, marker in markers.items():
            assert marker not in seen, (field, answer.url)
        for name in ("routeStop", "routingScore", "travelMinutes", "planningNotes", "billing"):
            assert name not in answer.text, (name, answer.url)


# --- the calendar feed -----------------------------------------------------------------------


@when(P('"{contact}" asks for a calendar feed'))
@given(P('"{contact}" has a calendar feed'))
def asks_for_feed(world: World, contact: str) -> None:
    """The contact gets a secret calendar address (an earlier one stops working)."""
    if f"feed of {contact}" in world.remembered:
        world.remembered[f"old feed of {contact}"] = world.remembered[f"feed of {contact}"]
    world.response = world.h.portal.post("/me/calendar-feed", headers=world.as_person(contact))
    assert world.status == 201, world.response.text
    url = world.body()["url"]
    world.remembered[f"feed of {contact}"] = "/calendar/" + url.rsplit("/calendar/", 1)[1]


@past('"{contact}" has stopped the calendar feed')
@when(P('"{contact}" stops the calendar feed'))
def stops_feed(world: World, contact: str) -> None:
    """The contact revokes their calendar address."""
    world.response = world.h.portal.delete("/me/calendar-feed", headers=world.as_person(contact))


def _feed(world: World, key: str) -> Any:
    # A calendar program sends no cookie and no token: only the secret address.
    world.h.portal.cookies.clear()
    world.response = world.h.portal.get(world.remembered[key])
    return world.response


@then(P('the calendar feed of "{contact}" lists "{work}"'))
def feed_lists(world: World, contact: str, work: str) -> None:
    """The contact's calendar address answers an iCalendar document with the visit."""
    answer = _feed(world, f"feed of {contact}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"  # once
    assert "BEGIN:VCALENDAR" in answer.text
    assert f"SUMMARY:{work}" in answer.text


@then(P('the calendar feed of "{contact}" does not list "{work}"'))
def feed_hides(world: World, contact: str, work: str) -> None:
    """The visit is not in the calendar document, or the address answers nothing at all."""
    answer = _feed(world, f"feed of {contact}")
    assert answer.status_code in (200, 404), answer.text
    assert f"SUMMARY:{work}" not in answer.text


@then(P('the old calendar feed address of "{contact}" is refused as not found'))
def old_feed_refused(world: World, contact: str) -> None:
    """The address the contact had before no longer answers."""
    answer = _feed(world, f"old feed of {contact}")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


@then(P('the calendar feed address of "{contact}" is refused as not found'))
def feed_refused(world: World, contact: str) -> None:
    """The contact's calendar address no longer answers."""
    answer = _feed(world, f"feed of {contact}")
    assert answer.status_code == 404


@past('"{person}" has renamed the work "{work}" to "{title}"')
@when(P('"{person}" renames the work "{work}" to "{title}"'))
def renames_work(world: World, person: str, work: str, title: str) -> None:
    """Someone changes the title of a work item."""
    world.response = world.h.internal.patch(
        f"/targets/{world.id_of('work', work)}",
        json={"title": title},
        headers=world.as_person(person),
    )
    assert world.response.status_code == 200, world.response.text


@then(P('"{contact}" sees the visit for "{work}" at "{location}"'))
def sees_visit_at(world: World, contact: str, work: str, location: str) -> None:
    """The upcoming visit is listed with the place it happens: that location."""
    assert _visit_of(world, contact, work)["location"]["name"] == location


@past('"{person}" has written the internal note "{note}" on the work "{work}"')
@when(P('"{person}" writes the internal note "{note}" on the work "{work}"'))
def note_on_work(world: World, person: str, note: str, work: str) -> None:
    """Someone writes an internal note on a work item (staff who may see notes read it)."""
    world.response = world.h.internal.patch(
        f"/targets/{world.id_of('work', work)}",
        json={"internalNotes": note},
        headers=world.as_person(person),
    )


@past('"{person}" has written the internal note "{note}" on the visit of "{work}"')
@when(P('"{person}" writes the internal note "{note}" on the visit of "{work}"'))
def note_on_visit(world: World, person: str, note: str, work: str) -> None:
    """Someone writes an internal note on the work's visit (its planning notes)."""
    world.response = world.h.internal.patch(
        f"/appointments/{world.id_of('visit', work)}",
        json={"planningNotes": note},
        headers=world.as_person(person),
    )


# --- the access model ------------------------------------------------------------------------


@past('"{person}" has set "{switch}" to "{value}" in the access model')
@when(P('"{person}" sets "{switch}" to "{value}" in the access model'))
def sets_access_switch(world: World, person: str, switch: str, value: str) -> None:
    """A tenant admin adjusts one of the role model's switches (docs/roles.md lists them)."""
    world.response = world.h.internal.patch(
        "/tenant/access-switches",
        json={_switch_key(switch): SWITCH_VALUES[value]},
        headers=world.as_person(person),
    )


def _switch_key(switch: str) -> str:
    return SWITCHES[ACCESS_SWITCHES[switch]].api_name


@then(P('the access model of "{person}" shows "{switch}" set to "{value}"'))
def access_model_shows(world: World, person: str, switch: str, value: str) -> None:
    """Any staff user reads the switches their tenant set, with the rules that follow."""
    answer = world.h.internal.get("/tenant/access-model", headers=world.as_person(person))
    assert answer.status_code == 200, answer.text
    values = {s["name"]: s["value"] for s in answer.json()["switches"]}
    assert values[_switch_key(switch)] == SWITCH_VALUES[value]
