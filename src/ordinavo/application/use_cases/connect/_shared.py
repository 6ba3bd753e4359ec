"""What the Connect use cases share: finding a source system or a job the caller may see."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.connect import ImportJob, SourceSystem, source_key
from ordinavo.domain.errors import DomainError
from ordinavo.domain.identity import Actor


def ensure_own_source(actor: Actor, key: str) -> None:
    """A key bound to a connected system touches that system's references only."""
    if actor.source_system is not None and actor.source_system != key:
        raise Forbidden("This API key is bound to another connected system.")


async def source_of(uow: UnitOfWork, actor: Actor, key: str) -> SourceSystem:
    try:
        key = source_key(key)
    except DomainError:
        raise NotFound("connected system") from None
    ensure_own_source(actor, key)
    source = await uow.connect.source_by_key(key)
    if source is None:
        raise NotFound("connected system")
    return source


async def job_of(uow: UnitOfWork, actor: Actor, job_id: UUID) -> ImportJob:
    job = await uow.connect.job(job_id)
    # Another system's jobs do not exist for a bound key, as another tenant's do not.
    if job is None or (actor.source_system not in (None, job.source_key)):
        raise NotFound("import job")
    return job
