# ruff: noqa: E501  (scenario lines are kept whole)
"""Recurring plans at the edges: bad input changes nothing, and two generators at once create
each visit once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from taskiq.kicker import AsyncKicker

from ordinavo.adapters.tasks.taskiq_queue import GENERATE_RECURRING_VISITS
from tests.acceptance.steps.phrases import run_lines
from tests.acceptance.world import World

START = """
    Given the bakery with two branches
    And the location "Bakehouse" keeps time in "Europe/Berlin"
    And a tenant "Globex"
    And "Globex" has a customer "Globex Depot"
    And the customer "Globex Depot" has a location "Depot" in "Hamburg"
    And "Globex" has an employee "Gus"
"""


def _body(world: World, **changes: Any) -> dict[str, Any]:
    tomorrow = world.h.clock.now().date() + timedelta(days=1)
    return {
        "locationId": world.id_of("location", "Main Store"),
        "title": "Oven maintenance",
        "rule": "FREQ=WEEKLY;BYDAY=TU",
        "startsOn": tomorrow.isoformat(),
        "windowStart": "09:00",
        "windowEnd": "11:00",
        **changes,
    }


def _plans(world: World) -> list[dict[str, Any]]:
    answer = world.h.internal.get("/recurring-plans", headers=world.admin("Acme"))
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


# What the schema checks is 400; what the plan's own rules refuse is 422 (as everywhere).
@pytest.mark.parametrize(
    ("changes", "status", "says"),
    [
        ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, 422, "yields no date"),
        ({"rule": "FREQ=WEEKLY;INTERVAL=0;BYDAY=TU"}, 422, "INTERVAL is between 1 and 99"),
        ({"rule": "FREQ=DAILY;UNTIL=20200101"}, 422, "ends before the plan starts"),
        ({"rule": "FREQ=DAILY", "horizonWeeks": 26}, 422, "at most 100"),
        ({"rule": "FREQ=FORTNIGHTLY"}, 422, "FREQ is one of"),
        ({"windowStart": "11:00", "windowEnd": "09:00"}, 422, "must end after it starts"),
        ({"windowStart": "9 am"}, 400, "windowStart"),
        ({"horizonWeeks": 0}, 400, "horizonWeeks"),
        ({"tenantId": "00000000-0000-7000-8000-000000000000"}, 400, "tenantId"),
        ({"location": "Depot"}, 400, "location"),
        ({"defaultEmployee": "Gus"}, 404, "employee"),
        (
            {"location": "Bakehouse", "rule": "FREQ=DAILY", "windowStart": "02:30"},
            422,
            "does not exist",
        ),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(
    world: World, changes: dict[str, Any], status: int, says: str
) -> None:
    run_lines(world, START)
    if "location" in changes:
        place = changes.pop("location")
        if place == "Depot":  # another tenant's location: as if it did not exist
            changes["locationId"] = world.id_of("location", place)
            status, says = 404, "location"
        else:
            changes["locationId"] = world.id_of("location", place)
    if "defaultEmployee" in changes:
        changes["defaultEmployeeId"] = world.id_of("user", changes.pop("defaultEmployee"))
    answer = world.h.internal.post(
        "/recurring-plans", json=_body(world, **changes), headers=world.admin("Acme")
    )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert says in answer.text
    assert _plans(world) == []
    visits = world.h.internal.get("/appointments", headers=world.admin("Acme")).json()["items"]
    assert visits == []


def test_two_generators_at_once_create_each_visit_once(world: World) -> None:
    run_lines(world, START)
    made = world.h.internal.post(
        "/recurring-plans",
        json=_body(world, rule="FREQ=DAILY", horizonWeeks=1),
        headers=world.admin("Acme"),
    )
    assert made.status_code == 201, made.text
    world.h.clock.advance(timedelta(days=7))  # the horizon moved on: a week of dates is owed
    world.everyone_signs_in_again()

    async def both() -> list[int]:
        first = await AsyncKicker(GENERATE_RECURRING_VISITS, world.h.worker, {}).kiq()
        second = await AsyncKicker(GENERATE_RECURRING_VISITS, world.h.worker, {}).kiq()
        return [
            (await task.wait_result(timeout=60)).raise_for_error().return_value
            for task in (first, second)
        ]

    created = world.h.internal.blocking_portal.call(both)
    plan = world.h.internal.get(
        f"/recurring-plans/{made.json()['id']}", headers=world.admin("Acme")
    ).json()
    days = [o["day"] for o in plan["occurrences"]]
    assert len(days) == len(set(days))
    assert sum(created) == 7  # the week the horizon moved by, once
    visits = world.h.internal.get(
        "/appointments", params={"limit": 100}, headers=world.admin("Acme")
    ).json()["items"]
    assert len(visits) == len(days)


def _post(world: World, path: str, body: Any = None) -> Any:
    answer = world.h.internal.post(path, json=body, headers=world.admin("Acme"))
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def _visit(world: World, appointment_id: str) -> dict[str, Any]:
    return world.h.internal.get(
        f"/appointments/{appointment_id}", headers=world.admin("Acme")
    ).json()


def test_a_new_rule_keeps_confirmed_visits_and_plans_the_rest_again(world: World) -> None:
    run_lines(world, START)
    plan = _post(
        world, "/recurring-plans", _body(world, rule="FREQ=WEEKLY;BYDAY=TU", horizonWeeks=4)
    )
    occurrences = world.h.internal.get(
        f"/recurring-plans/{plan['id']}", headers=world.admin("Acme")
    ).json()["occurrences"]
    assert len(occurrences) == 4
    kept = occurrences[0]
    _post(world, f"/appointments/{kept['appointmentId']}/confirm")
    tomorrow = (world.h.clock.now().date() + timedelta(days=1)).isoformat()
    _post(
        world,
        f"/recurring-plans/{plan['id']}/rule",
        {"rule": "FREQ=WEEKLY;BYDAY=TH", "from": tomorrow},
    )
    after = world.h.internal.get(
        f"/recurring-plans/{plan['id']}", headers=world.admin("Acme")
    ).json()["occurrences"]
    assert kept in after and _visit(world, kept["appointmentId"])["status"] == "confirmed"
    others = [o for o in after if o != kept]
    assert others and all(date.fromisoformat(o["day"]).weekday() == 3 for o in others)
    for old in occurrences[1:]:
        assert _visit(world, old["appointmentId"])["status"] == "cancelled"


def test_a_paused_plan_generates_nothing_and_an_ended_one_calls_off_its_visits(
    world: World,
) -> None:
    run_lines(world, START)
    plan = _post(world, "/recurring-plans", _body(world, rule="FREQ=DAILY", horizonWeeks=1))
    _post(world, f"/recurring-plans/{plan['id']}/pause")
    world.h.clock.advance(timedelta(days=7))
    world.everyone_signs_in_again()
    assert world.h.generate_recurring_visits() == 0
    _post(world, f"/recurring-plans/{plan['id']}/resume")
    assert world.h.generate_recurring_visits() == 7
    ended = _post(world, f"/recurring-plans/{plan['id']}/end", {})
    assert ended["status"] == "ended"
    occurrences = world.h.internal.get(
        f"/recurring-plans/{plan['id']}", headers=world.admin("Acme")
    ).json()["occurrences"]
    today = world.h.clock.now().date()
    upcoming = [o for o in occurrences if date.fromisoformat(o["day"]) >= today]
    assert upcoming
    assert {_visit(world, o["appointmentId"])["status"] for o in upcoming} == {"cancelled"}
    assert world.h.generate_recurring_visits() == 0


def test_a_dispatcher_plans_but_only_note_writers_give_a_checklist(world: World) -> None:
    run_lines(world, START)
    dora = world.as_person("Dora")
    plain = world.h.internal.post("/recurring-plans", json=_body(world), headers=dora)
    assert plain.status_code == 201, plain.text
    noted = world.h.internal.post(
        "/recurring-plans", json=_body(world, checklist="Door code 4711"), headers=dora
    )
    assert noted.status_code == 403, noted.text
    assert "checklist" in noted.text


def test_integration_keys_neither_read_nor_change_plans_or_routes(world: World) -> None:
    run_lines(world, START)
    key = world.h.internal.post(
        "/api-keys",
        json={"name": "Planner", "scopes": ["work:read", "work:write"]},
        headers=world.admin("Acme"),
    ).json()["secret"]
    headers = {"Authorization": f"Bearer {key}"}
    tomorrow = (world.h.clock.now().date() + timedelta(days=1)).isoformat()
    tom = world.id_of("user", "Tom Becker")
    answers = [
        world.h.internal.get("/recurring-plans", headers=headers),
        world.h.internal.post("/recurring-plans", json=_body(world), headers=headers),
        world.h.internal.get(
            "/routes", params={"employeeId": tom, "day": tomorrow}, headers=headers
        ),
        world.h.internal.put(
            "/routes", json={"employeeId": tom, "day": tomorrow, "stops": []}, headers=headers
        ),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert _plans(world) == []


def test_a_plan_ended_on_a_later_day_goes_on_until_then(world: World) -> None:
    run_lines(world, START)
    plan = _post(world, "/recurring-plans", _body(world, rule="FREQ=DAILY", horizonWeeks=1))
    today = world.h.clock.now().date()
    ending = _post(
        world,
        f"/recurring-plans/{plan['id']}/end",
        {"on": (today + timedelta(days=10)).isoformat()},
    )
    assert ending["status"] == "active" and ending["endedOn"]
    world.h.clock.advance(timedelta(days=7))
    world.everyone_signs_in_again()
    assert world.h.generate_recurring_visits() == 2  # the 8th and 9th day; the 10th is the end
    world.h.clock.advance(timedelta(days=3))
    world.everyone_signs_in_again()
    assert world.h.generate_recurring_visits() == 0
    shown = world.h.internal.get(f"/recurring-plans/{plan['id']}", headers=world.admin("Acme"))
    assert shown.json()["status"] == "ended"


def test_a_new_rule_never_brings_back_a_cancelled_visit(world: World) -> None:
    run_lines(world, START)
    plan = _post(
        world, "/recurring-plans", _body(world, rule="FREQ=WEEKLY;BYDAY=TU", horizonWeeks=4)
    )
    occurrences = world.h.internal.get(
        f"/recurring-plans/{plan['id']}", headers=world.admin("Acme")
    ).json()["occurrences"]
    cancelled = occurrences[1]
    _post(world, f"/appointments/{cancelled['appointmentId']}/cancel")
    tomorrow = (world.h.clock.now().date() + timedelta(days=1)).isoformat()
    _post(
        world,
        f"/recurring-plans/{plan['id']}/rule",
        {"rule": "FREQ=WEEKLY;BYDAY=TU,TH", "from": tomorrow},
    )
    after = world.h.internal.get(
        f"/recurring-plans/{plan['id']}", headers=world.admin("Acme")
    ).json()["occurrences"]
    same_day = [o for o in after if o["day"] == cancelled["day"]]
    assert same_day == [cancelled]
    assert _visit(world, cancelled["appointmentId"])["status"] == "cancelled"


def test_dates_far_away_are_refused_plainly(world: World) -> None:
    run_lines(world, START)
    far = world.h.internal.post(
        "/recurring-plans", json=_body(world, startsOn="9999-12-31"), headers=world.admin("Acme")
    )
    route = world.h.internal.get(
        "/routes/mine", params={"day": "9999-12-31"}, headers=world.as_person("Tom Becker")
    )
    assert (far.status_code, route.status_code) == (422, 422), (far.text, route.text)
    assert "within five years" in far.text and "within five years" in route.text


def test_the_portal_lists_next_dates_of_visits_still_to_come(world: World) -> None:
    run_lines(
        world,
        START
        + """
        And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
        And "Jana" was invited to the portal for the location "Main Store"
        And "Jana" has accepted the invitation
        """,
    )
    plan = _post(
        world, "/recurring-plans", _body(world, rule="FREQ=WEEKLY;BYDAY=TU", horizonWeeks=4)
    )
    first = world.h.internal.get(
        f"/recurring-plans/{plan['id']}", headers=world.admin("Acme")
    ).json()["occurrences"][0]
    _post(world, f"/appointments/{first['appointmentId']}/cancel")
    listed = world.h.portal.get("/locations/recurring-visits", headers=world.as_person("Jana"))
    assert listed.status_code == 200, listed.text
    [shown] = listed.json()["items"]
    assert first["day"] not in shown["nextDates"] and len(shown["nextDates"]) == 3
