"""What the review use cases share: loading a request and recording a step."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.identity import Actor
from ordinavo.domain.requests import PortalRequest


async def load(uow: UnitOfWork, request_id: UUID) -> PortalRequest:
    request = await uow.requests.get(request_id)
    if request is None:
        raise NotFound("request")
    return request


def record(
    recorder: ChangeRecorder, uow: UnitOfWork, actor: Actor, event: str, request: PortalRequest
) -> None:
    recorder.record(
        uow,
        actor,
        event,
        subject_type="request",
        subject_id=request.id,
        customer_id=request.customer_id,
        location_id=request.location_id,
        payload={"type": request.type.value, "status": request.status.value},
        work_id=request.target_id,
    )
