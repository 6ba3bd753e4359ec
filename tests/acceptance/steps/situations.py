# ruff: noqa: E501  (a situation's lines are scenario lines, kept whole)
"""Named starting situations: the people and places most scenarios begin with, in one line.

Each situation is written in the glossary's own phrases (shown in docs/steps.md), so what it
contains is never a surprise and a scenario may add to it with the ordinary Given steps.
"""

from __future__ import annotations

from pytest_bdd import given

from tests.acceptance.steps.phrases import P, run_lines
from tests.acceptance.world import World

# The situation's own lines; "the bakery ..." situations start from "Acme and its staff", the
# ones with Jana from "the bakery with two branches" (BUILDS_ON).
SITUATIONS = {
    "Acme and its staff": """
        Given a tenant "Acme" whose tenant admin is "Ada"
        And "Acme" has a manager "Max"
        And "Acme" has a dispatcher "Dora"
        And "Acme" has an employee "Tom Becker"
    """,
    "the bakery with two branches": """
        Given "Acme" has a customer "Bakery Müller"
        And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
        And the customer "Bakery Müller" has a location "Bakehouse" in "Potsdam"
    """,
    'Jana invited to "{location}"': """
        Given the customer "Bakery Müller" has a contact "Jana" at "{location}" with the e-mail "jana@bakery.example"
        And "Jana" was invited to the portal for the location "{location}"
        And "Jana" has accepted the invitation
    """,
    "Jana invited to the whole customer": """
        Given the customer "Bakery Müller" has a contact "Jana" with the e-mail "jana@bakery.example"
        And "Jana" was invited to the portal for the whole customer
        And "Jana" has accepted the invitation
    """,
}


BUILDS_ON = {
    "the bakery with two branches": "Acme and its staff",
    'Jana invited to "{location}"': "the bakery with two branches",
    "Jana invited to the whole customer": "the bakery with two branches",
}
PHRASES = {
    "Acme and its staff": "Acme and its staff",
    "the bakery with two branches": "the bakery with two branches",
    'Jana invited to "{location}"': 'the bakery with two branches and Jana invited to "{location}"',
    "Jana invited to the whole customer": (
        "the bakery with two branches and Jana invited to the whole customer"
    ),
}


@given("Acme and its staff")
def acme_and_staff(world: World) -> None:
    """Tenant Acme: Ada (tenant admin), Max (manager), Dora (dispatcher), Tom Becker (employee)."""
    run_lines(world, SITUATIONS["Acme and its staff"])


@given("the bakery with two branches")
def bakery(world: World) -> None:
    """Acme and its staff, and the customer Bakery Müller: Main Store (Berlin), Bakehouse (Potsdam)."""
    acme_and_staff(world)
    run_lines(world, SITUATIONS["the bakery with two branches"])


@given(P('the bakery with two branches and Jana invited to "{location}"'))
def bakery_with_jana_at(world: World, location: str) -> None:
    """As above; Jana works at that branch, was invited for it alone and has signed in."""
    bakery(world)
    run_lines(world, SITUATIONS['Jana invited to "{location}"'].replace("{location}", location))


@given("the bakery with two branches and Jana invited to the whole customer")
def bakery_with_jana(world: World) -> None:
    """As above; Jana is a contact of the whole customer, invited for all of it, signed in."""
    bakery(world)
    run_lines(world, SITUATIONS["Jana invited to the whole customer"])
