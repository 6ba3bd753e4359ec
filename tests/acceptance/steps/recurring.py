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
    """The plan's dates with a visit still to come, soonest first."""
    today = world.h.clock.now().date()
    return [
        o
        for o in _plan(world, title)["occurrences"]
        if o["state"] in ("generated", "moved") and date.fromisoformat(o["day"]) > today
    ]


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
    """Dates of the plan with a visit still to come, each with its work and visit."""
    upcoming = _upcoming(world, title)
    assert len(upcoming) == count, upcoming
    tenant = world.record("plan", title)["tenant"]
    for occurrence in upcoming:
        visit = world.h.internal.get(
            f"/appointments/{occurrence['appointmentId']}", headers=world.admin(tenant)
        ).json()
        assert visit["status"] in ("planned", "confirmed"), visit


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


@then(P('"{contact}" sees {count:d} upcoming visits "{label}"'))
def sees_upcoming(world: World, contact: str, count: int, label: str) -> None:
    """The portal lists this many upcoming visits with this label."""
    answer = world.h.portal.get(
        "/appointments", params={"limit": 100}, headers=world.as_person(contact)
    )
    assert answer.status_code == 200, answer.text
    found = [v for v in answer.json()["items"] if v["workTitle"] == label]
    assert len(found) == count, [v["workTitle"] for v in answer.json()["items"]]
