"""What a product writer sees when a scenario uses a word or a name the steps do not know.

Each case runs scenario lines through the real step definitions, as pytest-bdd would.
"""

from __future__ import annotations

import pytest

from tests.acceptance.steps.phrases import run_lines
from tests.acceptance.vocabulary import ScenarioMistake
from tests.acceptance.world import World

START = """
    Given Acme and its staff
    And "Acme" has a customer "Bakery Müller"
"""
WITH_WORK = (
    START
    + """
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the work "Oven service" at "Main Store"
"""
)


def test_a_field_outside_the_set_is_named_with_the_allowed_ones(world: World) -> None:
    with pytest.raises(ScenarioMistake) as mistake:
        run_lines(
            world,
            START
            + """
            When "Ada" looks at the customer "Bakery Müller"
            Then the answer shows the billing data
            """,
        )
    assert str(mistake.value).startswith(
        "'billing data' is not a field; use one of: internal notes, external references"
    )
    assert "billing details" in str(mistake.value)


def test_a_person_never_introduced_is_named(world: World) -> None:
    with pytest.raises(ScenarioMistake, match=r"^Paula has not been introduced in this scenario"):
        run_lines(world, START + '\nWhen "Paula" lists the customers')


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('And "Acme" has a chef "Carl"', "'chef' is not a role; use one of: tenant admin, "),
        (
            'When "Ada" lists the customers\nThen it is accepted',
            "'accepted' is not an outcome; use one of: done, refused, ",
        ),
        (
            'Then the work "Oven service" is finished',
            "'finished' is not a status of work; use one of: open, planned, in progress",
        ),
        ("When 3 fortnights pass", "'fortnights' is not a unit of time; use one of: second, "),
        ('When "Ada" lists the sleeping customers', "'sleeping' is not a status of a customer"),
    ],
)
def test_a_word_outside_its_set_fails_with_a_sentence(
    world: World, line: str, message: str
) -> None:
    with pytest.raises(ScenarioMistake) as mistake:
        run_lines(world, WITH_WORK + "\n" + line)
    assert str(mistake.value).startswith(message)


def test_a_precondition_that_is_refused_stops_the_scenario(world: World) -> None:
    with pytest.raises(AssertionError, match="The precondition could not be done"):
        run_lines(
            world,
            START
            + """
            And "Tom Becker" has archived the customer "Bakery Müller"
            """,
        )


def test_a_line_that_matches_no_phrase_says_so(world: World) -> None:
    with pytest.raises(ScenarioMistake, match="matches 0 phrases of the glossary"):
        run_lines(world, START + "\nWhen the bakery bakes bread")


def test_moving_the_clock_past_a_sign_in_keeps_staff_able_to_act(world: World) -> None:
    run_lines(
        world,
        START
        + """
        When 3 days pass
        And "Max" lists the customers
        Then it is done
        And the list shows "Bakery Müller"
        """,
    )
    run_lines(world, 'When "Max" uses the internal app again\nThen it is refused as not signed in')
