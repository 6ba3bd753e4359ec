"""Steps about recurring visit plans: planning them, the generator, skipping and moving one
date, and what the customer sees of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.steps.work import _at, _window
from tests.acceptance.vocabulary import ORDINALS, recurrence_rule
from tests.acceptance.world import World


def _plan(world: World, title: str) -> dict[str, Any]:
    record = world.record("plan", title)
    answer = world.h.internal.get(
        f"/recurring-plans/{record['id']}", headers=world.admin(record["tenant"])
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _upcoming(world: World, title: str) -> list[dict[str, Any]]:
    """The plan's dates with a visit still to come (not called off), soonest first."""
    today = world.h.clock.now().date()
    admin = world.admin(world.record("plan", title)["tenant"])
    found = []
    for o in _plan(world, title)["occurrences"]:
        if o["state"] not in ("generated", "moved") or date.fromisoformat(o["day"]) <= today:
            continue
        visit = world.h.internal.get(f"/appointments/{o['appointmentId']}", headers=admin)
        if visit.json()["status"] in ("planned", "confirmed"):
            found.append(o)
    return found


@past(
    '"{person}" has planned the recurring visit "{title}" at "{location}" {recurrence} '
    "from {start:d} to {end:d} o'clock"
)
@when(
    P(
        '"{person}" plans the recurring visit "{title}" at "{location}" {recurrence} '
        "from {start:d} to {end:d} o'clock"
    )
)
def plans_recurring(
    world: World, person: str, title: str, location: str, recurrence: str, start: int, end: int
) -> None:
    """A maintenance contract: from tomorrow on, for the next 8 weeks (the customer reads
    "Maintenance visit")."""
    record = world.record("location", location)
    world.response = world.h.internal.post(
        "/recurring-plans",
        json={
            "locationId": record["id"],
            "title": title,
            "rule": recurrence_rule(recurrence),
            "startsOn": (world.h.clock.now().date() + timedelta(days=1)).isoformat(),
            "windowStart": f"{start:02d}:00",
            "windowEnd": f"{end:02d}:00",
            "horizonWeeks": 8,
            "checklist": f"Internal checklist of {title}",
            "customerDescription": f"We look after the ovens at {location}.",
        },
        headers=world.as_person(person),
    )
    if world.status == 201:
        world.remember("plan", title, world.body() | {"tenant": record["tenant"]})


@when("the recurring visits are generated")
@given("the recurring visits have been generated")
def generated(world: World) -> None:
    """The worker's generator runs (it runs every hour on its own)."""
    world.remembered["generated"] = world.h.generate_recurring_visits()


@then(P('the plan "{title}" has {count:d} upcoming visits'))
def plan_has_upcoming(world: World, title: str, count: int) -> None:
    """Dates of the plan whose visit is still to come (planned or confirmed)."""
    upcoming = _upcoming(world, title)
    assert len(upcoming) == count, upcoming


@then("the generator created nothing")
def generator_created_nothing(world: World) -> None:
    """The last run of the generator found every date of every plan dealt with already."""
    assert world.remembered["generated"] == 0


@past('"{person}" has skipped the {ordinal:W} visit of the plan "{title}"')
@when(P('"{person}" skips the {ordinal:W} visit of the plan "{title}"'))
def skips(world: World, person: str, ordinal: str, title: str) -> None:
    """That date is not visited; its visit is called off."""
    day = _upcoming(world, title)[ORDINALS[ordinal]]["day"]
    world.remembered[f"skipped of {title}"] = day
    world.response = world.h.internal.post(
        f"/recurring-plans/{world.id_of('plan', title)}/skip",
        json={"day": day},
        headers=world.as_person(person),
    )


@past('"{person}" has cancelled the {ordinal:W} visit of the plan "{title}"')
@when(P('"{person}" cancels the {ordinal:W} visit of the plan "{title}"'))
def cancels_generated(world: World, person: str, ordinal: str, title: str) -> None:
    """Someone calls off one generated visit the ordinary way, as any other visit."""
    occurrence = _upcoming(world, title)[ORDINALS[ordinal]]
    world.remembered[f"cancelled of {title}"] = occurrence["day"]
    world.response = world.h.internal.post(
        f"/appointments/{occurrence['appointmentId']}/cancel", headers=world.as_person(person)
    )


@then(P('the skipped date of the plan "{title}" has no visit'))
def skipped_stays(world: World, title: str) -> None:
    """The date stays skipped, and no visit on it is planned or to come."""
    day = world.remembered[f"skipped of {title}"]
    found = [o for o in _plan(world, title)["occurrences"] if o["day"] == day]
    assert [o["state"] for o in found] == ["skipped"], found
    assert day not in [o["day"] for o in _upcoming(world, title)]


@past(
    '"{person}" has moved the {ordinal:W} visit of the plan "{title}" to {days:d} days from '
    "today, {start:d} to {end:d} o'clock"
)
@when(
    P(
        '"{person}" moves the {ordinal:W} visit of the plan "{title}" to {days:d} days from '
        "today, {start:d} to {end:d} o'clock"
    )
)
def moves(
    world: World, person: str, ordinal: str, title: str, days: int, start: int, end: int
) -> None:
    """One visit gets its own time; the plan's other dates stay."""
    day = _upcoming(world, title)[ORDINALS[ordinal]]["day"]
    world.remembered[f"moved of {title}"] = day
    world.response = world.h.internal.post(
        f"/recurring-plans/{world.id_of('plan', title)}/move",
        json={"day": day, **_window(world, days, start, end)},
        headers=world.as_person(person),
    )


@then(
    P(
        'the moved visit of the plan "{title}" is {days:d} days from today, '
        "{start:d} to {end:d} o'clock"
    )
)
def moved_stays(world: World, title: str, days: int, start: int, end: int) -> None:
    """The visit keeps the time it was given, whatever the generator does later."""
    day = world.remembered[f"moved of {title}"]
    found = [o for o in _plan(world, title)["occurrences"] if o["day"] == day]
    assert [o["state"] for o in found] == ["moved"], found
    tenant = world.record("plan", title)["tenant"]
    visit = world.h.internal.get(
        f"/appointments/{found[0]['appointmentId']}", headers=world.admin(tenant)
    ).json()
    assert datetime.fromisoformat(visit["startsAt"]) == _at(world, days, start)
    assert datetime.fromisoformat(visit["endsAt"]) == _at(world, days, end)


@then(P('"{contact}" sees the maintenance plan "{label}" at "{location}" with its next dates'))
def sees_plan(world: World, contact: str, label: str, location: str) -> None:
    """The plan's customer label and the dates still to come (up to five) at that location."""
    answer = world.h.portal.get("/locations/recurring-visits", headers=world.as_person(contact))
    assert answer.status_code == 200, answer.text
    found = [
        v
        for v in answer.json()["items"]
        if v["label"] == label and v["locationId"] == world.id_of("location", location)
    ]
    assert len(found) == 1, answer.json()
    assert found[0]["description"] == f"We look after the ovens at {location}."
    assert found[0]["nextDates"] and found[0]["nextDates"] == sorted(found[0]["nextDates"])


@then(P('"{contact}" sees no maintenance plan'))
def sees_no_plan(world: World, contact: str) -> None:
    """No plan is listed for the contact's locations."""
    answer = world.h.portal.get("/locations/recurring-visits", headers=world.as_person(contact))
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"] == []


@then(P('"{contact}" sees {count:d} upcoming visits "{label}"'))
def sees_upcoming(world: World, contact: str, count: int, label: str) -> None:
    """The portal lists this many upcoming visits with this label."""
    answer = world.h.portal.get(
        "/appointments", params={"limit": 100}, headers=world.as_person(contact)
    )
    assert answer.status_code == 200, answer.text
    found = [v for v in answer.json()["items"] if v["workTitle"] == label]
    assert len(found) == count, [v["workTitle"] for v in answer.json()["items"]]


# --- daily routes ---------------------------------------------------------------------------


def _route_day(world: World, days: int) -> str:
    return (world.h.clock.now() + timedelta(days=days)).date().isoformat()


@past(
    '"{person}" has planned the route of "{employee}" in {days:d} days as "{first}" then '
    '"{second}"'
)
@when(
    P('"{person}" plans the route of "{employee}" in {days:d} days as "{first}" then "{second}"')
)
def plans_route(
    world: World, person: str, employee: str, days: int, first: str, second: str
) -> None:
    """A dispatcher puts two visits of the employee's day in order, 20 minutes apart."""
    world.response = world.h.internal.put(
        "/routes",
        json={
            "employeeId": world.id_of("user", employee),
            "day": _route_day(world, days),
            "stops": [
                {"appointmentId": world.id_of("visit", work), "travelMinutes": 20}
                for work in (first, second)
            ],
        },
        headers=world.as_person(person),
    )


@then(P('"{employee}" sees the route in {days:d} days as "{first}" then "{second}"'))
def sees_route(world: World, employee: str, days: int, first: str, second: str) -> None:
    """The employee's own route of that day, in order, with the address and access notes."""
    answer = world.h.internal.get(
        "/routes/mine", params={"day": _route_day(world, days)}, headers=world.as_person(employee)
    )
    assert answer.status_code == 200, answer.text
    stops = answer.json()["stops"]
    assert [s["workTitle"] for s in stops] == [first, second]
    assert [s["stop"] for s in stops] == [1, 2]
    assert all(s["place"]["addressLine"] and s["travelMinutes"] == 20 for s in stops)


@then(P('"{other}" cannot see the route of "{employee}" in {days:d} days'))
def cannot_see_route(world: World, other: str, employee: str, days: int) -> None:
    """Another employee is told no such route exists."""
    answer = world.h.internal.get(
        "/routes",
        params={"employeeId": world.id_of("user", employee), "day": _route_day(world, days)},
        headers=world.as_person(other),
    )
    assert answer.status_code == 404, answer.text


@then(P('"{contact}" sees nothing of any route'))
def sees_no_route(world: World, contact: str) -> None:
    """No portal answer carries a stop number, travel time or route."""
    from tests.acceptance.steps.reports import everything_on_the_portal

    for url, body in everything_on_the_portal(world, contact):
        for word in ("routeStop", "travelMinutes", "route", "stop"):
            assert word not in body, (word, url)
