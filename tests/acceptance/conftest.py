"""Acceptance tier: the scenarios in features/, driven through both apps over HTTP."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from tests.acceptance.steps.bad_input import *  # noqa: F403  (step definitions)
from tests.acceptance.steps.common import *  # noqa: F403
from tests.acceptance.steps.connect import *  # noqa: F403
from tests.acceptance.steps.customers import *  # noqa: F403
from tests.acceptance.steps.deletion import *  # noqa: F403
from tests.acceptance.steps.exports import *  # noqa: F403
from tests.acceptance.steps.identity import *  # noqa: F403
from tests.acceptance.steps.notifications import *  # noqa: F403
from tests.acceptance.steps.portal import *  # noqa: F403
from tests.acceptance.steps.preview import *  # noqa: F403
from tests.acceptance.steps.recurring import *  # noqa: F403
from tests.acceptance.steps.reports import *  # noqa: F403
from tests.acceptance.steps.requests import *  # noqa: F403
from tests.acceptance.steps.retention import *  # noqa: F403
from tests.acceptance.steps.situations import *  # noqa: F403
from tests.acceptance.steps.tenancy import *  # noqa: F403
from tests.acceptance.steps.timeline import *  # noqa: F403
from tests.acceptance.steps.webhooks import *  # noqa: F403
from tests.acceptance.steps.work import *  # noqa: F403
from tests.acceptance.world import World
from tests.support.harness import Harness
from tests.support.receiver import Receiver, running_receiver


@pytest.fixture(scope="session")
def receivers() -> Iterator[list[Receiver]]:
    """Two receiving systems on this machine, shared by the scenarios."""
    with running_receiver() as first, running_receiver() as second:
        yield [first, second]


@pytest.fixture
def world(shared_harness: Harness, empty_database: str, receivers: list[Receiver]) -> World:
    shared_harness.reset()
    for receiver in receivers:
        receiver.reset()
    world = World(h=shared_harness)
    world.remembered["free_receivers"] = list(receivers)
    return world


def pytest_bdd_before_step(
    request: Any, feature: Any, scenario: Any, step: Any, step_func: Any
) -> None:
    """pytest-bdd never awaits an async step, so one would pass without running: refuse it."""
    if inspect.iscoroutinefunction(step_func):
        raise TypeError(f"Step '{step.name}' is async; steps must be plain functions.")
