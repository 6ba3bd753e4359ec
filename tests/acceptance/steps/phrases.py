"""How step phrases are matched.

A quoted placeholder ("{name}") never spans a quote, so "a customer "A" with the number "B""
cannot be mistaken for "a customer "{customer}"" with a name of 'A" with the number "B'.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from parse import with_pattern
from pytest_bdd import given, parsers
from pytest_bdd.steps import step_function_context_registry

from tests.acceptance.vocabulary import ScenarioMistake

F = TypeVar("F", bound=Callable[..., Any])


@with_pattern(r'[^"]+')
def _quoted(text: str) -> str:
    return text


@with_pattern(r"an?")
def _article(text: str) -> str:
    return text


# A word from one of the sets in vocabulary.py: the step checks it and names the right ones,
# so a wrong word fails with a sentence instead of "no step matches". It never starts with
# "not" or "no", so "is not published" and "shows no billing entries" stay phrases of their own.
@with_pattern(r"(?!not |no )[A-Za-z][A-Za-z -]*")
def _word(text: str) -> str:
    return text


# A role; never "customer", which "has a customer" means.
@with_pattern(r"(?!customer\b)[a-z][a-z ]*")
def _role(text: str) -> str:
    return text


TYPES = {
    "Role": _role,
    "Q": _quoted,
    "A": _article,
    "W": _word,
}


def P(phrase: str) -> parsers.parse:
    """A step phrase; "{x}" inside quotes matches any text without a quote."""
    typed = re.sub(r'"\{(\w+)\}"', r'"{\1:Q}"', phrase)
    return parsers.parse(typed, extra_types=TYPES)


def for_engineers(step: F) -> F:
    """Marks a phrase that speaks of the wire (cursors, keys, JSON): the glossary lists it in
    the engineers' annex, and scenarios using it live in features/engineering/."""
    return step


def past(phrase: str) -> Callable[[F], F]:
    """Offers an action also as a precondition in the past tense ("has revoked ...").

    Written once beside the action's When phrase; as a Given it must succeed, so a scenario
    never builds on a precondition that was quietly refused.
    """

    def decorate(action: F) -> F:
        @functools.wraps(action)
        def precondition(**kwargs: Any) -> None:
            action(**kwargs)
            world = kwargs["world"]
            assert world.response is not None and world.status < 400, (
                f"The precondition could not be done ({world.status}): {world.response.text}"
            )

        given(P(phrase), stacklevel=2)(precondition)
        return action

    return decorate


def run_lines(world: Any, text: str) -> None:
    """Runs scenario lines ("Given ...", "And ...") through the same step definitions.

    Starting situations are written in the step language this way, and a test can check what
    a writer's mistake looks like.
    """
    kind = "given"
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.lower() in ("given", "when", "then"):
            kind = keyword.lower()
        elif keyword.lower() not in ("and", "but"):
            raise ScenarioMistake(f"'{line}' does not start with Given, When, Then, And or But.")
        matches = [
            context
            for context in list(step_function_context_registry.values())
            if context.type == kind and context.parser.is_matching(rest)
        ]
        if len(matches) != 1:
            raise ScenarioMistake(
                f"'{line}' matches {len(matches)} phrases of the glossary; it must match one."
            )
        context = matches[0]
        arguments = context.parser.parse_arguments(rest) or {}
        for name, convert in context.converters.items():
            arguments[name] = convert(arguments[name])
        context.step_func(world=world, **arguments)
