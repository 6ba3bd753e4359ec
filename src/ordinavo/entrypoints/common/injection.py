"""The request's dishka container, entered only when something asks it for a dependency.

dishka's Litestar middleware enters a REQUEST-scoped container for every request, before it is
known whether the route needs one: `/health`, the docs, unmatched paths and refused methods paid
for a container they never used. Here the request's state holds a stand-in that enters the
container on the first `get` and exits it when the request ends, exactly as dishka would have.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from inspect import Parameter
from types import TracebackType
from typing import Any, TypeVar, get_type_hints

from dishka import DEFAULT_COMPONENT, AsyncContainer, Component
from dishka import Scope as DIScope
from dishka.integrations.base import wrap_injection
from dishka.integrations.litestar import make_add_request_container_middleware
from litestar import Controller, Litestar, Request, Router
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.routes import BaseRoute
from litestar.types import ControllerRouterHandler, Receive, Scope, Send

F = TypeVar("F", bound=Callable[..., Any])


class LazyRequestContainer:
    """What handlers and guards find as `request.state.dishka_container`."""

    __slots__ = ("_app_container", "_context", "_entered", "_exit", "_scope")

    def __init__(self, app_container: AsyncContainer, scope: Scope) -> None:
        self._app_container = app_container
        self._scope = scope  # a Request of it is made only for a container that is entered
        self._context: dict[Any, Any] = {}
        self._entered: AsyncContainer | None = None
        self._exit: Any = None

    @property
    def app_container(self) -> AsyncContainer:
        return self._app_container

    def provide(self, dependency_type: Any, value: Any) -> None:
        """Hand in what the request's container will provide as context (`from_context`),
        e.g. the principal the guard authenticated."""
        if self._entered is not None:
            raise RuntimeError("The request's container is entered: its context is fixed.")
        self._context[dependency_type] = value

    async def get(
        self, dependency_type: Any, component: Component | None = DEFAULT_COMPONENT
    ) -> Any:
        container = self._entered
        if container is None:
            context = {Request: Request(self._scope), **self._context}
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


def request_container(scope: Scope) -> LazyRequestContainer | None:
    # From the scope's own dict: `request.state` builds a State wrapper on every read.
    return scope.get("state", {}).get("dishka_container")  # type: ignore[return-value]


def _container_of(_: Any, kwargs: dict[str, Any]) -> Any:
    return request_container(kwargs["request"].scope)


def inject(func: F) -> F:
    """dishka's `inject` for Litestar handlers, reading the container as `_container_of` does."""
    extra = (
        []
        if "request" in get_type_hints(func)
        else [Parameter("request", Parameter.KEYWORD_ONLY, annotation=Request)]
    )
    return wrap_injection(  # type: ignore[return-value]
        func=func, is_async=True, additional_params=extra, container_getter=_container_of
    )


def _injected(handler: BaseRouteHandler) -> BaseRouteHandler:
    if isinstance(handler, HTTPRouteHandler):
        handler._fn = inject(handler._fn)
    return handler


class InjectingRouter(Router):
    """dishka's DishkaRouter with `inject` above: every HTTP handler below it may take
    `FromDishka[...]` parameters. (These apps serve no websockets.)"""

    __slots__ = ()

    def register(self, value: ControllerRouterHandler) -> list[BaseRoute]:
        if isinstance(value, BaseRouteHandler):
            value = _injected(value)
        elif isinstance(value, type) and issubclass(value, Controller):
            listed = value.get_route_handlers
            if not getattr(listed, "__ordinavo_injected__", False):

                @wraps(listed)
                def get_route_handlers(*args: Any, **kwargs: Any) -> list[BaseRouteHandler]:
                    return [_injected(h) for h in listed(*args, **kwargs)]

                get_route_handlers.__ordinavo_injected__ = True  # type: ignore[attr-defined]
                value.get_route_handlers = get_route_handlers  # type: ignore[method-assign]
        return super().register(value)
