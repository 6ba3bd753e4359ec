"""The request's container: entered only by a request that asks it for something, closed when
the request ends, and found by handlers under InjectingRouter (however many routers mount one
controller)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container, provide
from dishka.integrations.litestar import FromDishka, LitestarProvider
from litestar import Controller, Litestar, get
from litestar.testing import TestClient

from ordinavo.entrypoints.common.injection import (
    InjectingRouter,
    LazyRequestContainer,
    setup_lazy_dishka,
)


class Greeting:
    def __init__(self, text: str) -> None:
        self.text = text


class Counting(Provider):
    def __init__(self) -> None:
        super().__init__()
        self.entered = 0
        self.closed = 0

    @provide(scope=Scope.REQUEST)
    async def greeting(self) -> AsyncIterator[Greeting]:
        self.entered += 1
        yield Greeting("hello")
        self.closed += 1


class Greetings(Controller):
    path = "/greetings"

    @get("/")
    async def greet(self, greeting: FromDishka[Greeting]) -> dict[str, str]:
        return {"text": greeting.text}


@get("/plain")
async def plain() -> dict[str, str]:
    return {"text": "no container"}


class CountingEntries:
    """The app's container, counting the request containers entered from it."""

    def __init__(self, container: AsyncContainer) -> None:
        self.container = container
        self.entries = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.entries += 1
        return self.container(*args, **kwargs)


def _app(provider: Counting, *prefixes: str, entries: CountingEntries | None = None) -> Litestar:
    container = make_async_container(provider, LitestarProvider())
    app = Litestar(
        route_handlers=[
            InjectingRouter(prefix, route_handlers=[Greetings, plain]) for prefix in prefixes
        ]
    )
    setup_lazy_dishka(entries or container, app)  # type: ignore[arg-type]
    if entries is not None:
        entries.container = container
    return app


def test_a_handler_under_the_router_gets_its_dependency_and_the_request_closes_it() -> None:
    provider = Counting()
    with TestClient(_app(provider, "/")) as client:
        answer = client.get("/greetings")
    assert answer.status_code == 200
    assert answer.json() == {"text": "hello"}
    assert (provider.entered, provider.closed) == (1, 1)


def test_a_route_that_asks_for_nothing_never_enters_the_container() -> None:
    provider = Counting()
    entries = CountingEntries(None)  # type: ignore[arg-type]
    with TestClient(_app(provider, "/", entries=entries)) as client:
        assert client.get("/plain").json() == {"text": "no container"}
        assert entries.entries == 0
        assert client.get("/greetings").json() == {"text": "hello"}
        assert entries.entries == 1


def test_one_controller_under_two_routers_and_two_apps_is_injected_in_each() -> None:
    provider = Counting()
    first, second = _app(provider, "/a", "/b"), _app(provider, "/c")
    with TestClient(first) as client:
        assert client.get("/a/greetings").json() == {"text": "hello"}
        assert client.get("/b/greetings").json() == {"text": "hello"}
    with TestClient(second) as client:
        assert client.get("/c/greetings").json() == {"text": "hello"}
    assert (provider.entered, provider.closed) == (3, 3)


class Visitor:
    def __init__(self, name: str) -> None:
        self.name = name


class VisitorFromContext(Provider):
    visitor = from_context(provides=Visitor, scope=Scope.REQUEST)


async def test_what_a_guard_hands_in_is_the_containers_context_until_it_is_entered() -> None:
    container = make_async_container(VisitorFromContext(), LitestarProvider())
    lazy = LazyRequestContainer(container, {"type": "http", "headers": []})  # type: ignore[typeddict-item]
    lazy.provide(Visitor, Visitor("jana"))
    assert (await lazy.get(Visitor)).name == "jana"
    with pytest.raises(RuntimeError, match="context is fixed"):
        lazy.provide(Visitor, Visitor("someone else"))
    assert (await lazy.get(Visitor)).name == "jana"
    await lazy.close(None, None, None)
    await container.close()
