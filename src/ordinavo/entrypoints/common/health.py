"""Liveness and readiness, on both apps."""

from __future__ import annotations

import logging

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Response, get

from ordinavo.application.ports.repositories import TenantDirectory
from ordinavo.entrypoints.common.injection import inject
from ordinavo.entrypoints.common.security import PUBLIC

log = logging.getLogger("ordinavo.health")


def _reason(error: Exception) -> str:
    # The class and the first line name the cause; SQLAlchemy's further lines (the statement,
    # a link to its docs) are noise in a log line.
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first[:200]}" if first else type(error).__name__


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
    except Exception as error:  # any database failure means "not ready", never a 500
        log.warning("Not ready: the database cannot be reached (%s).", _reason(error))
        return Response(Health(status="unavailable"), status_code=503)
    return Response(Health(status="ready"))
