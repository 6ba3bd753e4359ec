"""Liveness and readiness, on both apps."""

from __future__ import annotations

import msgspec
from dishka.integrations.litestar import FromDishka, inject
from litestar import Response, get

from ordinavo.application.ports.repositories import TenantDirectory
from ordinavo.entrypoints.common.security import PUBLIC


class Health(msgspec.Struct):
    status: str


@get("/health", opt=PUBLIC, tags=["health"], summary="The process is alive")
async def health() -> Health:
    return Health(status="ok")


@get("/ready", opt=PUBLIC, tags=["health"], summary="The database is reachable")
@inject
async def ready(directory: FromDishka[TenantDirectory]) -> Response[Health]:
    try:
        await directory.is_ready()
    except Exception:  # any database failure means "not ready", never a 500
        return Response(Health(status="unavailable"), status_code=503)
    return Response(Health(status="ready"))
