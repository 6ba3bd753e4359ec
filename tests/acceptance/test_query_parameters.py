"""Query parameters are camelCase on both apps, and an unknown one is refused with a problem that
names it, instead of being ignored (issue 20, item 1): `GET /appointments?customer_id=...` used
to answer with the unfiltered list."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.acceptance.steps.phrases import run_lines
from tests.acceptance.world import World

START = """
    Given the bakery with two branches and Jana invited to the whole customer
    And "Acme" has a customer "Café Lenz"
    And the customer "Café Lenz" has a location "Lenz Corner" in "Berlin"
    And the work "Oven check" at "Main Store"
    And the work "Grinder check" at "Lenz Corner"
"""

CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")


@pytest.fixture
def started(world: World) -> World:
    run_lines(world, START)
    return world


def _query_parameters(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters") or []:
                if parameter["in"] == "query":
                    found.append((method.upper(), path, parameter["name"]))
    return found


@pytest.mark.parametrize("app", ["internal", "portal"])
def test_every_documented_query_parameter_is_camel_case(started: World, app: str) -> None:
    document = getattr(started.h, app).get("/schema/openapi.json").json()
    found = _query_parameters(document)
    assert len(found) > 10, "the documents list the lists' filters"
    assert [f for f in found if not CAMEL.match(f[2])] == []


def _get_routes_without_path_parameters(started: World, app: str) -> list[str]:
    document = getattr(started.h, app).get("/schema/openapi.json").json()
    return [
        path
        for path, item in document["paths"].items()
        if "get" in item and "{" not in path and path not in ("/health", "/ready")
    ]


@pytest.mark.parametrize("app", ["internal", "portal"])
def test_an_unknown_query_parameter_is_refused_on_every_route(started: World, app: str) -> None:
    headers = started.admin("Acme") if app == "internal" else started.as_person("Jana")
    client = getattr(started.h, app)
    paths = _get_routes_without_path_parameters(started, app)
    assert len(paths) >= 5
    for path in paths:
        answer = client.get(path, params={"customer_id": "x"}, headers=headers)
        assert answer.status_code == 400, (path, answer.text)
        problem = answer.json()
        assert "unknown query parameter 'customer_id'" in problem["detail"], (path, problem)
        assert [p["name"] for p in problem["invalidParams"]] == ["customer_id"], path


def test_the_problem_names_the_parameters_the_route_takes(started: World) -> None:
    answer = started.h.internal.get(
        "/appointments", params={"customer_id": "x"}, headers=started.admin("Acme")
    )
    assert answer.status_code == 400
    assert "customerId" in answer.json()["detail"]
    assert "startsFrom" in answer.json()["detail"]


def test_an_unknown_parameter_on_a_protected_route_is_not_told_to_a_stranger(
    started: World,
) -> None:
    # Authentication first: an anonymous caller learns nothing about the route's filters.
    answer = started.h.internal.get("/targets", params={"bogus": "1"})
    assert answer.status_code == 401


def test_the_camel_case_filters_filter(started: World) -> None:
    admin = started.admin("Acme")
    lenz = started.id_of("customer", "Café Lenz")
    every = started.h.internal.get("/targets", headers=admin).json()["items"]
    assert {t["title"] for t in every} == {"Oven check", "Grinder check"}
    for params in ({"customerId": lenz}, {"locationId": started.id_of("location", "Lenz Corner")}):
        answer = started.h.internal.get("/targets", params=params, headers=admin)
        assert answer.status_code == 200, answer.text
        assert [t["title"] for t in answer.json()["items"]] == ["Grinder check"]
    contacts = started.h.internal.get(
        "/contacts", params={"customerId": lenz}, headers=admin
    ).json()["items"]
    assert contacts == []  # Jana is Bakery Müller's contact


def test_known_parameters_and_repeats_still_pass(started: World) -> None:
    answer = started.h.portal.get(
        "/timeline",
        params=[("kind", "visit_planned"), ("kind", "report_published"), ("limit", "5")],
        headers=started.as_person("Jana"),
    )
    assert answer.status_code == 200, answer.text
