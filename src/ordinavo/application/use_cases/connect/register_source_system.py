from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.connect import MAX_SOURCES, SourceSystem
from ordinavo.domain.identity import Actor


class RegisterSourceSystem:
    """A tenant admin names a system that will send its records (an ERP, a CRM, ...)."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, key: str, name: str) -> SourceSystem:
        require(actor, Action.MANAGE_CONNECTED_SYSTEMS)
        source = SourceSystem.register(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            key=key,
            name=name,
            now=self._clock.now(),
        )
        if await self._uow.connect.source_by_key(source.key) is not None:
            raise Conflict(f"A connected system with key {source.key!r} is registered already.")
        if await self._uow.connect.count_sources() >= MAX_SOURCES:
            raise Conflict(f"A tenant may register at most {MAX_SOURCES} connected systems.")
        await self._uow.connect.add_source(source)
        self._recorder.record(
            self._uow,
            actor,
            "connected_system.registered",
            subject_type="connected_system",
            subject_id=source.id,
            payload={"source": source.key},
        )
        await self._uow.commit()
        return source
