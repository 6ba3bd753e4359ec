"""The request's dishka container, entered only when something asks it for a dependency.

dishka's Litestar middleware enters a REQUEST-scoped container for every request, before it is
known whether the route needs one: `/health`, the docs, unmatched paths and refused methods paid
for a container they never used. Here the request's state holds a stand-in that enters the
container on the first `get` and exits it when the request ends, exactly as dishka would have.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from dishka import DEFAULT_COMPONENT, AsyncContainer, Component
from dishka import Scope as DIScope
from dishka.integrations.litestar import make_add_request_container_middleware
from litestar import Litestar, Request
from litestar.types import Receive, Scope, Send


class LazyRequestContainer:
    """What handlers and guards find as `request.state.dishka_container`."""

    __slots__ = ("_app_container", "_entered", "_exit", "_scope")

    def __init__(self, app_container: AsyncContainer, scope: Scope) -> None:
        self._app_container = app_container
        self._scope = scope  # a Request of it is made only for a container that is entered
        self._entered: AsyncContainer | None = None
        self._exit: Any = None

    async def get(
        self, dependency_type: Any, component: Component | None = DEFAULT_COMPONENT
    ) -> Any:
        container = self._entered
        if container is None:
            context = {Request: Request(self._scope)}
            manager = self._app_container(context, scope=DIScope.REQUEST)
            container = await manager.__aenter__()
            self._entered, self._exit = container, manager.__aexit__
        return await container.get(dependency_type, component)

    async def close(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._exit is not None:
            exit_, self._exit, self._entered = self._exit, None, None
            await exit_(exc_type, exc, traceback)


def setup_lazy_dishka(container: AsyncContainer, app: Litestar) -> None:
    """In place of dishka's `setup_dishka`: the same wiring, the container entered on demand."""
    inner = app.asgi_handler
    websockets = make_add_request_container_middleware(inner)

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await websockets(scope, receive, send)  # dishka's own (lifespan, websockets)
            return
        lazy = LazyRequestContainer(container, scope)
        # Where `request.state.dishka_container` reads it, without building a Request here.
        scope.setdefault("state", {})["dishka_container"] = lazy  # type: ignore[typeddict-item]
        try:
            await inner(scope, receive, send)
        except BaseException as error:
            await lazy.close(type(error), error, error.__traceback__)
            raise
        await lazy.close(None, None, None)

    app.asgi_handler = middleware  # type: ignore[assignment]
    app.state.dishka_container = container
